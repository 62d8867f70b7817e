package io.routewise.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.chat.ChatRequest;
import io.routewise.chat.ChatResponse;
import io.routewise.chat.FinishReason;
import io.routewise.chat.InvalidRequestException;
import io.routewise.chat.Message;
import io.routewise.chat.ResponseFormat;
import io.routewise.chat.ToolCall;
import io.routewise.chat.Usage;
import io.routewise.config.ProviderKind;
import io.routewise.json.Json;
import io.routewise.providers.StreamEncoder;
import io.routewise.providers.ApiCodec;
import java.util.List;

/**
 * The OpenAI chat-completions format as an API server: how the router reads its own callers'
 * requests (strictly, naming the offending field) and writes its answers, streams and errors; the
 * simulator answers in it too. Stateless and thread-safe.
 *
 * @see <a href="https://platform.openai.com/docs/api-reference/chat">OpenAI chat completions</a>
 */
public final class OpenAiApiCodec implements ApiCodec {

    /** Stateless; share it. */
    public static final OpenAiApiCodec INSTANCE = new OpenAiApiCodec();

    @Override
    public ProviderKind kind() {
        return ProviderKind.OPENAI;
    }

    /**
     * Reads an OpenAI {@code response_format} object ({@code {"type": "json_object"}}, or
     * {@code json_schema} with {@code name}, {@code schema}, {@code strict}) as the router does for
     * client requests; null means text. Other readers of the same shape (the eval sets) use this.
     *
     * @throws InvalidRequestException whose {@code param} names the bad field
     */
    public static ResponseFormat readResponseFormat(JsonNode node) {
        return OpenAiRequestParser.responseFormat(node);
    }

    @Override
    public ChatRequest decodeRequest(JsonNode body, String modelFromPath) {
        return OpenAiRequestParser.parse(body, modelFromPath);
    }

    @Override
    public ObjectNode encodeResponse(ChatResponse response) {
        ObjectNode body = Json.object();
        body.put("id", response.id());
        body.put("object", "chat.completion");
        body.put("created", response.created());
        body.put("model", response.model());
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        Message answer = response.message();
        List<ToolCall> calls = answer == null ? List.of() : answer.toolCalls();
        String text = answer == null ? "" : answer.text();
        if (text.isEmpty() && !calls.isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", text);
        }
        if (!calls.isEmpty()) {
            ArrayNode array = message.putArray("tool_calls");
            for (ToolCall call : calls) {
                ObjectNode c = array.addObject();
                c.put("id", call.id());
                c.put("type", "function");
                ObjectNode fn = c.putObject("function");
                fn.put("name", call.name());
                fn.put("arguments", call.arguments());
            }
        }
        message.putNull("refusal");
        FinishReason finish = response.finishReason() != null ? response.finishReason()
                : calls.isEmpty() ? FinishReason.STOP : FinishReason.TOOL_CALLS;
        choice.putNull("logprobs");
        choice.put("finish_reason", finish.wireName());
        if (response.usage() != null) {
            body.set("usage", encodeUsage(response.usage()));
        }
        return body;
    }

    @Override
    public StreamEncoder newStreamEncoder(String responseId, String model, long created, boolean includeUsage) {
        return new OpenAiStreamEncoder(responseId, model, created, includeUsage);
    }

    @Override
    public ObjectNode encodeError(int status, String type, String message) {
        return error(message, type, null, null);
    }

    /** The error body for a rejected request, with its {@code param} and {@code code}. */
    public ObjectNode encodeError(InvalidRequestException e) {
        return error(e.getMessage(), "invalid_request_error", e.param(), e.code());
    }

    private static ObjectNode error(String message, String type, String param, String code) {
        ObjectNode body = Json.object();
        ObjectNode error = body.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        return body;
    }

    static ObjectNode encodeUsage(Usage usage) {
        ObjectNode node = Json.object();
        node.put("prompt_tokens", usage.inputTokens());
        node.put("completion_tokens", usage.outputTokens());
        node.put("total_tokens", usage.totalTokens());
        node.putObject("prompt_tokens_details").put("cached_tokens", usage.cachedInputTokens());
        return node;
    }
}
