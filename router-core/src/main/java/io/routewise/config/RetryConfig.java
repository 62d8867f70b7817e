package io.routewise.config;

/**
 * How often a provider's deployments are retried before the router falls back to another model.
 *
 * @param maxAttempts attempts per deployment and request, the first one included (1 = no retry)
 * @param baseDelayMs backoff before the first retry is drawn from [0, base]; it doubles per retry
 * @param maxDelayMs  the ceiling of that range
 */
public record RetryConfig(Integer maxAttempts, Integer baseDelayMs, Integer maxDelayMs) {

    public static final RetryConfig DEFAULT = new RetryConfig(null, null, null);

    public RetryConfig {
        maxAttempts = maxAttempts == null ? 2 : maxAttempts;
        baseDelayMs = baseDelayMs == null ? 200 : baseDelayMs;
        maxDelayMs = maxDelayMs == null ? 2_000 : maxDelayMs;
    }
}
