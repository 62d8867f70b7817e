package io.routewise.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.chat.ChatRequest;
import io.routewise.chat.ChatResponse;
import io.routewise.config.ProviderKind;
import io.routewise.providers.StreamEncoder;
import io.routewise.providers.ApiCodec;

/**
 * Google's Gemini API as an API server: reading a {@code generateContent} request (the model comes from
 * the path), writing the answer, its SSE chunks and Gemini's error shape. The simulator answers in it
 * when it impersonates Gemini.
 *
 * @see <a href="https://ai.google.dev/api/generate-content">Gemini generateContent reference</a>
 */
public final class GeminiApiCodec implements ApiCodec {

    @Override
    public ProviderKind kind() {
        return ProviderKind.GEMINI;
    }

    @Override
    public ChatRequest decodeRequest(JsonNode body, String modelFromPath) {
        return GeminiRequestDecoder.decode(body, modelFromPath);
    }

    @Override
    public ObjectNode encodeResponse(ChatResponse response) {
        return GeminiResponses.encode(response);
    }

    /**
     * Gemini has no opt-in for streamed usage: the last chunk carries it whenever the stream
     * reports it, so {@code includeUsage} does not change the frames; nor does {@code created},
     * which Gemini's chunks do not carry.
     */
    @Override
    public StreamEncoder newStreamEncoder(String responseId, String model, long created, boolean includeUsage) {
        return new GeminiStreamEncoder(responseId, model);
    }

    /** Gemini's error object has no type; {@code type} is not sent, the status name says the kind. */
    @Override
    public ObjectNode encodeError(int status, String type, String message) {
        return GeminiResponses.encodeError(status, message);
    }
}
