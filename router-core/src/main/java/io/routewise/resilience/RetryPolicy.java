package io.routewise.resilience;

import io.routewise.config.RetryConfig;
import io.routewise.providers.ProviderException;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When a failed attempt is worth repeating at the same deployment. Rate limits (429), server errors
 * (5xx), timeouts and connection failures are; client errors and unreadable answers are not (the same
 * request would fail the same way); an interrupted stream is only before its first byte reached the
 * client. Nothing is retried after the first byte: the client already holds part of an answer.
 */
final class RetryPolicy {

    private final int maxAttempts;
    private final Backoff backoff;

    /**
     * @param maxAttempts attempts per deployment and request, the first included (1 = never retry)
     */
    public RetryPolicy(int maxAttempts, Backoff backoff) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max attempts must be >= 1, got " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
    }

    public static RetryPolicy of(RetryConfig config, RandomGenerator random) {
        return new RetryPolicy(config.maxAttempts(),
                new Backoff(Duration.ofMillis(config.baseDelayMs()), Duration.ofMillis(config.maxDelayMs()), random));
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /** Whether this kind of failure, before the first byte, is worth another attempt. */
    public static boolean shouldRetry(ProviderException failure) {
        return switch (failure.kind()) {
            case RATE_LIMITED, SERVER_ERROR, TIMEOUT, CONNECTION, STREAM_INTERRUPTED -> true;
            case CLIENT_ERROR, BAD_RESPONSE -> false;
        };
    }

    /** As {@link #shouldRetry(ProviderException)}, and never once bytes reached the client. */
    public static boolean shouldRetry(ProviderException failure, boolean afterFirstByte) {
        return !afterFirstByte && shouldRetry(failure);
    }

    /**
     * What to do after attempt number {@code attemptsMade} (1 for the first) at a deployment failed.
     *
     * @param request the request's deadline: a wait that would reach it is not worth starting, and a
     *                {@code Retry-After} past it sends the request to the next candidate instead
     */
    public RetryDecision next(ProviderException failure, int attemptsMade, boolean afterFirstByte, Deadline request) {
        if (afterFirstByte) {
            return RetryDecision.stop("the answer had started reaching the client; no retry after the first byte");
        }
        if (!shouldRetry(failure)) {
            return RetryDecision.stop(failure.kind() == ProviderException.Kind.CLIENT_ERROR
                    ? "the provider rejected the request; the same request would fail again"
                    : "the provider's answer could not be read; not retried");
        }
        if (attemptsMade >= maxAttempts) {
            return RetryDecision.stop(attemptsMade + (attemptsMade == 1 ? " attempt" : " attempts")
                    + " made, the most per deployment");
        }
        Duration left = request.remaining();
        Duration retryAfter = failure.retryAfter();
        if (retryAfter != null && retryAfter.compareTo(left) >= 0) {
            return RetryDecision.stop("the provider asked to retry after " + millis(retryAfter) + ", past the request's deadline ("
                    + millis(left) + " left)");
        }
        Duration delay = backoff.delay(attemptsMade - 1, retryAfter);
        if (delay.compareTo(left) >= 0) {
            return RetryDecision.stop("a backoff of " + millis(delay) + " would outlast the request's deadline ("
                    + millis(left) + " left)");
        }
        String why = retryAfter != null && delay.equals(retryAfter) ? " (the provider's Retry-After)" : "";
        return RetryDecision.after(delay, "retry " + attemptsMade + " of " + (maxAttempts - 1) + " after "
                + millis(delay) + why + " on " + failure.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
    }

    private static String millis(Duration d) {
        return d.toMillis() + " ms";
    }
}
