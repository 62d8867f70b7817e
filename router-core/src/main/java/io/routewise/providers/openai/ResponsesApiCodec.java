package io.routewise.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.chat.ChatRequest;
import io.routewise.chat.ChatResponse;
import io.routewise.chat.FinishReason;
import io.routewise.chat.Message;
import io.routewise.chat.ToolCall;
import io.routewise.chat.Usage;
import io.routewise.config.ProviderKind;
import io.routewise.json.Json;
import io.routewise.providers.ApiCodec;
import io.routewise.providers.StreamEncoder;
import java.util.List;

/**
 * The OpenAI Responses API as an API server, its stateless part ({@code POST /v1/responses}): requests
 * read by {@link ResponsesRequestDecoder}; an answer written as a {@code response} object whose
 * {@code output} holds a {@code message} item (its {@code output_text}) and a {@code function_call} item
 * per tool call; streams as the Responses events ({@link ResponsesStreamEncoder}); errors in OpenAI's shape.
 *
 * @see <a href="https://platform.openai.com/docs/api-reference/responses">OpenAI Responses</a>
 */
public final class ResponsesApiCodec implements ApiCodec {

    /** Stateless; share it. */
    public static final ResponsesApiCodec INSTANCE = new ResponsesApiCodec();

    @Override
    public ProviderKind kind() {
        return ProviderKind.OPENAI;
    }

    @Override
    public ChatRequest decodeRequest(JsonNode body, String modelFromPath) {
        return ResponsesRequestDecoder.decode(body);
    }

    @Override
    public ObjectNode encodeResponse(ChatResponse response) {
        return response(responseId(response.id()), response.model(), response.created(), "completed",
                output(response.message(), response.id()), response.usage(), response.finishReason());
    }

    @Override
    public StreamEncoder newStreamEncoder(String responseId, String model, long created, boolean includeUsage) {
        return new ResponsesStreamEncoder(responseId(responseId), model, created);
    }

    @Override
    public ObjectNode encodeError(int status, String type, String message) {
        return OpenAiApiCodec.INSTANCE.encodeError(status, type, message);
    }

    /** A {@code resp_} id for the router's response id. */
    static String responseId(String id) {
        return id != null && id.startsWith("resp_") ? id : "resp_" + (id == null ? "" : id.replaceAll("[^A-Za-z0-9]", ""));
    }

    /** The {@code output} items of an answer. */
    static ArrayNode output(Message answer, String id) {
        ArrayNode output = Json.MAPPER.createArrayNode();
        String text = answer == null ? "" : answer.text();
        List<ToolCall> calls = answer == null ? List.of() : answer.toolCalls();
        if (!text.isEmpty() || calls.isEmpty()) {
            output.add(messageItem("msg_" + suffix(id), text, "completed"));
        }
        for (int i = 0; i < calls.size(); i++) {
            output.add(functionCallItem("fc_" + suffix(id) + "_" + i, calls.get(i).id(), calls.get(i).name(),
                    calls.get(i).arguments(), "completed"));
        }
        return output;
    }

    static ObjectNode messageItem(String id, String text, String status) {
        ObjectNode item = Json.object();
        item.put("type", "message");
        item.put("id", id);
        item.put("status", status);
        item.put("role", "assistant");
        ArrayNode content = item.putArray("content");
        if (text != null) {
            content.add(outputText(text));
        }
        return item;
    }

    static ObjectNode outputText(String text) {
        ObjectNode part = Json.object();
        part.put("type", "output_text");
        part.put("text", text);
        part.putArray("annotations");
        part.putArray("logprobs");
        return part;
    }

    static ObjectNode functionCallItem(String id, String callId, String name, String arguments, String status) {
        ObjectNode item = Json.object();
        item.put("type", "function_call");
        item.put("id", id);
        item.put("call_id", callId);
        item.put("name", name);
        item.put("arguments", arguments == null ? "" : arguments);
        item.put("status", status);
        return item;
    }

    /** The {@code response} object (also the payload of the stream's created and completed events). */
    static ObjectNode response(String id, String model, long created, String status, ArrayNode output, Usage usage,
                               FinishReason finish) {
        ObjectNode r = Json.object();
        r.put("id", id);
        r.put("object", "response");
        r.put("created_at", created);
        boolean cut = finish == FinishReason.LENGTH && "completed".equals(status);
        r.put("status", cut ? "incomplete" : status);
        r.putNull("error");
        if (cut) {
            r.putObject("incomplete_details").put("reason", "max_output_tokens");
        } else {
            r.putNull("incomplete_details");
        }
        r.putNull("instructions");
        r.putNull("max_output_tokens");
        r.put("model", model);
        r.set("output", output);
        r.put("parallel_tool_calls", true);
        r.putNull("previous_response_id");
        r.putNull("reasoning");
        r.put("store", false);
        r.putNull("temperature");
        r.putObject("text").putObject("format").put("type", "text");
        r.put("tool_choice", "auto");
        r.putArray("tools");
        r.putNull("top_p");
        r.put("truncation", "disabled");
        if (usage != null) {
            ObjectNode u = r.putObject("usage");
            u.put("input_tokens", usage.inputTokens());
            u.putObject("input_tokens_details").put("cached_tokens", usage.cachedInputTokens()).put("cache_write_tokens", 0);
            u.put("output_tokens", usage.outputTokens());
            u.putObject("output_tokens_details").put("reasoning_tokens", 0);
            u.put("total_tokens", usage.totalTokens());
        }
        r.putObject("metadata");
        return r;
    }

    private static String suffix(String id) {
        return id == null ? "0" : id.replaceAll("[^A-Za-z0-9]", "");
    }
}
