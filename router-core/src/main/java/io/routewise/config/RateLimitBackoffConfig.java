package io.routewise.config;

/**
 * How a provider's admitted request rate reacts to its 429 answers ({@code routing.rate_limit_backoff}):
 * multiplied by {@code decreaseFactor} on a 429 (at most once per {@code holdS} seconds), then
 * raised again by {@code recoveryPerMinute} of its ceiling per minute until it is back at the ceiling
 * (the configured {@code requests_per_minute}, or the rate observed when the first 429 came).
 *
 * @param decreaseFactor    in (0, 1); 0.5 halves the rate
 * @param recoveryPerMinute share of the ceiling regained per minute, in (0, 1]
 * @param holdS             429s within this many seconds of a decrease do not decrease it again
 */
public record RateLimitBackoffConfig(Double decreaseFactor, Double recoveryPerMinute, Integer holdS) {

    public static final RateLimitBackoffConfig DEFAULT = new RateLimitBackoffConfig(null, null, null);

    public RateLimitBackoffConfig {
        decreaseFactor = decreaseFactor == null ? 0.5 : decreaseFactor;
        recoveryPerMinute = recoveryPerMinute == null ? 0.1 : recoveryPerMinute;
        holdS = holdS == null ? 5 : holdS;
    }
}
