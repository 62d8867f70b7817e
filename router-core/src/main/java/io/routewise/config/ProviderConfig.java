package io.routewise.config;

import java.util.Map;

/**
 * One upstream provider.
 *
 * @param name              what models refer to
 * @param kind              its wire format
 * @param baseUrl           e.g. {@code https://api.openai.com/v1}; null for {@code simulator}
 * @param apiKeyEnv         the environment variable that holds the key
 * @param apiKeyFile        or a file that holds it (first line); the key never lives in the config
 * @param connectTimeoutMs  TCP connect timeout
 * @param timeoutMs         whole-request timeout (non-streaming), and idle timeout between stream chunks
 * @param headers           extra headers sent on every call (no secrets: use api_key_env)
 * @param maxConcurrency    most requests in flight to this provider at once, or null for no limit
 * @param requestsPerMinute most requests started per minute, or null for no limit
 * @param tokensPerMinute   most tokens (prompt estimate plus max output) admitted per minute, or null
 * @param retry             retries per deployment before falling back
 * @param attemptTimeoutMs  the most one attempt may take (defaults to {@code timeoutMs})
 * @param ttftTimeoutMs     the most an attempt may wait for its first token (defaults to the attempt timeout)
 * @param totalTimeoutMs    the deadline of a whole request whose first choice is served here, retries and
 *                          fallbacks included (defaults to the larger of 120 s and the attempt timeout)
 * @param breaker           circuit-breaker keys overriding {@code routing.breaker} for this provider, or null
 */
public record ProviderConfig(String name, ProviderKind kind, String baseUrl, String apiKeyEnv, String apiKeyFile,
                             Integer connectTimeoutMs, Integer timeoutMs, Map<String, String> headers,
                             Integer maxConcurrency, Integer requestsPerMinute, Integer tokensPerMinute,
                             RetryConfig retry, Integer attemptTimeoutMs, Integer ttftTimeoutMs, Integer totalTimeoutMs,
                             BreakerConfig breaker) {

    public static final int DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
    public static final int DEFAULT_TIMEOUT_MS = 60_000;
    public static final int DEFAULT_TOTAL_TIMEOUT_MS = 120_000;

    public ProviderConfig {
        connectTimeoutMs = connectTimeoutMs == null ? DEFAULT_CONNECT_TIMEOUT_MS : connectTimeoutMs;
        timeoutMs = timeoutMs == null ? DEFAULT_TIMEOUT_MS : timeoutMs;
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        retry = retry == null ? RetryConfig.DEFAULT : retry;
        attemptTimeoutMs = attemptTimeoutMs == null ? timeoutMs : attemptTimeoutMs;
        ttftTimeoutMs = ttftTimeoutMs == null ? attemptTimeoutMs : ttftTimeoutMs;
        totalTimeoutMs = totalTimeoutMs == null ? Math.max(DEFAULT_TOTAL_TIMEOUT_MS, attemptTimeoutMs) : totalTimeoutMs;
    }

    /** The shape before the resilience settings existed (all at their defaults). */
    public ProviderConfig(String name, ProviderKind kind, String baseUrl, String apiKeyEnv, String apiKeyFile,
                          Integer connectTimeoutMs, Integer timeoutMs, Map<String, String> headers,
                          Integer maxConcurrency, Integer requestsPerMinute) {
        this(name, kind, baseUrl, apiKeyEnv, apiKeyFile, connectTimeoutMs, timeoutMs, headers, maxConcurrency,
                requestsPerMinute, null, null, null, null, null, null);
    }

    /** The shape before the concurrency and rate limits existed (both unlimited). */
    public ProviderConfig(String name, ProviderKind kind, String baseUrl, String apiKeyEnv, String apiKeyFile,
                          Integer connectTimeoutMs, Integer timeoutMs, Map<String, String> headers) {
        this(name, kind, baseUrl, apiKeyEnv, apiKeyFile, connectTimeoutMs, timeoutMs, headers, null, null);
    }

    /** The same provider at another base URL and kind (e.g. redirected to the simulator). */
    public ProviderConfig withEndpoint(ProviderKind newKind, String newBaseUrl) {
        return new ProviderConfig(name, newKind, newBaseUrl, apiKeyEnv, apiKeyFile, connectTimeoutMs, timeoutMs, headers,
                maxConcurrency, requestsPerMinute, tokensPerMinute, retry, attemptTimeoutMs, ttftTimeoutMs,
                totalTimeoutMs, breaker);
    }

    /** This provider's breaker settings: its own keys over the routing-wide ones. */
    public BreakerConfig breakerOver(BreakerConfig routingDefault) {
        return breaker == null ? routingDefault : breaker.over(routingDefault);
    }
}
