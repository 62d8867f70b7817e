package io.routewise.dispatch;

import io.routewise.catalog.Exclusion;
import io.routewise.providers.ProviderException;

/**
 * One upstream call made for a request (retries each count as one), or a candidate skipped without a call.
 *
 * @param model           the catalog model id
 * @param provider        the provider name
 * @param nanos           how long the call took (0 when skipped)
 * @param error           why it failed, or null when it succeeded; for a skip, what a caller would see had
 *                        nothing else answered
 * @param skip            why the deployment was not called (circuit open, unhealthy, over the latency
 *                        budget, provider saturated, over budget), or null when it was called
 * @param firstTokenNanos for a stream, the time to its first event; 0 when none arrived or not a stream
 */
public record Attempt(String model, String provider, long nanos, ProviderException error, Exclusion skip,
                      long firstTokenNanos) {

    /** A call that was made. */
    public Attempt(String model, String provider, long nanos, ProviderException error) {
        this(model, provider, nanos, error, null, 0);
    }

    /** A candidate passed over without a call. */
    static Attempt skipped(String model, String provider, Exclusion why) {
        return new Attempt(model, provider, 0, new ProviderException(kindSeenByCaller(why.cause()), 0, null,
                model + " via " + provider + " was not called: " + why.detail(), null), why, 0);
    }

    /** The failure a skip stands for, should it be the last word: the caller is told to come back later, or that it timed out. */
    private static ProviderException.Kind kindSeenByCaller(Exclusion.Cause cause) {
        return switch (cause) {
            case SATURATED, BUDGET_HARD, BUDGET_SOFT -> ProviderException.Kind.RATE_LIMITED;
            case DEADLINE -> ProviderException.Kind.TIMEOUT;
            default -> ProviderException.Kind.SERVER_ERROR;
        };
    }

    public boolean succeeded() {
        return error == null;
    }

    /** True when the deployment was passed over without a call. */
    public boolean skipped() {
        return skip != null;
    }

    /** True when the deployment was passed over for {@code cause}. */
    public boolean skippedFor(Exclusion.Cause cause) {
        return skip != null && skip.cause() == cause;
    }

    /** Why it was passed over, as a sentence, or null when it was called. */
    public String skipReason() {
        return skip == null ? null : skip.detail();
    }
}
