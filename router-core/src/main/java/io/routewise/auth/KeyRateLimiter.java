package io.routewise.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;

/**
 * A caller key's per-minute limits (requests, tokens): a bucket per key and limit (capacity the
 * limit, refilled at the limit per minute), so a burst up to the limit passes and a steady rate above
 * it is refused. Counted per router replica: N replicas admit up to N × the limit in total.
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
        return tryTake(keyId + "/requests", rpm, 1);
    }

    /**
     * Takes {@code amount} (e.g. a request's estimated tokens) from the bucket {@code name} of capacity
     * {@code perMinute}; an amount above the capacity is taken from a full bucket (never refused forever).
     *
     * @return 0 when admitted, else the seconds until it would be
     */
    public long tryTake(String name, int perMinute, int amount) {
        Bucket b = buckets.get(name, k -> new Bucket(perMinute, clock.millis()));
        return b.take(perMinute, Math.min(amount, perMinute), clock.millis());
    }

    private static final class Bucket {
        private double tokens;
        private long at;

        Bucket(int rpm, long now) {
            this.tokens = rpm;
            this.at = now;
        }

        synchronized long take(int perMinute, int amount, long now) {
            tokens = Math.min(perMinute, tokens + (now - at) * perMinute / 60_000.0);
            at = now;
            if (tokens >= amount) {
                tokens -= amount;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((amount - tokens) * 60.0 / perMinute));
        }
    }
}
