package io.routewise.classifier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.function.Supplier;

/**
 * The scores of requests seen lately, so that a prompt sent again (an app's fixed prompt, an agent's retry,
 * an evaluation set run daily) is not scored again: scoring is most of a decision's CPU, and it is a pure
 * function of the model directory and of what it reads of the request.
 *
 * <p>Keyed by 128 bits of a SHA-256 digest of everything scoring reads: the request's feature vector and its
 * last user turn (the tier prior reads the last user turn alone, through a fixed featurizer). A directory's
 * scores never change while it is loaded (recalibrated weights apply after scoring), so entries are only ever
 * evicted for room, least recently and frequently used first. An entry holds the digest and the scores, a few
 * hundred bytes, never the prompt. Cached scores are shared between decisions and must not be written to.
 *
 * <p>Thread-safe.
 */
public final class ScoreCache {

    /** No cache: every request is scored. */
    public static final ScoreCache NONE = new ScoreCache(0);

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    });

    private record Key(long high, long low) {
    }

    private final int maxEntries;
    /** Null when the cache is off. */
    private final Cache<Key, Scores> cache;

    private ScoreCache(int maxEntries) {
        this.maxEntries = maxEntries;
        // Maintenance on the calling thread: an eviction is a few map operations, and the size stays exact.
        this.cache = maxEntries == 0 ? null
                : Caffeine.newBuilder().maximumSize(maxEntries).executor(Runnable::run).recordStats().build();
    }

    /**
     * A cache of at most {@code maxEntries} requests' scores; 0 gives {@link #NONE}.
     *
     * @throws IllegalArgumentException for a negative size
     */
    public static ScoreCache ofSize(int maxEntries) {
        if (maxEntries < 0) {
            throw new IllegalArgumentException("a score cache holds 0 or more entries (got " + maxEntries + ")");
        }
        return maxEntries == 0 ? NONE : new ScoreCache(maxEntries);
    }

    /** The scores cached for these inputs, else {@code score}'s, which are then kept. */
    Scores get(float[] features, String lastUserTurn, Supplier<Scores> score) {
        if (cache == null) {
            return score.get();
        }
        Key key = keyOf(features, lastUserTurn);
        Scores cached = cache.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        // Not Cache.get(key, compute): scoring takes a while, and two requests for one new prompt may as
        // well both score it rather than hold a lock of the map while one does.
        Scores computed = score.get();
        cache.put(key, computed);
        return computed;
    }

    private static Key keyOf(float[] features, String lastUserTurn) {
        MessageDigest sha = SHA256.get();
        ByteBuffer numbers = ByteBuffer.allocate(4 + 4 * features.length);
        numbers.putInt(features.length);
        for (float f : features) {
            numbers.putInt(Float.floatToIntBits(f));
        }
        sha.update(numbers.array());
        sha.update(lastUserTurn.getBytes(StandardCharsets.UTF_8));
        ByteBuffer digest = ByteBuffer.wrap(sha.digest());
        return new Key(digest.getLong(), digest.getLong());
    }

    /** The most entries kept; 0 when the cache is off. */
    public int maxEntries() {
        return maxEntries;
    }

    /** Requests whose scores were found, since the cache was made. */
    public long hits() {
        return cache == null ? 0 : cache.stats().hitCount();
    }

    /** Requests that were scored because the cache did not hold them, since it was made (0 when it is off). */
    public long misses() {
        return cache == null ? 0 : cache.stats().missCount();
    }

    /** Entries held now. */
    public long size() {
        if (cache == null) {
            return 0;
        }
        cache.cleanUp();
        return cache.estimatedSize();
    }
}
