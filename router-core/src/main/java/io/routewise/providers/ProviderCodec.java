package io.routewise.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.chat.ChatRequest;
import io.routewise.chat.ChatResponse;
import io.routewise.config.ProviderKind;
import java.util.Map;

/**
 * One wire format as a provider client: what an adapter sends to a provider and how it reads the
 * answer and the stream back ({@link HttpProviderAdapter}). The other side of the same format, what a
 * server reads from a caller and answers, is its {@link ApiCodec}. Stateless and thread-safe.
 */
public interface ProviderCodec {

    ProviderKind kind();

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
}
