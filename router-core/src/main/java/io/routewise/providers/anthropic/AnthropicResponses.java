package io.routewise.providers.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.chat.ChatResponse;
import io.routewise.chat.ContentPart;
import io.routewise.chat.FinishReason;
import io.routewise.chat.Message;
import io.routewise.chat.Role;
import io.routewise.chat.ToolCall;
import io.routewise.chat.Usage;
import io.routewise.providers.ProviderException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Messages API {@code message} objects in both directions, and the stop-reason and usage
 * vocabularies the stream codecs share.
 */
final class AnthropicResponses {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AnthropicResponses() {
    }

    // ---- client side ---------------------------------------------------------------------------

    static ChatResponse decode(JsonNode body) throws ProviderException {
        if (body == null || !body.isObject()) {
            throw bad("the body is not a JSON object");
        }
        if ("error".equals(body.path("type").asText())) {
            JsonNode error = body.path("error");
            throw bad("it is an error: " + error.path("type").asText("unknown") + ": " + error.path("message").asText(""));
        }
        JsonNode content = body.get("content");
        if (content == null || !content.isArray()) {
            throw bad("'content' is missing or not an array");
        }
        StringBuilder text = new StringBuilder();
        boolean hasText = false;
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode block : content) {
            String type = block.path("type").asText();
            if ("text".equals(type)) {
                text.append(block.path("text").asText());
                hasText = true;
            } else if ("tool_use".equals(type)) {
                JsonNode input = block.get("input");
                calls.add(new ToolCall(block.path("id").asText(), block.path("name").asText(),
                        input == null || input.isNull() ? "{}" : input.toString()));
            }
            // Other blocks (thinking, redacted_thinking, server tool blocks) carry nothing the
            // canonical answer has a place for.
        }
        List<ContentPart> parts = hasText ? List.of(new ContentPart.Text(text.toString())) : List.of();
        Message message = new Message(Role.ASSISTANT, parts, null, calls, null);
        // The Messages API has no creation time; the moment the answer was read stands in for it.
        return new ChatResponse(body.path("id").asText(null), body.path("model").asText(null),
                Instant.now().getEpochSecond(), message, finishReason(body.path("stop_reason").asText(null)),
                usage(body.get("usage")));
    }

    /** Anthropic's stop reason in OpenAI's vocabulary; an unknown or missing one counts as a normal stop. */
    static FinishReason finishReason(String stopReason) {
        if (stopReason == null) {
            return FinishReason.STOP;
        }
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> FinishReason.LENGTH;
            case "tool_use" -> FinishReason.TOOL_CALLS;
            case "refusal" -> FinishReason.CONTENT_FILTER;
            default -> FinishReason.STOP; // end_turn, stop_sequence, pause_turn
        };
    }

    /**
     * Anthropic counts uncached, cache-read and cache-written prompt tokens separately; the
     * canonical input count is their sum, of which the cache reads are the cached part.
     */
    static Usage usage(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return null;
        }
        int cacheRead = usage.path("cache_read_input_tokens").asInt(0);
        int input = usage.path("input_tokens").asInt(0) + cacheRead + usage.path("cache_creation_input_tokens").asInt(0);
        return new Usage(input, usage.path("output_tokens").asInt(0), cacheRead);
    }

    private static ProviderException bad(String why) {
        return new ProviderException(ProviderException.Kind.BAD_RESPONSE, "Unreadable Anthropic response: " + why + ".");
    }

    // ---- server side ---------------------------------------------------------------------------

    static ObjectNode encode(ChatResponse response) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("id", messageId(response.id()));
        body.put("type", "message");
        body.put("role", "assistant");
        body.put("model", response.model());
        ArrayNode content = body.putArray("content");
        String text = response.message().text();
        if (!text.isEmpty()) {
            content.addObject().put("type", "text").put("text", text);
        }
        for (ToolCall call : response.message().toolCalls()) {
            ObjectNode use = content.addObject();
            use.put("type", "tool_use").put("id", call.id()).put("name", call.name());
            use.set("input", toolInput(call.arguments()));
        }
        body.put("stop_reason", stopReason(response.finishReason()));
        body.putNull("stop_sequence");
        // Anthropic always reports usage; an answer without counts reports zeros.
        body.set("usage", encodeUsage(response.usage() == null ? Usage.ZERO : response.usage()));
        return body;
    }

    /** Anthropic ids start with {@code msg_}; other ids get the prefix so clients see a familiar shape. */
    static String messageId(String id) {
        if (id == null || id.isEmpty()) {
            return "msg_routewise";
        }
        return id.startsWith("msg_") ? id : "msg_" + id;
    }

    static String stopReason(FinishReason reason) {
        if (reason == null) {
            return "end_turn";
        }
        return switch (reason) {
            case STOP -> "end_turn";
            case LENGTH -> "max_tokens";
            case TOOL_CALLS -> "tool_use";
            case CONTENT_FILTER -> "refusal";
        };
    }

    /** The inverse of {@link #usage}: cached tokens are reported as cache reads, none as cache writes. */
    static ObjectNode encodeUsage(Usage usage) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("input_tokens", usage.inputTokens() - usage.cachedInputTokens());
        node.put("cache_creation_input_tokens", 0);
        node.put("cache_read_input_tokens", usage.cachedInputTokens());
        node.put("output_tokens", usage.outputTokens());
        return node;
    }

    /**
     * A tool call's arguments as Anthropic's {@code input} object. The server side renders what a
     * model produced; arguments that are not a JSON object (a model's malformed output) are kept
     * verbatim under {@code _raw} rather than dropped, so the client can still see them.
     */
    static JsonNode toolInput(String arguments) {
        if (arguments == null || arguments.isBlank()) {
            return MAPPER.createObjectNode();
        }
        try {
            JsonNode parsed = MAPPER.readTree(arguments);
            if (parsed != null && parsed.isObject()) {
                return parsed;
            }
        } catch (JsonProcessingException malformed) {
            // Falls through to the verbatim form below; the text itself is the information.
        }
        return MAPPER.createObjectNode().put("_raw", arguments);
    }
}
