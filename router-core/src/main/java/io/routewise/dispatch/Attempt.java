package io.routewise.dispatch;

import io.routewise.providers.ProviderException;

/**
 * One upstream call made for a request (retries each count as one), or a candidate skipped without a call.
 *
 * @param model      the catalog model id
 * @param provider   the provider name
 * @param nanos      how long the call took (0 when skipped)
 * @param error      why it failed, or null when it succeeded; for a skip, what a caller would see had
 *                   nothing else answered
 * @param skipReason why the deployment was not called (circuit open, unhealthy, over the latency
 *                   budget, provider saturated), or null when it was called
 * @param firstTokenNanos for a stream, the time to its first event; 0 when none arrived or not a stream
 */
public record Attempt(String model, String provider, long nanos, ProviderException error, String skipReason,
                      long firstTokenNanos) {

    /** A call that was made. */
    public Attempt(String model, String provider, long nanos, ProviderException error) {
        this(model, provider, nanos, error, null, 0);
    }

    /** A call or a skip, without a time to first token. */
    public Attempt(String model, String provider, long nanos, ProviderException error, String skipReason) {
        this(model, provider, nanos, error, skipReason, 0);
    }

    /** A candidate passed over without a call. */
    static Attempt skipped(String model, String provider, ProviderException.Kind kind, String reason) {
        return new Attempt(model, provider, 0, new ProviderException(kind, 0, null,
                model + " via " + provider + " was not called: " + reason, null), reason);
    }

    public boolean succeeded() {
        return error == null;
    }

    /** True when the deployment was passed over without a call. */
    public boolean skipped() {
        return skipReason != null;
    }
}
