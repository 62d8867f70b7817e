package io.routewise.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.chat.ChatRequest;
import io.routewise.chat.ChatResponse;
import io.routewise.config.ProviderKind;
import io.routewise.providers.StreamEncoder;
import io.routewise.providers.ApiCodec;
import java.util.Set;

/**
 * The Anthropic Messages API as an API server: reading a Messages request, writing the answer, its
 * event stream and Anthropic's error shape. The simulator answers in it when it impersonates
 * Anthropic, and it is what an inbound {@code /v1/messages} endpoint needs.
 *
 * @see <a href="https://docs.anthropic.com/en/api/messages">Messages API</a>
 */
public final class AnthropicApiCodec implements ApiCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> ERROR_TYPES = Set.of("invalid_request_error", "authentication_error",
            "permission_error", "not_found_error", "request_too_large", "rate_limit_error", "api_error",
            "overloaded_error");

    @Override
    public ProviderKind kind() {
        return ProviderKind.ANTHROPIC;
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
