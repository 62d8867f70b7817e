package io.routewise.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.chat.ChatRequest;
import io.routewise.chat.ChatResponse;
import io.routewise.chat.ContentPart;
import io.routewise.chat.FinishReason;
import io.routewise.chat.Message;
import io.routewise.chat.ResponseFormat;
import io.routewise.chat.Role;
import io.routewise.chat.ToolCall;
import io.routewise.chat.ToolChoice;
import io.routewise.chat.ToolDefinition;
import io.routewise.chat.Usage;
import io.routewise.config.ProviderKind;
import io.routewise.json.Json;
import io.routewise.providers.ProviderException;
import io.routewise.providers.StreamDecoder;
import io.routewise.providers.ProviderCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The OpenAI chat-completions format ({@code POST /chat/completions}) as a provider client: what the
 * router sends to OpenAI and every OpenAI-compatible server (DeepSeek, Mistral, Groq, Together, vLLM,
 * Ollama), and how it reads their answers and streams. Stateless and thread-safe.
 *
 * @see <a href="https://platform.openai.com/docs/api-reference/chat">OpenAI chat completions</a>
 */
public final class OpenAiProviderCodec implements ProviderCodec {

    /** Stateless; share it. */
    public static final OpenAiProviderCodec INSTANCE = new OpenAiProviderCodec();

    @Override
    public ProviderKind kind() {
        return ProviderKind.OPENAI;
    }

    @Override
    public String requestPath(String upstreamModel, boolean stream) {
        return "/chat/completions";
    }

    @Override
    public Map<String, String> authHeaders(String apiKey) {
        return Map.of("Authorization", "Bearer " + apiKey);
    }

    /**
     * The upstream body. Uses {@code max_tokens} (not {@code max_completion_tokens}) and the
     * {@code system} role (not {@code developer}) because every OpenAI-compatible server accepts
     * those, and asks for a usage chunk whenever it streams so cost is always known.
     */
    @Override
    public ObjectNode encodeRequest(ChatRequest request, String upstreamModel) {
        ObjectNode body = Json.object();
        body.put("model", upstreamModel);
        ArrayNode messages = body.putArray("messages");
        for (Message m : request.messages()) {
            messages.add(encodeMessage(m));
        }
        if (!request.tools().isEmpty()) {
            ArrayNode tools = body.putArray("tools");
            for (ToolDefinition t : request.tools()) {
                tools.add(encodeTool(t));
            }
        }
        if (request.toolChoice() != null) {
            body.set("tool_choice", encodeToolChoice(request.toolChoice()));
        }
        if (request.responseFormat().type() != ResponseFormat.Type.TEXT) {
            body.set("response_format", encodeResponseFormat(request.responseFormat()));
        }
        if (request.temperature() != null) {
            body.put("temperature", request.temperature());
        }
        if (request.topP() != null) {
            body.put("top_p", request.topP());
        }
        if (request.maxTokens() != null) {
            body.put("max_tokens", request.maxTokens());
        }
        if (!request.stop().isEmpty()) {
            ArrayNode stop = body.putArray("stop");
            request.stop().forEach(stop::add);
        }
        if (request.seed() != null) {
            body.put("seed", request.seed());
        }
        if (request.user() != null) {
            body.put("user", request.user());
        }
        if (request.stream()) {
            body.put("stream", true);
            body.putObject("stream_options").put("include_usage", true);
        }
        for (Map.Entry<String, JsonNode> e : request.extra().entrySet()) {
            if (!body.has(e.getKey())) {
                body.set(e.getKey(), e.getValue());
            }
        }
        return body;
    }

    private static ObjectNode encodeMessage(Message m) {
        ObjectNode node = Json.object();
        node.put("role", m.role() == Role.DEVELOPER ? "system" : m.role().wireName());
        List<ContentPart> content = m.content();
        if (content.isEmpty()) {
            if (m.role() == Role.ASSISTANT && !m.toolCalls().isEmpty()) {
                node.putNull("content");
            } else {
                node.put("content", "");
            }
        } else if (content.size() == 1 && content.get(0) instanceof ContentPart.Text t) {
            node.put("content", t.text());
        } else {
            ArrayNode parts = node.putArray("content");
            for (ContentPart part : content) {
                parts.add(encodePart(part));
            }
        }
        if (m.name() != null) {
            node.put("name", m.name());
        }
        if (!m.toolCalls().isEmpty()) {
            ArrayNode calls = node.putArray("tool_calls");
            for (ToolCall call : m.toolCalls()) {
                ObjectNode c = calls.addObject();
                c.put("id", call.id());
                c.put("type", "function");
                ObjectNode fn = c.putObject("function");
                fn.put("name", call.name());
                fn.put("arguments", call.arguments());
            }
        }
        if (m.toolCallId() != null) {
            node.put("tool_call_id", m.toolCallId());
        }
        return node;
    }

    private static ObjectNode encodePart(ContentPart part) {
        ObjectNode node = Json.object();
        if (part instanceof ContentPart.Text t) {
            node.put("type", "text");
            node.put("text", t.text());
        } else if (part instanceof ContentPart.Image img) {
            node.put("type", "image_url");
            ObjectNode url = node.putObject("image_url");
            url.put("url", img.url());
            if (img.detail() != null) {
                url.put("detail", img.detail());
            }
        }
        return node;
    }

    private static ObjectNode encodeTool(ToolDefinition t) {
        ObjectNode tool = Json.object();
        tool.put("type", "function");
        ObjectNode fn = tool.putObject("function");
        fn.put("name", t.name());
        if (t.description() != null) {
            fn.put("description", t.description());
        }
        if (t.parameters() != null) {
            fn.set("parameters", t.parameters());
        }
        if (t.strict() != null) {
            fn.put("strict", t.strict());
        }
        return tool;
    }

    private static JsonNode encodeToolChoice(ToolChoice choice) {
        switch (choice.mode()) {
            case FUNCTION:
                ObjectNode node = Json.object();
                node.put("type", "function");
                node.putObject("function").put("name", choice.functionName());
                return node;
            case NONE:
                return Json.MAPPER.getNodeFactory().textNode("none");
            case REQUIRED:
                return Json.MAPPER.getNodeFactory().textNode("required");
            default:
                return Json.MAPPER.getNodeFactory().textNode("auto");
        }
    }

    private static ObjectNode encodeResponseFormat(ResponseFormat format) {
        ObjectNode node = Json.object();
        if (format.type() == ResponseFormat.Type.JSON_OBJECT) {
            node.put("type", "json_object");
            return node;
        }
        node.put("type", "json_schema");
        ObjectNode spec = node.putObject("json_schema");
        spec.put("name", format.name() != null ? format.name() : "response");
        if (format.schema() != null) {
            spec.set("schema", format.schema());
        }
        if (format.strict() != null) {
            spec.put("strict", format.strict());
        }
        return node;
    }

    @Override
    public ChatResponse decodeResponse(JsonNode body) throws ProviderException {
        if (body == null || !body.isObject()) {
            throw badResponse("the answer is not a JSON object");
        }
        JsonNode error = body.get("error");
        if (error != null && !error.isNull()) {
            throw badResponse("the provider answered with an error: " + errorMessage(error));
        }
        JsonNode choices = body.get("choices");
        if (choices == null || !choices.isArray() || choices.isEmpty() || !choices.get(0).isObject()) {
            throw badResponse("the answer has no 'choices'");
        }
        JsonNode choice = choices.get(0);
        JsonNode message = choice.get("message");
        if (message == null || !message.isObject()) {
            throw badResponse("'choices[0].message' is missing");
        }
        List<ContentPart> content = new ArrayList<>(1);
        String text = contentText(message.get("content"));
        if (text != null && !text.isEmpty()) {
            content.add(new ContentPart.Text(text));
        } else if (message.hasNonNull("refusal")) {
            content.add(new ContentPart.Text(message.get("refusal").asText()));
        }
        List<ToolCall> calls = List.of();
        JsonNode toolCalls = message.get("tool_calls");
        if (toolCalls != null && toolCalls.isArray() && !toolCalls.isEmpty()) {
            calls = new ArrayList<>(toolCalls.size());
            for (JsonNode call : toolCalls) {
                JsonNode fn = call.path("function");
                if (!fn.path("name").isTextual()) {
                    throw badResponse("a tool call has no function name");
                }
                JsonNode args = fn.get("arguments");
                // Some compatible servers send the arguments as an object rather than JSON text.
                String arguments = args == null || args.isNull() ? "{}" : args.isTextual() ? args.textValue() : args.toString();
                calls.add(new ToolCall(call.path("id").asText(""), fn.get("name").textValue(), arguments));
            }
        }
        FinishReason finish = finishReason(choice.get("finish_reason"), !calls.isEmpty());
        Message answer = new Message(Role.ASSISTANT, content, null, calls, null);
        return new ChatResponse(body.path("id").asText(""), body.path("model").asText(""),
                body.path("created").asLong(0), answer, finish, usage(body.get("usage")));
    }

    /** Message content as text: a string, or (some compatible servers) an array of text parts. */
    private static String contentText(JsonNode content) {
        if (content == null || content.isNull()) {
            return null;
        }
        if (content.isTextual()) {
            return content.textValue();
        }
        if (content.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode part : content) {
                if (part.path("text").isTextual()) {
                    sb.append(part.get("text").textValue());
                }
            }
            return sb.toString();
        }
        return content.asText();
    }

    /** OpenAI's finish reason; unknown or missing ones map to STOP (or TOOL_CALLS when it called tools). */
    static FinishReason finishReason(JsonNode node, boolean calledTools) {
        if (node == null || !node.isTextual()) {
            return calledTools ? FinishReason.TOOL_CALLS : FinishReason.STOP;
        }
        String name = node.textValue();
        if (name.equals("function_call")) {
            return FinishReason.TOOL_CALLS;
        }
        FinishReason reason = FinishReason.fromWire(name);
        if (reason == null) {
            return calledTools ? FinishReason.TOOL_CALLS : FinishReason.STOP;
        }
        return reason;
    }

    /** OpenAI usage, with cached prompt tokens from {@code prompt_tokens_details} (or DeepSeek's field). */
    static Usage usage(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        int cached = node.path("prompt_tokens_details").path("cached_tokens").asInt(0);
        if (cached == 0) {
            cached = node.path("prompt_cache_hit_tokens").asInt(0);
        }
        return new Usage(node.path("prompt_tokens").asInt(0), node.path("completion_tokens").asInt(0), cached);
    }

    static String errorMessage(JsonNode error) {
        if (error.isTextual()) {
            return error.textValue();
        }
        JsonNode message = error.get("message");
        return message != null && message.isTextual() ? message.textValue() : error.toString();
    }

    private static ProviderException badResponse(String why) {
        return new ProviderException(ProviderException.Kind.BAD_RESPONSE, "Unreadable OpenAI answer: " + why + ".");
    }

    @Override
    public StreamDecoder newStreamDecoder() {
        return new OpenAiStreamDecoder();
    }
}
