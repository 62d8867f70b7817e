package io.routewise.providers.openai;

import static io.routewise.providers.openai.OpenAiWireDecodeRequestTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.routewise.json.Json;
import io.routewise.providers.ProviderException;
import io.routewise.providers.SseFrame;
import io.routewise.providers.StreamDecoder;
import io.routewise.providers.StreamEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenAiWireRoundTripTest {

    private static final OpenAiProviderCodec CLIENT = OpenAiProviderCodec.INSTANCE;
    private static final OpenAiApiCodec SERVER = OpenAiApiCodec.INSTANCE;

    /** Client encode, then the gateway's strict decode: the canonical request survives. */
    private static ChatRequest roundTrip(ChatRequest request) {
        return SERVER.decodeRequest(CLIENT.encodeRequest(request, request.model()), null);
    }

    @Test
    void textRequestSurvivesRoundTripWithSamplingFields() {
        ChatRequest request = new ChatRequest("gpt-4o-mini",
                List.of(Message.text(Role.SYSTEM, "be brief"), Message.text(Role.USER, "hello")),
                null, null, null, 0.2, 0.95, 64, List.of("\n\n"), 42L, "user-9", false, false, null,
                Map.of("presence_penalty", json("0.5")));
        assertThat(roundTrip(request)).isEqualTo(request);
    }

    @Test
    void encodesUpstreamModelMaxTokensAndSystemForDeveloper() {
        ChatRequest request = new ChatRequest("auto", List.of(Message.text(Role.DEVELOPER, "rules"),
                Message.text(Role.USER, "q")), null, null, null, null, null, 10, null, null, null, false, false,
                null, null);
        ObjectNode body = CLIENT.encodeRequest(request, "deepseek-chat");
        assertThat(body.get("model").textValue()).isEqualTo("deepseek-chat");
        assertThat(body.get("max_tokens").intValue()).isEqualTo(10);
        assertThat(body.has("max_completion_tokens")).isFalse();
        assertThat(body.at("/messages/0/role").textValue()).isEqualTo("system");
        assertThat(body.has("routewise")).isFalse();
        assertThat(body.has("stream")).isFalse();
    }

    @Test
    void streamingRequestAlwaysAsksForUsage() {
        ChatRequest request = ChatRequest.of("m", List.of(Message.text(Role.USER, "q"))).withStream(true, false);
        ObjectNode body = CLIENT.encodeRequest(request, "m");
        assertThat(body.get("stream").booleanValue()).isTrue();
        assertThat(body.at("/stream_options/include_usage").booleanValue()).isTrue();
    }

    @Test
    void imagesSurviveRoundTripAsImageUrlParts() {
        Message user = new Message(Role.USER, List.of(new ContentPart.Text("describe"),
                new ContentPart.Image("https://example.com/cat.png", "high"), ContentPart.Image.inline("image/jpeg", "AQID")),
                null, null, null);
        ChatRequest request = ChatRequest.of("gpt-4o", List.of(user));
        ObjectNode body = CLIENT.encodeRequest(request, "gpt-4o");
        assertThat(body.at("/messages/0/content/1")).isEqualTo(json(
                "{'type':'image_url','image_url':{'url':'https://example.com/cat.png','detail':'high'}}"));
        assertThat(body.at("/messages/0/content/2/image_url/url").textValue()).isEqualTo("data:image/jpeg;base64,AQID");
        assertThat(roundTrip(request)).isEqualTo(request);
    }

    @Test
    void toolsAndToolResultsSurviveMultiTurnRoundTrip() {
        ToolDefinition weather = new ToolDefinition("weather", "Weather for a city",
                json("{'type':'object','properties':{'city':{'type':'string'}},'required':['city']}"), true);
        ChatRequest request = new ChatRequest("gpt-4o-mini", List.of(
                Message.text(Role.USER, "Weather in Oslo and Bergen?"),
                Message.assistantToolCalls(List.of(new ToolCall("call_a", "weather", "{\"city\":\"Oslo\"}"),
                        new ToolCall("call_b", "weather", "{\"city\":\"Bergen\"}"))),
                Message.toolResult("call_a", "rain, 8C"),
                Message.toolResult("call_b", "sun, 12C"),
                Message.text(Role.ASSISTANT, "Oslo: rain. Bergen: sun."),
                Message.text(Role.USER, "Thanks")),
                List.of(weather), ToolChoice.REQUIRED, null, null, null, null, null, null, null, false, false, null, null);
        ObjectNode body = CLIENT.encodeRequest(request, "gpt-4o-mini");
        assertThat(body.at("/messages/1/content").isNull()).isTrue();
        assertThat(body.at("/messages/1/tool_calls/1")).isEqualTo(json(
                "{'id':'call_b','type':'function','function':{'name':'weather','arguments':'{\\'city\\':\\'Bergen\\'}'}}"));
        assertThat(body.at("/messages/2/tool_call_id").textValue()).isEqualTo("call_a");
        assertThat(body.get("tool_choice").textValue()).isEqualTo("required");
        assertThat(roundTrip(request)).isEqualTo(request);

        ChatRequest named = new ChatRequest("m", request.messages(), List.of(weather), ToolChoice.function("weather"),
                null, null, null, null, null, null, null, false, false, null, null);
        assertThat(CLIENT.encodeRequest(named, "m").get("tool_choice"))
                .isEqualTo(json("{'type':'function','function':{'name':'weather'}}"));
        assertThat(roundTrip(named)).isEqualTo(named);
    }

    @Test
    void jsonModesSurviveRoundTrip() {
        ChatRequest jsonObject = new ChatRequest("m", List.of(Message.text(Role.USER, "json please")), null, null,
                ResponseFormat.JSON_OBJECT, null, null, null, null, null, null, false, false, null, null);
        assertThat(CLIENT.encodeRequest(jsonObject, "m").get("response_format")).isEqualTo(json("{'type':'json_object'}"));
        assertThat(roundTrip(jsonObject)).isEqualTo(jsonObject);

        ResponseFormat schema = new ResponseFormat(ResponseFormat.Type.JSON_SCHEMA, "person",
                json("{'type':'object','properties':{'name':{'type':'string'}}}"), true);
        ChatRequest jsonSchema = new ChatRequest("m", List.of(Message.text(Role.USER, "who?")), null, null, schema,
                null, null, null, null, null, null, false, false, null, null);
        assertThat(CLIENT.encodeRequest(jsonSchema, "m").get("response_format")).isEqualTo(json(
                "{'type':'json_schema','json_schema':{'name':'person','schema':{'type':'object','properties':{'name':{'type':'string'}}},'strict':true}}"));
        assertThat(roundTrip(jsonSchema)).isEqualTo(jsonSchema);
    }

    @Test
    void extraFieldsGoBackUpstreamWithoutOverridingKnownOnes() {
        ChatRequest request = new ChatRequest("m", List.of(Message.text(Role.USER, "q")), null, null, null, null, null,
                null, null, null, null, false, false, null,
                Map.of("logit_bias", json("{'1':2}"), "model", json("'sneaky'")));
        ObjectNode body = CLIENT.encodeRequest(request, "upstream");
        assertThat(body.get("logit_bias")).isEqualTo(json("{'1':2}"));
        assertThat(body.get("model").textValue()).isEqualTo("upstream");
    }

    @Test
    void textResponseSurvivesRoundTripWithCachedUsage() throws ProviderException {
        ChatResponse response = new ChatResponse("chatcmpl-1", "gpt-4o-mini", 1_700_000_000L,
                Message.text(Role.ASSISTANT, "Hello!"), FinishReason.LENGTH, new Usage(120, 7, 100));
        ObjectNode body = SERVER.encodeResponse(response);
        // Compared as text: the created timestamp is a long node here and an int node when parsed.
        assertThat(body.toString()).isEqualTo(json("{'id':'chatcmpl-1','object':'chat.completion','created':1700000000,"
                + "'model':'gpt-4o-mini','choices':[{'index':0,'message':{'role':'assistant','content':'Hello!',"
                + "'refusal':null},'logprobs':null,'finish_reason':'length'}],'usage':{'prompt_tokens':120,"
                + "'completion_tokens':7,'total_tokens':127,'prompt_tokens_details':{'cached_tokens':100}}}").toString());
        assertThat(CLIENT.decodeResponse(body)).isEqualTo(response);
    }

    @Test
    void toolCallResponseHasNullContentAndSurvivesRoundTrip() throws ProviderException {
        ChatResponse response = new ChatResponse("id", "m", 1L,
                Message.assistantToolCalls(List.of(new ToolCall("call_1", "lookup", "{\"q\":\"x\"}"))),
                FinishReason.TOOL_CALLS, new Usage(10, 5, 0));
        ObjectNode body = SERVER.encodeResponse(response);
        assertThat(body.at("/choices/0/message/content").isNull()).isTrue();
        assertThat(body.at("/choices/0/message/tool_calls/0/function/name").textValue()).isEqualTo("lookup");
        assertThat(CLIENT.decodeResponse(body)).isEqualTo(response);
    }

    @Test
    void decodesEveryFinishReason() throws ProviderException {
        for (FinishReason reason : FinishReason.values()) {
            ChatResponse response = new ChatResponse("id", "m", 1L, Message.text(Role.ASSISTANT, "x"), reason, null);
            assertThat(CLIENT.decodeResponse(SERVER.encodeResponse(response)).finishReason()).isEqualTo(reason);
        }
        assertThat(CLIENT.decodeResponse(json("{'choices':[{'message':{'content':'x'},'finish_reason':'function_call'}]}"))
                .finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(CLIENT.decodeResponse(json("{'choices':[{'message':{'content':'x'},'finish_reason':'eos'}]}"))
                .finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void decodesDeepSeekCacheHitsAndMissingUsage() throws ProviderException {
        ChatResponse r = CLIENT.decodeResponse(json("{'id':'x','choices':[{'message':{'role':'assistant','content':'hi'},"
                + "'finish_reason':'stop'}],'usage':{'prompt_tokens':50,'completion_tokens':2,'prompt_cache_hit_tokens':32}}"));
        assertThat(r.usage()).isEqualTo(new Usage(50, 2, 32));
        assertThat(CLIENT.decodeResponse(json("{'choices':[{'message':{'content':null},'finish_reason':'stop'}]}")).usage())
                .isNull();
    }

    @Test
    void rejectsUnreadableAnswersAsBadResponse() {
        for (String body : List.of("[]", "{'choices':[]}", "{'choices':[{'finish_reason':'stop'}]}",
                "{'error':{'message':'overloaded'}}")) {
            assertThatThrownBy(() -> CLIENT.decodeResponse(json(body)))
                    .isInstanceOfSatisfying(ProviderException.class,
                            e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.BAD_RESPONSE));
        }
    }

    // ---- streams ---------------------------------------------------------------------------------

    private static List<StreamEvent> sampleEvents() {
        return List.of(new StreamEvent.TextDelta("Let me "), new StreamEvent.TextDelta("check."),
                new StreamEvent.ToolCallDelta(0, "call_1", "weather", ""),
                new StreamEvent.ToolCallDelta(0, null, null, "{\"city\":"),
                new StreamEvent.ToolCallDelta(0, null, null, "\"Oslo\"}"),
                new StreamEvent.Finish(FinishReason.TOOL_CALLS),
                new StreamEvent.UsageReport(new Usage(30, 12, 0)));
    }

    private static List<SseFrame> encodeAll(StreamEncoder encoder, List<StreamEvent> events) {
        List<SseFrame> frames = new ArrayList<>(encoder.start());
        for (StreamEvent e : events) {
            frames.addAll(encoder.encode(e));
        }
        frames.addAll(encoder.end());
        return frames;
    }

    private static List<StreamEvent> decodeAll(StreamDecoder decoder, List<SseFrame> frames) throws ProviderException {
        List<StreamEvent> events = new ArrayList<>();
        for (SseFrame f : frames) {
            events.addAll(decoder.decode(f));
        }
        return events;
    }

    @Test
    void streamWithUsageEncodesOpenAiChunkSequence() throws Exception {
        List<SseFrame> frames = encodeAll(SERVER.newStreamEncoder("chatcmpl-9", "gpt-4o-mini", 5L, true), sampleEvents());
        assertThat(frames).hasSize(9);
        JsonNode first = json(frames.get(0).data());
        assertThat(first.get("object").textValue()).isEqualTo("chat.completion.chunk");
        assertThat(first.get("id").textValue()).isEqualTo("chatcmpl-9");
        assertThat(first.at("/choices/0/delta/role").textValue()).isEqualTo("assistant");
        assertThat(first.has("usage") && first.get("usage").isNull()).isTrue();
        assertThat(json(frames.get(1).data()).at("/choices/0/delta/content").textValue()).isEqualTo("Let me ");
        assertThat(json(frames.get(3).data()).at("/choices/0/delta/tool_calls/0")).isEqualTo(json(
                "{'index':0,'id':'call_1','type':'function','function':{'name':'weather','arguments':''}}"));
        assertThat(json(frames.get(4).data()).at("/choices/0/delta/tool_calls/0"))
                .isEqualTo(json("{'index':0,'function':{'arguments':'{\\'city\\':'}}"));
        JsonNode finish = json(frames.get(6).data());
        assertThat(finish.at("/choices/0/delta")).isEqualTo(json("{}"));
        assertThat(finish.at("/choices/0/finish_reason").textValue()).isEqualTo("tool_calls");
        JsonNode usage = json(frames.get(7).data());
        assertThat(usage.get("choices")).isEqualTo(json("[]"));
        assertThat(usage.at("/usage/total_tokens").intValue()).isEqualTo(42);
        assertThat(frames.get(8).data()).isEqualTo("[DONE]");
        assertThat(frames.get(8).render()).isEqualTo("data: [DONE]\n\n");
    }

    @Test
    void streamWithoutUsageOmitsUsageChunkAndUsageField() throws Exception {
        List<SseFrame> frames = encodeAll(SERVER.newStreamEncoder("id", "m", 5L, false), sampleEvents());
        assertThat(frames).hasSize(8);
        for (SseFrame f : frames.subList(0, 7)) {
            assertThat(json(f.data()).has("usage")).isFalse();
        }
    }

    @Test
    void streamEventsSurviveEncodeThenDecode() throws ProviderException {
        StreamDecoder decoder = CLIENT.newStreamDecoder();
        List<StreamEvent> decoded = decodeAll(decoder,
                encodeAll(SERVER.newStreamEncoder("id", "m", 5L, true), sampleEvents()));
        assertThat(decoded).isEqualTo(sampleEvents());
        assertThat(decoder.done()).isTrue();
    }

    @Test
    void decoderIsNotDoneUntilDoneMarker() throws ProviderException {
        StreamDecoder decoder = CLIENT.newStreamDecoder();
        decoder.decode(SseFrame.data("{'choices':[{'index':0,'delta':{'content':'hi'},'finish_reason':null}]}".replace('\'', '"')));
        assertThat(decoder.done()).isFalse();
        decoder.decode(SseFrame.data("[DONE]"));
        assertThat(decoder.done()).isTrue();
    }

    @Test
    void decoderHoldsEarlyUsageUntilAfterFinish() throws ProviderException {
        StreamDecoder decoder = CLIENT.newStreamDecoder();
        List<StreamEvent> events = decodeAll(decoder, List.of(
                SseFrame.data("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}"),
                SseFrame.data("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2}}"),
                SseFrame.data("{\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2}}"),
                SseFrame.data("[DONE]")));
        assertThat(events).containsExactly(new StreamEvent.TextDelta("a"), new StreamEvent.Finish(FinishReason.STOP),
                new StreamEvent.UsageReport(new Usage(3, 2, 0)));
    }

    @Test
    void decoderReleasesUsageWithoutFinishAtDone() throws ProviderException {
        List<StreamEvent> events = decodeAll(CLIENT.newStreamDecoder(), List.of(
                SseFrame.data("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}"),
                SseFrame.data("[DONE]")));
        assertThat(events).containsExactly(new StreamEvent.TextDelta("a"), new StreamEvent.UsageReport(new Usage(3, 1, 0)));
    }

    @Test
    void decoderTurnsErrorChunkIntoStreamInterrupted() {
        StreamDecoder decoder = CLIENT.newStreamDecoder();
        assertThatThrownBy(() -> decoder.decode(SseFrame.data("{\"error\":{\"message\":\"model overloaded\",\"type\":\"server_error\"}}")))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderException.Kind.STREAM_INTERRUPTED);
                    assertThat(e.getMessage()).contains("model overloaded");
                });
    }

    @Test
    void decoderRejectsGarbageAsBadResponse() {
        assertThatThrownBy(() -> CLIENT.newStreamDecoder().decode(SseFrame.data("{not json")))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.BAD_RESPONSE));
    }

    @Test
    void decoderIgnoresOtherChoicesAndEmptyRoleChunk() throws ProviderException {
        List<StreamEvent> events = decodeAll(CLIENT.newStreamDecoder(), List.of(
                SseFrame.data("{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}"),
                SseFrame.data("{\"choices\":[{\"index\":1,\"delta\":{\"content\":\"other\"}},{\"index\":0,\"delta\":{\"content\":\"mine\"}}]}")));
        assertThat(events).containsExactly(new StreamEvent.TextDelta("mine"));
    }

    @Test
    void requestPathAndBearerAuth() {
        assertThat(CLIENT.requestPath("gpt-4o", true)).isEqualTo("/chat/completions");
        assertThat(CLIENT.authHeaders("k")).containsEntry("Authorization", "Bearer k");
        assertThat(Json.MAPPER).isNotNull();
    }
}
