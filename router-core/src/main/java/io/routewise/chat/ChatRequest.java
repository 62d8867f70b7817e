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
        return builder(model, messages).build();
    }

    /** A request built field by field; what is not set is absent (null, empty, false). */
    public static Builder builder(String model, List<Message> messages) {
        return new Builder(model, messages);
    }

    /** A builder holding every field of this request, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder(model, messages);
        b.tools = tools;
        b.toolChoice = toolChoice;
        b.responseFormat = responseFormat;
        b.temperature = temperature;
        b.topP = topP;
        b.maxTokens = maxTokens;
        b.stop = stop;
        b.seed = seed;
        b.user = user;
        b.stream = stream;
        b.includeUsage = includeUsage;
        b.routing = routing;
        b.extra = extra;
        return b;
    }

    public ChatRequest withModel(String newModel) {
        return toBuilder().model(newModel).build();
    }

    public ChatRequest withStream(boolean newStream, boolean newIncludeUsage) {
        return toBuilder().stream(newStream, newIncludeUsage).build();
    }

    public ChatRequest withExtra(Map<String, JsonNode> newExtra) {
        return toBuilder().extra(newExtra).build();
    }

    public ChatRequest withRouting(RoutingOptions newRouting) {
        return toBuilder().routing(newRouting).build();
    }

    /** Builds a {@link ChatRequest} by name instead of by position. */
    public static final class Builder {
        private String model;
        private final List<Message> messages;
        private List<ToolDefinition> tools;
        private ToolChoice toolChoice;
        private ResponseFormat responseFormat;
        private Double temperature;
        private Double topP;
        private Integer maxTokens;
        private List<String> stop;
        private Long seed;
        private String user;
        private boolean stream;
        private boolean includeUsage;
        private RoutingOptions routing;
        private Map<String, JsonNode> extra;

        private Builder(String model, List<Message> messages) {
            this.model = model;
            this.messages = messages;
        }

        public Builder model(String v) {
            model = v;
            return this;
        }

        public Builder tools(List<ToolDefinition> v) {
            tools = v;
            return this;
        }

        public Builder toolChoice(ToolChoice v) {
            toolChoice = v;
            return this;
        }

        public Builder responseFormat(ResponseFormat v) {
            responseFormat = v;
            return this;
        }

        public Builder temperature(Double v) {
            temperature = v;
            return this;
        }

        public Builder topP(Double v) {
            topP = v;
            return this;
        }

        public Builder maxTokens(Integer v) {
            maxTokens = v;
            return this;
        }

        public Builder stop(List<String> v) {
            stop = v;
            return this;
        }

        public Builder seed(Long v) {
            seed = v;
            return this;
        }

        public Builder user(String v) {
            user = v;
            return this;
        }

        /** Streamed or not, and whether a stream ends with a usage report. */
        public Builder stream(boolean streamed, boolean withUsage) {
            stream = streamed;
            includeUsage = withUsage;
            return this;
        }

        public Builder routing(RoutingOptions v) {
            routing = v;
            return this;
        }

        public Builder extra(Map<String, JsonNode> v) {
            extra = v;
            return this;
        }

        public ChatRequest build() {
            return new ChatRequest(model, messages, tools, toolChoice, responseFormat, temperature, topP, maxTokens, stop,
                    seed, user, stream, includeUsage, routing, extra);
        }
    }

    public boolean usesTools() {
        return !tools.isEmpty();
    }

    public boolean hasImages() {
        return messages.stream().anyMatch(Message::hasImages);
    }
}
