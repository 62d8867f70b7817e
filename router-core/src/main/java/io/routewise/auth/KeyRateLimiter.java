package io.routewise.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;

/**
 * A caller key's requests-per-minute limit: a token bucket per key (capacity {@code rpm}, refilled
 * at {@code rpm} per minute), so a burst up to the limit passes and a steady rate above it is refused.
 * Counted per router replica: N replicas admit up to N × rpm in total.
 */
public final class KeyRateLimiter {

    private final Clock clock;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10))
            .maximumSize(100_000).build();

    public KeyRateLimiter(Clock clock) {
        this.clock = clock;
    }

    /**
     * Takes one request from the key's bucket.
     *
     * @return 0 when admitted, else the seconds until a request would be (for {@code Retry-After})
     */
    public long tryAcquire(String keyId, int rpm) {
        Bucket b = buckets.get(keyId, k -> new Bucket(rpm, clock.millis()));
        return b.take(rpm, clock.millis());
    }

    private static final class Bucket {
        private double tokens;
        private long at;

        Bucket(int rpm, long now) {
            this.tokens = rpm;
            this.at = now;
        }

        synchronized long take(int rpm, long now) {
            tokens = Math.min(rpm, tokens + (now - at) * rpm / 60_000.0);
            at = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) * 60.0 / rpm));
        }
    }
}
