package io.routewise.auth;

import io.routewise.ledger.SharedRateBuckets;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;

/**
 * A caller key's per-minute limits (requests, tokens): a bucket per key and limit (capacity the
 * limit, refilled at the limit per minute), so a burst up to the limit passes and a steady rate above
 * it is refused. With {@link SharedRateBuckets} (routers sharing a PostgreSQL ledger) the buckets live in
 * the database and the limit holds across replicas; without, each replica counts on its own (N replicas
 * admit up to N × the limit). Should the database not answer, the replica's own bucket decides.
 */
public final class KeyRateLimiter {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KeyRateLimiter.class);

    private final Clock clock;
    private final SharedRateBuckets shared;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10))
            .maximumSize(100_000).build();

    public KeyRateLimiter(Clock clock) {
        this(clock, null);
    }

    /** @param shared buckets in the ledger database shared with the other replicas, or null for per-replica ones */
    public KeyRateLimiter(Clock clock, SharedRateBuckets shared) {
        this.clock = clock;
        this.shared = shared;
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
        if (shared != null) {
            try {
                return shared.tryTake("key:" + name, perMinute, amount);
            } catch (io.routewise.ledger.LedgerException e) {
                LOG.warn("shared rate limit unavailable, counting on this replica: {}", e.getMessage());
            }
        }
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
