package io.routewise.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.chat.ChatRequest;
import io.routewise.chat.ChatResponse;
import io.routewise.chat.InvalidRequestException;
import io.routewise.config.ProviderKind;

/**
 * One wire format as an API server: how a caller's request is read and how the answer, its stream
 * and errors are written. The router's own endpoints and the simulator (impersonating a provider)
 * use it; the client side of the same format is its {@link ProviderCodec}. Stateless and thread-safe.
 */
public interface ApiCodec {

    ProviderKind kind();

    /**
     * Reads a caller's request. The model may come from the path (Gemini) rather than the body.
     *
     * @throws InvalidRequestException naming the offending field
     */
    ChatRequest decodeRequest(JsonNode body, String modelFromPath);

    ObjectNode encodeResponse(ChatResponse response);

    StreamEncoder newStreamEncoder(String responseId, String model, long created, boolean includeUsage);

    /** This format's error body. */
    ObjectNode encodeError(int status, String type, String message);
}
