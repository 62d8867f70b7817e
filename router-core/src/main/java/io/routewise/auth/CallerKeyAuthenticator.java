package io.routewise.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Checks presented caller keys against the store. Rows are cached briefly by id ({@link #CACHE_TTL}),
 * so a revocation on any replica takes effect on every other within that time, and a flood of
 * requests with made-up ids costs one indexed lookup each at most once per id and period. A key's
 * last use is written at most once a minute.
 */
public final class CallerKeyAuthenticator {

    /** How long a key row is trusted without reading it again: bounds how late a revocation bites. */
    public static final Duration CACHE_TTL = Duration.ofSeconds(2);
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private final CallerKeyStore store;
    private final Clock clock;
    private final Cache<String, Optional<CallerKeyStore.Stored>> rows;
    private final Cache<String, Instant> touched;

    public CallerKeyAuthenticator(CallerKeyStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.rows = Caffeine.newBuilder().expireAfterWrite(CACHE_TTL).maximumSize(100_000).build();
        this.touched = Caffeine.newBuilder().expireAfterWrite(TOUCH_EVERY).maximumSize(100_000).build();
    }

    /** The key with this id as last read (cached like every row here), or empty when there is none. */
    public Optional<CallerKey> key(String id) {
        return rows.get(id, store::find).map(CallerKeyStore.Stored::key);
    }

    /** The verdict on a presented key (null or blank: missing). */
    public KeyCheck check(String presented) {
        if (presented == null || presented.isBlank()) {
            return KeyCheck.of(KeyCheck.Outcome.MISSING);
        }
        Optional<KeySecrets.Parts> parts = KeySecrets.parse(presented.strip());
        if (parts.isEmpty()) {
            return KeyCheck.of(KeyCheck.Outcome.UNKNOWN);
        }
        Optional<CallerKeyStore.Stored> stored = rows.get(parts.get().id(), store::find);
        if (stored.isEmpty() || !KeySecrets.matches(stored.get().salt(), stored.get().secretHash(), parts.get().secret())) {
            return KeyCheck.of(KeyCheck.Outcome.UNKNOWN);
        }
        CallerKey key = stored.get().key();
        Instant now = clock.instant();
        if (key.revoked()) {
            return KeyCheck.of(KeyCheck.Outcome.REVOKED);
        }
        if (key.expired(now)) {
            return KeyCheck.of(KeyCheck.Outcome.EXPIRED);
        }
        if (touched.getIfPresent(key.id()) == null) {
            touched.put(key.id(), now);
            try {
                store.touch(key.id(), now);
            } catch (RuntimeException e) {
                // last use is bookkeeping; a busy database must not refuse a valid caller
            }
        }
        return new KeyCheck(KeyCheck.Outcome.VALID, key);
    }
}
