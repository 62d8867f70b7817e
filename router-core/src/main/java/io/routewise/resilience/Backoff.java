package io.routewise.resilience;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: the wait before retry {@code n} (0 for the first retry) is
 * drawn uniformly from {@code [0, min(cap, base·2^n)]}, so clients that failed together do not retry
 * together. A provider's {@code Retry-After} is a floor: the wait is never shorter than it asked.
 */
final class Backoff {

    private final long baseMs;
    private final long capMs;
    private final RandomGenerator random;

    /**
     * @param random the source of jitter; pass a seeded {@link java.util.Random} for a reproducible schedule,
     *               it must be thread-safe when the backoff is shared
     */
    public Backoff(Duration base, Duration cap, RandomGenerator random) {
        if (base.isNegative() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff needs 0 <= base <= cap, got base " + base + ", cap " + cap);
        }
        this.baseMs = base.toMillis();
        this.capMs = cap.toMillis();
        this.random = random;
    }

    /** The upper end of the range for retry {@code retry}: {@code min(cap, base·2^retry)}. */
    public Duration ceiling(int retry) {
        if (retry < 0) {
            throw new IllegalArgumentException("retry numbers start at 0, got " + retry);
        }
        // Shifting past 62 bits would overflow; by then the cap has long been reached.
        long exponential = retry >= 62 || baseMs > (capMs >> Math.min(retry, 62)) ? capMs : baseMs << retry;
        return Duration.ofMillis(Math.min(capMs, exponential));
    }

    /** A wait for retry {@code retry}, drawn from {@code [0, ceiling(retry)]}. */
    public Duration delay(int retry) {
        long ceiling = ceiling(retry).toMillis();
        return Duration.ofMillis(ceiling == 0 ? 0 : random.nextLong(ceiling + 1));
    }

    /** As {@link #delay(int)}, but at least {@code retryAfter} when the provider sent one (null otherwise). */
    public Duration delay(int retry, Duration retryAfter) {
        Duration jittered = delay(retry);
        return retryAfter != null && retryAfter.compareTo(jittered) > 0 ? retryAfter : jittered;
    }
}
