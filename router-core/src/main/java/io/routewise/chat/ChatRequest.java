package io.routewise.chat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The canonical chat request: what every wire format is translated to and from. It follows the
 * OpenAI chat-completions model, which the router's own API speaks.
 *
 * @param model         the model the client asked for ({@code auto} lets the router choose)
 * @param maxTokens     the output cap ({@code max_tokens} or {@code max_completion_tokens}), or null
 * @param stop          stop sequences (empty when none)
 * @param stream        whether the answer is streamed
 * @param includeUsage  {@code stream_options.include_usage}: send a final usage chunk
 * @param routing       Routewise's own knobs
 * @param extra         OpenAI fields the router does not interpret (e.g. {@code presence_penalty}),
 *                      passed through to OpenAI-compatible upstreams untouched
 */
public record ChatRequest(
        String model,
        List<Message> messages,
        List<ToolDefinition> tools,
        ToolChoice toolChoice,
        ResponseFormat responseFormat,
        Double temperature,
        Double topP,
        Integer maxTokens,
        List<String> stop,
        Long seed,
        String user,
        boolean stream,
        boolean includeUsage,
        RoutingOptions routing,
        Map<String, JsonNode> extra) {

    public ChatRequest {
        messages = messages == null ? List.of() : List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
        stop = stop == null ? List.of() : List.copyOf(stop);
        routing = routing == null ? RoutingOptions.NONE : routing;
        responseFormat = responseFormat == null ? ResponseFormat.TEXT : responseFormat;
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    /** A minimal request: these messages to that model, nothing else set. */
    public static ChatRequest of(String model, List<Message> messages) {
        return new ChatRequest(model, messages, null, null, null, null, null, null, null, null, null,
                false, false, null, null);
    }

    public ChatRequest withModel(String newModel) {
        return new ChatRequest(newModel, messages, tools, toolChoice, responseFormat, temperature, topP, maxTokens,
                stop, seed, user, stream, includeUsage, routing, extra);
    }

    public ChatRequest withStream(boolean newStream, boolean newIncludeUsage) {
        return new ChatRequest(model, messages, tools, toolChoice, responseFormat, temperature, topP, maxTokens,
                stop, seed, user, newStream, newIncludeUsage, routing, extra);
    }

    public ChatRequest withExtra(Map<String, JsonNode> newExtra) {
        return new ChatRequest(model, messages, tools, toolChoice, responseFormat, temperature, topP, maxTokens,
                stop, seed, user, stream, includeUsage, routing, newExtra);
    }

    public ChatRequest withRouting(RoutingOptions newRouting) {
        return new ChatRequest(model, messages, tools, toolChoice, responseFormat, temperature, topP, maxTokens,
                stop, seed, user, stream, includeUsage, newRouting, extra);
    }

    public boolean usesTools() {
        return !tools.isEmpty();
    }

    public boolean hasImages() {
        return messages.stream().anyMatch(Message::hasImages);
    }
}
