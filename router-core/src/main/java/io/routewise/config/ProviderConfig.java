package io.routewise.config;

import java.util.Map;

/**
 * One upstream provider.
 *
 * @param name             what models refer to
 * @param kind             its wire format
 * @param baseUrl          e.g. {@code https://api.openai.com/v1}; null for {@code simulator}
 * @param apiKeyEnv        the environment variable that holds the key
 * @param apiKeyFile       or a file that holds it (first line); the key never lives in the config
 * @param connectTimeoutMs TCP connect timeout
 * @param timeoutMs        whole-request timeout (non-streaming), and idle timeout between stream chunks
 * @param headers          extra headers sent on every call (no secrets: use api_key_env)
 */
public record ProviderConfig(String name, ProviderKind kind, String baseUrl, String apiKeyEnv, String apiKeyFile,
                             Integer connectTimeoutMs, Integer timeoutMs, Map<String, String> headers) {

    public static final int DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
    public static final int DEFAULT_TIMEOUT_MS = 60_000;

    public ProviderConfig {
        connectTimeoutMs = connectTimeoutMs == null ? DEFAULT_CONNECT_TIMEOUT_MS : connectTimeoutMs;
        timeoutMs = timeoutMs == null ? DEFAULT_TIMEOUT_MS : timeoutMs;
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** The same provider at another base URL and kind (e.g. redirected to the simulator). */
    public ProviderConfig withEndpoint(ProviderKind newKind, String newBaseUrl) {
        return new ProviderConfig(name, newKind, newBaseUrl, apiKeyEnv, apiKeyFile, connectTimeoutMs, timeoutMs, headers);
    }
}
