package io.routewise.providers.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routewise.chat.ChatRequest;
import io.routewise.chat.ChatResponse;
import io.routewise.chat.ContentPart;
import io.routewise.chat.FinishReason;
import io.routewise.chat.Message;
import io.routewise.chat.ResponseFormat;
import io.routewise.chat.Role;
import io.routewise.chat.StreamEvent;
import io.routewise.chat.ToolCall;
import io.routewise.chat.ToolChoice;
import io.routewise.chat.ToolDefinition;
import io.routewise.chat.Usage;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Canonical requests, answers and streams that exercise every feature a wire format translates:
 * the inputs of the conformance tests. Each is named for the feature it covers.
 */
final class CanonicalChats {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "auto";
    /** A 1x1 PNG. */
    private static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==";

    private CanonicalChats() {
    }

    /** A named canonical value. */
    record Case<T>(String name, T value) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final JsonNode WEATHER_PARAMETERS = json("""
            {"type":"object","properties":{
               "city":{"type":"string","description":"City name"},
               "unit":{"type":"string","enum":["celsius","fahrenheit"]}},
             "required":["city"],"additionalProperties":false}""");

    private static final ToolDefinition WEATHER = new ToolDefinition("get_weather", "Current weather in a city",
            WEATHER_PARAMETERS, null);
    private static final ToolDefinition CLOCK = new ToolDefinition("get_time", null, null, null);

    private static ChatRequest request(List<Message> messages, List<ToolDefinition> tools, ToolChoice choice,
                                       ResponseFormat format, Double temperature, Double topP, Integer maxTokens,
                                       List<String> stop, Long seed, String user, boolean stream) {
        return new ChatRequest(MODEL, messages, tools, choice, format, temperature, topP, maxTokens, stop, seed, user,
                stream, stream, null, null);
    }

    private static ChatRequest simple(Message... messages) {
        return ChatRequest.of(MODEL, List.of(messages));
    }

    static List<Case<ChatRequest>> requests() {
        Message hello = Message.text(Role.USER, "Hello!");
        ToolCall call = new ToolCall("call_abc123", "get_weather", "{\"city\":\"Paris\"}");
        ToolCall second = new ToolCall("call_def456", "get_time", "{}");
        JsonNode answerSchema = json("""
                {"type":"object","properties":{"answer":{"type":"string"},"confidence":{"type":"number"}},
                 "required":["answer","confidence"],"additionalProperties":false}""");
        return List.of(
                new Case<>("plain", simple(hello)),
                new Case<>("systemPrompt", simple(Message.text(Role.SYSTEM, "You are terse."), hello)),
                new Case<>("developerPrompt", simple(Message.text(Role.DEVELOPER, "Answer in French."), hello)),
                new Case<>("inlineImage", simple(new Message(Role.USER, List.of(
                        new ContentPart.Text("What is in this picture?"),
                        ContentPart.Image.inline("image/png", PNG)), null, null, null))),
                new Case<>("remoteImageWithDetail", simple(new Message(Role.USER, List.of(
                        new ContentPart.Text("Describe it."),
                        new ContentPart.Image("https://example.com/cat.png", "high")), null, null, null))),
                new Case<>("namedParticipant", simple(new Message(Role.USER, List.of(new ContentPart.Text("Hi")),
                        "alice", null, null))),
                new Case<>("strictTool", request(List.of(Message.text(Role.USER, "Weather in Paris?")),
                        List.of(new ToolDefinition("get_weather", "Weather", WEATHER_PARAMETERS, true)),
                        null, null, null, null, null, null, null, null, false)),
                new Case<>("toolsAuto", request(List.of(Message.text(Role.USER, "Weather in Paris?")),
                        List.of(WEATHER, CLOCK), ToolChoice.AUTO, null, null, null, null, null, null, null, false)),
                new Case<>("toolsRequired", request(List.of(Message.text(Role.USER, "Weather in Paris?")),
                        List.of(WEATHER), ToolChoice.REQUIRED, null, null, null, null, null, null, null, false)),
                new Case<>("toolsNamedFunction", request(List.of(Message.text(Role.USER, "Weather in Paris?")),
                        List.of(WEATHER, CLOCK), ToolChoice.function("get_weather"), null, null, null, null, null,
                        null, null, false)),
                new Case<>("toolsNone", request(List.of(Message.text(Role.USER, "Just chat.")),
                        List.of(WEATHER), ToolChoice.NONE, null, null, null, null, null, null, null, false)),
                new Case<>("multiTurnWithToolResults", request(List.of(
                                Message.text(Role.SYSTEM, "Use tools when helpful."),
                                Message.text(Role.USER, "Weather and time in Paris?"),
                                Message.assistantToolCalls(List.of(call, second)),
                                Message.toolResult("call_abc123", "{\"temp_c\":18,\"sky\":\"clear\"}"),
                                Message.toolResult("call_def456", "14:05"),
                                Message.text(Role.ASSISTANT, "It is 18C and clear; the time is 14:05."),
                                Message.text(Role.USER, "Thanks! And tomorrow?")),
                        List.of(WEATHER, CLOCK), ToolChoice.AUTO, null, null, null, null, null, null, null, false)),
                new Case<>("assistantTextAndToolCall", request(List.of(
                                Message.text(Role.USER, "Weather in Paris?"),
                                new Message(Role.ASSISTANT, List.of(new ContentPart.Text("Let me check.")), null,
                                        List.of(call), null),
                                Message.toolResult("call_abc123", "sunny")),
                        List.of(WEATHER), null, null, null, null, null, null, null, null, false)),
                new Case<>("jsonObject", request(List.of(Message.text(Role.USER, "Give me JSON with a key 'a'.")),
                        null, null, ResponseFormat.JSON_OBJECT, null, null, null, null, null, null, false)),
                new Case<>("jsonSchema", request(List.of(Message.text(Role.USER, "Capital of France?")), null, null,
                        new ResponseFormat(ResponseFormat.Type.JSON_SCHEMA, "answer", answerSchema, true),
                        null, null, null, null, null, null, false)),
                new Case<>("samplingAndStops", request(List.of(hello), null, null, null, 0.3, 0.9, 256,
                        List.of("END", "\n\n"), 42L, "user-7", false)),
                new Case<>("openAiOnlyExtras", new ChatRequest(MODEL, List.of(hello), null, null, null, null, null,
                        null, null, null, null, false, false, null,
                        Map.of("presence_penalty", json("0.5"), "logit_bias", json("{\"50256\":-100}")))),
                new Case<>("streamingWithUsage", request(List.of(hello), null, null, null, 1.0, null, 64, null, null,
                        null, true)));
    }

    private static final Usage USAGE = new Usage(42, 7, 0);

    static List<Case<ChatResponse>> responses() {
        long created = 1_700_000_000L;
        ToolCall call = new ToolCall("call_abc123", "get_weather", "{\"city\":\"Paris\",\"unit\":\"celsius\"}");
        ToolCall second = new ToolCall("call_def456", "get_time", "{}");
        return List.of(
                new Case<>("text", new ChatResponse("resp_1", "model-x", created,
                        Message.text(Role.ASSISTANT, "Hello there."), FinishReason.STOP, USAGE)),
                new Case<>("truncated", new ChatResponse("resp_2", "model-x", created,
                        Message.text(Role.ASSISTANT, "Once upon a"), FinishReason.LENGTH, USAGE)),
                new Case<>("toolCalls", new ChatResponse("resp_3", "model-x", created,
                        Message.assistantToolCalls(List.of(call, second)), FinishReason.TOOL_CALLS, USAGE)),
                new Case<>("textAndToolCall", new ChatResponse("resp_4", "model-x", created,
                        new Message(Role.ASSISTANT, List.of(new ContentPart.Text("Checking.")), null, List.of(call),
                                null), FinishReason.TOOL_CALLS, USAGE)),
                new Case<>("contentFiltered", new ChatResponse("resp_5", "model-x", created,
                        Message.text(Role.ASSISTANT, ""), FinishReason.CONTENT_FILTER, USAGE)),
                new Case<>("cachedUsage", new ChatResponse("resp_6", "model-x", created,
                        Message.text(Role.ASSISTANT, "Hi again."), FinishReason.STOP, new Usage(1200, 9, 1024))),
                new Case<>("noUsage", new ChatResponse("resp_7", "model-x", created,
                        Message.text(Role.ASSISTANT, "Hi."), FinishReason.STOP, null)));
    }

    /**
     * Event sequences as a provider adapter would emit them: deltas, then Finish, then an
     * optional usage report.
     */
    static List<Case<List<StreamEvent>>> streams() {
        return List.of(
                new Case<>("textWithUsage", List.of(new StreamEvent.TextDelta("Hel"), new StreamEvent.TextDelta("lo!"),
                        new StreamEvent.Finish(FinishReason.STOP), new StreamEvent.UsageReport(USAGE))),
                new Case<>("textWithoutUsage", List.of(new StreamEvent.TextDelta("Hi"),
                        new StreamEvent.Finish(FinishReason.LENGTH))),
                new Case<>("emptyAnswer", List.of(new StreamEvent.Finish(FinishReason.STOP),
                        new StreamEvent.UsageReport(new Usage(5, 0, 0)))),
                new Case<>("twoToolCalls", List.of(
                        new StreamEvent.ToolCallDelta(0, "call_abc123", "get_weather", ""),
                        new StreamEvent.ToolCallDelta(0, null, null, "{\"city\":"),
                        new StreamEvent.ToolCallDelta(0, null, null, "\"Paris\"}"),
                        new StreamEvent.ToolCallDelta(1, "call_def456", "get_time", "{}"),
                        new StreamEvent.Finish(FinishReason.TOOL_CALLS), new StreamEvent.UsageReport(USAGE))),
                new Case<>("contentFiltered", List.of(new StreamEvent.TextDelta("I can"),
                        new StreamEvent.Finish(FinishReason.CONTENT_FILTER), new StreamEvent.UsageReport(USAGE))),
                new Case<>("textThenToolCall", List.of(new StreamEvent.TextDelta("Checking."),
                        new StreamEvent.ToolCallDelta(0, "call_abc123", "get_weather", "{\"city\":\"Paris\"}"),
                        new StreamEvent.Finish(FinishReason.TOOL_CALLS), new StreamEvent.UsageReport(USAGE))));
    }
}
