package io.routewise.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.chat.ChatRequest;
import io.routewise.chat.ChatResponse;
import io.routewise.chat.InvalidRequestException;
import io.routewise.config.ProviderKind;
import java.util.Map;

/**
 * One provider wire format, both directions. The client side is what an adapter sends to a
 * provider and reads back; the server side is what the simulator (and, for OpenAI, the gateway
 * itself) reads from a caller and answers. Implementations are stateless and thread-safe.
 */
public interface WireFormat {

    ProviderKind kind();

    // ---- client side -------------------------------------------------------------------------

    /** The path (and query) to call, relative to the provider's base URL. */
    String requestPath(String upstreamModel, boolean stream);

    /** Headers that carry the API key (and any fixed version header the format needs). */
    Map<String, String> authHeaders(String apiKey);

    /** The request body for this canonical request, addressed to {@code upstreamModel}. */
    ObjectNode encodeRequest(ChatRequest request, String upstreamModel);

    /**
     * Reads a provider's non-streamed answer.
     *
     * @throws ProviderException ({@link ProviderException.Kind#BAD_RESPONSE}) when it cannot be read
     */
    ChatResponse decodeResponse(JsonNode body) throws ProviderException;

    StreamDecoder newStreamDecoder();

    // ---- server side -------------------------------------------------------------------------

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
