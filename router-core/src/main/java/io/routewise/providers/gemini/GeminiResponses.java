package io.routewise.providers.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code GenerateContentResponse} both ways (a whole answer or one stream chunk), and the
 * finish-reason and usage vocabularies of Gemini next to the canonical ones.
 */
final class GeminiResponses {

    private GeminiResponses() {
    }

    // ---- reading ---------------------------------------------------------------------------

    /** Client side: a provider's non-streamed answer. */
    static ChatResponse decode(JsonNode body) throws ProviderException {
        if (body == null || !body.isObject()) {
            throw badResponse("Gemini's answer is not a JSON object.");
        }
        JsonNode error = body.get("error");
        if (error != null && error.isObject()) {
            throw badResponse("Gemini answered with an error: " + describeError(error));
        }
        String id = GeminiJson.text(body, "responseId");
        if (id == null) {
            id = "gemini-" + UUID.randomUUID();
        }
        String model = GeminiJson.text(body, "modelVersion");
        long created = System.currentTimeMillis() / 1000; // Gemini does not say when it answered
        Usage usage = decodeUsage(GeminiJson.field(body, "usageMetadata"));
        JsonNode candidates = GeminiJson.field(body, "candidates");
        if (candidates == null || !candidates.isArray() || candidates.isEmpty()) {
            if (blockReason(body) != null) {
                Message empty = new Message(Role.ASSISTANT, List.of(new ContentPart.Text("")), null, List.of(), null);
                return new ChatResponse(id, model, created, empty, FinishReason.CONTENT_FILTER, usage);
            }
            throw badResponse("Gemini's answer has no candidates and no promptFeedback.blockReason.");
        }
        JsonNode candidate = candidates.get(0);
        StringBuilder text = new StringBuilder();
        List<ToolCall> calls = new ArrayList<>();
        for (JsonNode part : parts(candidate)) {
            if (part.path("thought").asBoolean(false)) {
                continue; // a thought summary, not answer text
            }
            String partText = GeminiJson.text(part, "text");
            if (partText != null) {
                text.append(partText);
            }
            JsonNode call = GeminiJson.field(part, "functionCall");
            if (call != null) {
                calls.add(decodeCall(call, calls.size()));
            }
        }
        List<ContentPart> content = text.length() == 0 && !calls.isEmpty()
                ? List.of() : List.of(new ContentPart.Text(text.toString()));
        Message message = new Message(Role.ASSISTANT, content, null, calls, null);
        FinishReason reason = finishReason(GeminiJson.text(candidate, "finishReason"), !calls.isEmpty());
        return new ChatResponse(id, model, created, message, reason, usage);
    }

    /** The parts of a candidate's content (none when the candidate was blocked). */
    static JsonNode parts(JsonNode candidate) {
        JsonNode parts = GeminiJson.field(GeminiJson.field(candidate, "content"), "parts");
        return parts != null && parts.isArray() ? parts : GeminiJson.MAPPER.createArrayNode();
    }

    /**
     * A functionCall part as a tool call. Gemini's generateContent calls carry no id (newer API
     * versions may; then it is kept), so one is synthesised from the call's position.
     */
    static ToolCall decodeCall(JsonNode call, int index) throws ProviderException {
        String name = GeminiJson.text(call, "name");
        if (name == null) {
            throw badResponse("Gemini sent a functionCall without a name.");
        }
        JsonNode args = GeminiJson.field(call, "args");
        String id = GeminiJson.text(call, "id");
        return new ToolCall(id != null ? id : GeminiCallIds.synthesize(index, name), name,
                args == null ? "{}" : GeminiJson.write(args));
    }

    /** The prompt was refused outright: {@code promptFeedback.blockReason}, or null. */
    static String blockReason(JsonNode body) {
        return GeminiJson.text(GeminiJson.field(body, "promptFeedback"), "blockReason");
    }

    /**
     * Gemini's finish reason in canonical terms. Gemini says STOP after function calls too; the
     * canonical model says tool_calls then.
     */
    static FinishReason finishReason(String gemini, boolean madeCalls) {
        if (gemini == null) {
            return madeCalls ? FinishReason.TOOL_CALLS : FinishReason.STOP;
        }
        return switch (gemini) {
            case "MAX_TOKENS" -> FinishReason.LENGTH;
            case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY" ->
                    FinishReason.CONTENT_FILTER;
            default -> madeCalls ? FinishReason.TOOL_CALLS : FinishReason.STOP;
        };
    }

    /** Token counts; thinking tokens are billed as output, so they count as output here. */
    static Usage decodeUsage(JsonNode metadata) {
        if (metadata == null || !metadata.isObject()) {
            return null;
        }
        return new Usage(GeminiJson.intOrZero(metadata, "promptTokenCount"),
                GeminiJson.intOrZero(metadata, "candidatesTokenCount")
                        + GeminiJson.intOrZero(metadata, "thoughtsTokenCount"),
                GeminiJson.intOrZero(metadata, "cachedContentTokenCount"));
    }

    static String describeError(JsonNode error) {
        String status = GeminiJson.text(error, "status");
        String message = GeminiJson.text(error, "message");
        int code = GeminiJson.intOrZero(error, "code");
        return (code != 0 ? code + " " : "") + (status != null ? status + ": " : "")
                + (message != null ? message : "(no message)");
    }

    static ProviderException badResponse(String message) {
        return new ProviderException(ProviderException.Kind.BAD_RESPONSE, message);
    }

    // ---- writing ---------------------------------------------------------------------------

    /** Server side: a whole answer. */
    static ObjectNode encode(ChatResponse response) {
        ArrayNode parts = GeminiJson.MAPPER.createArrayNode();
        String text = response.message().text();
        if (!text.isEmpty()) {
            parts.addObject().put("text", text);
        }
        addCallParts(response.message().toolCalls(), parts);
        return chunk(parts, response.finishReason(), response.usage(), response.model(), response.id());
    }

    /** functionCall parts for whole calls; arguments that are not a JSON object become empty args. */
    static void addCallParts(List<ToolCall> calls, ArrayNode parts) {
        for (ToolCall call : calls) {
            ObjectNode fc = parts.addObject().putObject("functionCall");
            fc.put("name", call.name());
            fc.set("args", argsObject(call.arguments()));
        }
    }

    private static JsonNode argsObject(String arguments) {
        if (arguments == null || arguments.isBlank()) {
            return GeminiJson.MAPPER.createObjectNode();
        }
        try {
            JsonNode parsed = GeminiJson.MAPPER.readTree(arguments);
            if (parsed.isObject()) {
                return parsed;
            }
        } catch (JsonProcessingException e) {
            // The model (here: the simulator) produced arguments Gemini could not carry.
            throw new IllegalArgumentException("tool call arguments are not a JSON object: " + arguments, e);
        }
        throw new IllegalArgumentException("tool call arguments are not a JSON object: " + arguments);
    }

    /**
     * One {@code GenerateContentResponse}: a candidate with these parts (content left out when
     * there are none), and the finish reason and usage when given.
     */
    static ObjectNode chunk(ArrayNode parts, FinishReason finish, Usage usage, String model, String responseId) {
        ObjectNode body = GeminiJson.MAPPER.createObjectNode();
        ObjectNode candidate = body.putArray("candidates").addObject();
        if (!parts.isEmpty()) {
            ObjectNode content = candidate.putObject("content");
            content.put("role", "model");
            content.set("parts", parts);
        }
        if (finish != null) {
            candidate.put("finishReason", geminiFinishReason(finish));
        }
        candidate.put("index", 0);
        if (usage != null) {
            ObjectNode metadata = body.putObject("usageMetadata");
            metadata.put("promptTokenCount", usage.inputTokens());
            metadata.put("candidatesTokenCount", usage.outputTokens());
            metadata.put("totalTokenCount", usage.totalTokens());
            if (usage.cachedInputTokens() > 0) {
                metadata.put("cachedContentTokenCount", usage.cachedInputTokens());
            }
        }
        if (model != null) {
            body.put("modelVersion", model);
        }
        if (responseId != null) {
            body.put("responseId", responseId);
        }
        return body;
    }

    /** Gemini has no tool-calls reason (it says STOP) and calls every content filter SAFETY here. */
    static String geminiFinishReason(FinishReason reason) {
        return switch (reason) {
            case STOP, TOOL_CALLS -> "STOP";
            case LENGTH -> "MAX_TOKENS";
            case CONTENT_FILTER -> "SAFETY";
        };
    }

    /** Gemini's error body: {@code {"error": {code, message, status}}} with Google's status names. */
    static ObjectNode encodeError(int status, String message) {
        ObjectNode body = GeminiJson.MAPPER.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", status);
        error.put("message", message);
        error.put("status", googleStatus(status));
        return body;
    }

    static String googleStatus(int status) {
        return switch (status) {
            case 400 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 409 -> "ABORTED";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 499 -> "CANCELLED";
            case 501 -> "UNIMPLEMENTED";
            case 503 -> "UNAVAILABLE";
            case 504 -> "DEADLINE_EXCEEDED";
            default -> status >= 500 ? "INTERNAL" : "INVALID_ARGUMENT";
        };
    }
}
