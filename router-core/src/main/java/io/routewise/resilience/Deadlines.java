package io.routewise.resilience;

import io.routewise.config.ProviderConfig;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A provider's time limits: per attempt, to the first token of an attempt, and for a whole request.
 *
 * @param attempt    the most one attempt may take
 * @param firstToken the most an attempt may wait for its first token (streams) or its answer to begin
 * @param total      the deadline of a request, retries and fallbacks included
 */
record Deadlines(Duration attempt, Duration firstToken, Duration total) {

    public static Deadlines of(ProviderConfig provider) {
        return new Deadlines(Duration.ofMillis(provider.attemptTimeoutMs()), Duration.ofMillis(provider.ttftTimeoutMs()),
                Duration.ofMillis(provider.totalTimeoutMs()));
    }

    /** Starts a request's deadline now. */
    public Deadline start(LongSupplier nanoTime) {
        return Deadline.after(total, nanoTime);
    }

    /** The timeout for the next attempt: this provider's attempt timeout, or less when the request has less left. */
    public Duration attemptTimeout(Deadline request) {
        return request.cap(attempt);
    }

    /** The time-to-first-token timeout for the next attempt, likewise capped by the request's deadline. */
    public Duration firstTokenTimeout(Deadline request) {
        return request.cap(firstToken);
    }
}
