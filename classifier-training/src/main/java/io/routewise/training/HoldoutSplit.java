package io.routewise.training;

import io.routewise.chat.Message;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Assigns requests to the held-out part by a seeded hash of the prompt text, so the same prompt
 * (even under different request ids, or in two data sets) always lands on the same side, and
 * the split is reproducible from the seed alone.
 */
public final class HoldoutSplit {

    private final double holdout;
    private final long seed;

    public HoldoutSplit(double holdout, long seed) {
        if (!(holdout > 0 && holdout < 1)) {
            throw new IllegalArgumentException("holdout must be strictly between 0 and 1, got " + holdout);
        }
        this.holdout = holdout;
        this.seed = seed;
    }

    /** True when this conversation belongs to the held-out part. */
    public boolean isHeldOut(List<Message> messages) {
        return unit(messages) < holdout;
    }

    /**
     * Which of {@code folds} equal parts of the prompts this conversation falls in, by the same hash
     * as {@link #isHeldOut}: with a hold-out fraction of {@code 1 / folds}, fold 0 is the held-out part.
     */
    public int fold(List<Message> messages, int folds) {
        if (folds < 2) {
            throw new IllegalArgumentException("folds must be at least 2, got " + folds);
        }
        return Math.min(folds - 1, (int) (unit(messages) * folds));
    }

    /** A uniform value in [0, 1) determined by the seed and the prompt text. */
    double unit(List<Message> messages) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        sha.update(ByteBuffer.allocate(Long.BYTES).putLong(seed).array());
        for (Message m : messages) {
            sha.update(m.role().wireName().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(m.text().strip().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        }
        long bits = ByteBuffer.wrap(sha.digest()).getLong() >>> 11;
        return bits * 0x1.0p-53;
    }
}
