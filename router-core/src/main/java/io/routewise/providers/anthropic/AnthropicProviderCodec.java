package io.routewise.providers.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.chat.ChatRequest;
import io.routewise.chat.ChatResponse;
import io.routewise.config.ProviderKind;
import io.routewise.providers.ProviderException;
import io.routewise.providers.StreamDecoder;
import io.routewise.providers.ProviderCodec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Anthropic Messages API ({@code POST /v1/messages}) as a provider client. The base URL is the API
 * root without a version (e.g. {@code https://api.anthropic.com}); the key goes in {@code x-api-key}
 * with a pinned {@code anthropic-version}. The translation work lives in the package's request,
 * response and stream classes.
 *
 * @see <a href="https://docs.anthropic.com/en/api/messages">Messages API</a>
 */
public final class AnthropicProviderCodec implements ProviderCodec {

    /** The API version this translation is written against. */
    public static final String API_VERSION = "2023-06-01";

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
}
