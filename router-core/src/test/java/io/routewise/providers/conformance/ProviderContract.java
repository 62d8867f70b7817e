package io.routewise.providers.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.config.ProviderKind;
import io.routewise.providers.SseFrame;
import io.routewise.providers.ApiCodec;
import io.routewise.providers.ProviderCodec;
import io.routewise.providers.WireFormats;
import io.routewise.testing.OpenApiSchemas;
import io.routewise.testing.OpenApiSchemas.Spec;
import java.util.Map;

/**
 * Where each wire format's documents are described in the provider's published API: the spec
 * file and the component schema of the request body, the answer, each stream frame and the
 * error body.
 */
enum ProviderContract {

    OPENAI(ProviderKind.OPENAI, Spec.OPENAI, "CreateChatCompletionRequest", "CreateChatCompletionResponse",
            "ErrorResponse") {
        @Override
        String streamFrameSchema(SseFrame frame, JsonNode data) {
            return "CreateChatCompletionStreamResponse";
        }
    },

    ANTHROPIC(ProviderKind.ANTHROPIC, Spec.ANTHROPIC, "CreateMessageParams", "Message", "ErrorResponse") {
        /**
         * MessageStreamEvent's discriminator mapping, by hand: checking a frame against its own
         * event schema (rather than the oneOf of all six) keeps failures to the one relevant branch.
         */
        private static final Map<String, String> EVENTS = Map.of(
                "message_start", "MessageStartEvent",
                "message_delta", "MessageDeltaEvent",
                "message_stop", "MessageStopEvent",
                "content_block_start", "ContentBlockStartEvent",
                "content_block_delta", "ContentBlockDeltaEvent",
                "content_block_stop", "ContentBlockStopEvent",
                "error", "ErrorResponse");

        @Override
        String streamFrameSchema(SseFrame frame, JsonNode data) {
            return EVENTS.get(data.path("type").asText()); // "ping" has no schema in this spec
        }
    },

    GEMINI(ProviderKind.GEMINI, Spec.GEMINI, "GenerateContentRequest", "GenerateContentResponse", "Status") {
        @Override
        String streamFrameSchema(SseFrame frame, JsonNode data) {
            return "GenerateContentResponse";
        }

        /** Google APIs wrap a {@code Status} in {@code {"error": ...}}; the spec describes only the Status. */
        @Override
        JsonNode errorDocument(JsonNode body) {
            return body.path("error");
        }
    };

    /**
     * The name to check a document against: OpenAI's objects are open in the spec, but its API
     * rejects unknown request parameters, so OpenAI documents are checked closed at the top level
     * (Anthropic's request schema is closed already; Gemini's spec is loaded with closed objects).
     */
    String check(String schemaName) {
        return this == OPENAI ? OpenApiSchemas.closed(schemaName) : schemaName;
    }

    final ProviderKind kind;
    final Spec spec;
    final String requestSchema;
    final String responseSchema;
    final String errorSchema;

    ProviderContract(ProviderKind kind, Spec spec, String requestSchema, String responseSchema, String errorSchema) {
        this.kind = kind;
        this.spec = spec;
        this.requestSchema = requestSchema;
        this.responseSchema = responseSchema;
        this.errorSchema = errorSchema;
    }

    ProviderCodec client() {
        return WireFormats.client(kind);
    }

    ApiCodec server() {
        return WireFormats.server(kind);
    }

    /** The schema one stream frame's data must match, or null when the spec describes none. */
    abstract String streamFrameSchema(SseFrame frame, JsonNode data);

    /** The part of an error body that {@link #errorSchema} describes. */
    JsonNode errorDocument(JsonNode body) {
        return body;
    }
}
