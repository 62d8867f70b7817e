package io.routewise.server;

import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A candidate config serving a share of the traffic beside the stable one, sticky per caller key or per
 * request id ({@link CanarySplit}). Counts each side's requests and server-side failures as they end, so
 * it can be aborted automatically when the candidate fails clearly more often than the stable config.
 */
final class Canary {

    /** What decides a request's side. */
    enum By {
        /** The caller key's name (requests without a key: their request id). */
        KEY,
        /** The request id. */
        REQUEST;

        static By parse(String value) {
            try {
                return valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("by: expected key or request (got " + value + ")");
            }
        }
    }

    /**
     * @param percent     the share of traffic the candidate serves, 0–100
     * @param abortMargin the candidate is aborted when its error rate exceeds the stable one's by more than this
     * @param minRequests ... once each side has served at least this many requests
     */
    record Settings(double percent, By by, double abortMargin, long minRequests) {

        Settings {
            if (!(percent > 0 && percent <= 100)) {
                throw new IllegalArgumentException("percent: must be in (0, 100] (got " + percent + ")");
            }
            if (!(abortMargin >= 0 && abortMargin <= 1)) {
                throw new IllegalArgumentException("abort_error_margin: must be in [0, 1] (got " + abortMargin + ")");
            }
            if (minRequests < 1) {
                throw new IllegalArgumentException("min_requests: must be >= 1 (got " + minRequests + ")");
            }
        }
    }

    /** One side's live counts. */
    static final class Side {
        final AtomicLong requests = new AtomicLong();
        final AtomicLong errors = new AtomicLong();

        double errorRate() {
            long n = requests.get();
            return n == 0 ? 0 : (double) errors.get() / n;
        }
    }

    final Serving candidate;
    final String text;
    final Settings settings;
    final String stableVersion;
    final Instant started;
    final Side stable = new Side();
    final Side canary = new Side();

    Canary(Serving candidate, String text, Settings settings, String stableVersion, Instant started) {
        this.candidate = candidate;
        this.text = text;
        this.settings = settings;
        this.stableVersion = stableVersion;
        this.started = started;
    }

    /** Whether this request is the candidate's. */
    boolean serves(String requestId, String callerKey) {
        String key = settings.by() == By.KEY && callerKey != null ? "key:" + callerKey : requestId;
        return CanarySplit.inCanary(key, settings.percent());
    }

    /**
     * Counts a finished request ({@code error}: it failed on the router's or a provider's side).
     *
     * @return why the canary should be aborted now, or null
     */
    String record(boolean onCandidate, boolean error) {
        Side side = onCandidate ? canary : stable;
        side.requests.incrementAndGet();
        if (error) {
            side.errors.incrementAndGet();
        }
        if (canary.requests.get() < settings.minRequests() || stable.requests.get() < settings.minRequests()) {
            return null;
        }
        double gap = canary.errorRate() - stable.errorRate();
        return gap > settings.abortMargin() ? String.format(Locale.ROOT, "the candidate's error rate %.3f exceeds the "
                + "stable config's %.3f by more than %.3f (after %d and %d requests)", canary.errorRate(),
                stable.errorRate(), settings.abortMargin(), canary.requests.get(), stable.requests.get()) : null;
    }
}
