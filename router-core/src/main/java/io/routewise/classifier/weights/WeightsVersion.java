package io.routewise.classifier.weights;

import java.time.Instant;

/**
 * One version in a {@link WeightsStore}: where its weights came from and which version was current
 * before it (so a rollback knows where to go).
 *
 * @param version   the version number, from 1; 0 stands for the model directory's own training weights
 * @param createdAt when the version was written (null for version 0)
 * @param reason    why it was written (e.g. {@code "drift: gpt-4o-mini"}); for version 0, {@code "training weights"}
 * @param runId     the evaluation run that produced it, or null (written by hand, or version 0)
 * @param sha256    hex SHA-256 of the version's weights file (null for version 0)
 * @param parent    the version that was current when this one was written (0: the training weights)
 * @param current   whether this is the current version
 */
public record WeightsVersion(int version, Instant createdAt, String reason, String runId, String sha256, int parent,
                             boolean current) {

    /** Version 0: the model directory's own training weights. */
    public static WeightsVersion training(boolean current) {
        return new WeightsVersion(0, null, "training weights", null, null, 0, current);
    }

    /** {@code "v3"}; {@code "v0"} for the training weights. */
    public String label() {
        return "v" + version;
    }

    WeightsVersion asCurrent(boolean isCurrent) {
        return new WeightsVersion(version, createdAt, reason, runId, sha256, parent, isCurrent);
    }
}
