package io.routewise.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.chat.ChatRequest;
import io.routewise.chat.ChatResponse;
import io.routewise.config.ProviderKind;
import io.routewise.providers.ProviderException;
import io.routewise.providers.StreamDecoder;
import io.routewise.providers.ProviderCodec;
import java.util.Map;

/**
 * Google's Gemini API ({@code v1beta} {@code generateContent} and {@code streamGenerateContent?alt=sse})
 * as a provider client. Base URL e.g. {@code https://generativelanguage.googleapis.com}.
 *
 * <p>Differences from the canonical (OpenAI-like) model that callers may notice:
 * <ul>
 *   <li>Gemini function calls have no ids: ids are synthesised as {@code call_<index>_<name>},
 *       and a tool result is sent with the function name looked up from the call it answers.</li>
 *   <li>JSON Schemas are cut down to Gemini's Schema subset (see {@link GeminiSchemas}).</li>
 *   <li>A non-object tool result is sent as {@code {"result": text}}.</li>
 * </ul>
 *
 * @see <a href="https://ai.google.dev/api/generate-content">Gemini generateContent reference</a>
 */
public final class GeminiProviderCodec implements ProviderCodec {

    @Override
    public ProviderKind kind() {
        return ProviderKind.GEMINI;
    }

    @Override
    public String requestPath(String upstreamModel, boolean stream) {
        String model = upstreamModel.startsWith("models/") ? upstreamModel.substring("models/".length()) : upstreamModel;
        return "/v1beta/models/" + model + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
    }

    @Override
    public Map<String, String> authHeaders(String apiKey) {
        return Map.of("x-goog-api-key", apiKey);
    }

    /** The model goes in the path ({@link #requestPath}), not the body, so it is not used here. */
    @Override
    public ObjectNode encodeRequest(ChatRequest request, String upstreamModel) {
        return GeminiRequestEncoder.encode(request);
    }

    @Override
    public ChatResponse decodeResponse(JsonNode body) throws ProviderException {
        return GeminiResponses.decode(body);
    }

    @Override
    public StreamDecoder newStreamDecoder() {
        return new GeminiStreamDecoder();
    }
}
