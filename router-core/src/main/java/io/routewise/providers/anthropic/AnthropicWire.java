package io.routewise.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.chat.ChatRequest;
import io.routewise.chat.ChatResponse;
import io.routewise.config.ProviderKind;
import io.routewise.providers.ProviderException;
import io.routewise.providers.StreamDecoder;
import io.routewise.providers.StreamEncoder;
import io.routewise.providers.WireFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The Anthropic Messages API ({@code POST /v1/messages}), both directions.
 *
 * <p>Client side: the base URL is the API root without a version (e.g.
 * {@code https://api.anthropic.com}); the key goes in {@code x-api-key} with a pinned
 * {@code anthropic-version}. Server side: what the simulator answers when it impersonates Anthropic.
 * The translation work lives in the package's request, response and stream classes.
 *
 * @see <a href="https://docs.anthropic.com/en/api/messages">Messages API</a>
 */
public final class AnthropicWire implements WireFormat {

    /** The API version this translation is written against. */
    public static final String API_VERSION = "2023-06-01";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> ERROR_TYPES = Set.of("invalid_request_error", "authentication_error",
            "permission_error", "not_found_error", "request_too_large", "rate_limit_error", "api_error",
            "overloaded_error");

    @Override
    public ProviderKind kind() {
        return ProviderKind.ANTHROPIC;
    }

    @Override
    public String requestPath(String upstreamModel, boolean stream) {
        return "/v1/messages"; // the model and streaming are chosen in the body
    }

    @Override
    public Map<String, String> authHeaders(String apiKey) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (apiKey != null) {
            headers.put("x-api-key", apiKey);
        }
        headers.put("anthropic-version", API_VERSION);
        return headers;
    }

    @Override
    public ObjectNode encodeRequest(ChatRequest request, String upstreamModel) {
        return AnthropicRequestEncoder.encode(request, upstreamModel);
    }

    @Override
    public ChatResponse decodeResponse(JsonNode body) throws ProviderException {
        return AnthropicResponses.decode(body);
    }

    @Override
    public StreamDecoder newStreamDecoder() {
        return new AnthropicStreamDecoder();
    }

    @Override
    public ChatRequest decodeRequest(JsonNode body, String modelFromPath) {
        return AnthropicRequestDecoder.decode(body, modelFromPath);
    }

    @Override
    public ObjectNode encodeResponse(ChatResponse response) {
        return AnthropicResponses.encode(response);
    }

    /** Anthropic streams always end with usage, so {@code includeUsage} changes nothing here. */
    @Override
    public StreamEncoder newStreamEncoder(String responseId, String model, long created, boolean includeUsage) {
        return new AnthropicStreamEncoder(responseId, model);
    }

    /**
     * Anthropic's error body. The error type follows from the status where Anthropic has a
     * specific one (401, 403, 404, 413, 429, 529); for other statuses a given Anthropic type is
     * kept (e.g. {@code overloaded_error} with a 500), and any other type name (such as one of
     * OpenAI's) falls back to {@code invalid_request_error} or {@code api_error}.
     */
    @Override
    public ObjectNode encodeError(int status, String type, String message) {
        String byStatus = errorType(status);
        boolean generic = byStatus.equals("invalid_request_error") || byStatus.equals("api_error");
        ObjectNode body = MAPPER.createObjectNode().put("type", "error");
        body.putObject("error")
                .put("type", generic && type != null && ERROR_TYPES.contains(type) ? type : byStatus)
                .put("message", message);
        return body;
    }

    /** Anthropic's error type for an HTTP status (529 is Anthropic's "overloaded"). */
    static String errorType(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 503, 529 -> "overloaded_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }
}
