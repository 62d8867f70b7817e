package io.routewise.providers.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.routewise.chat.FinishReason;
import io.routewise.chat.StreamEvent;
import io.routewise.chat.Usage;
import io.routewise.providers.ProviderException;
import io.routewise.providers.SseFrame;
import io.routewise.providers.StreamDecoder;
import io.routewise.providers.StreamEncoder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnthropicWireStreamTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final AnthropicProviderCodec client = new AnthropicProviderCodec();
    private final AnthropicApiCodec server = new AnthropicApiCodec();

    private static SseFrame frame(String event, String data) {
        return new SseFrame(event, data.replace('\'', '"'));
    }

    private List<StreamEvent> decodeAll(StreamDecoder decoder, List<SseFrame> frames) throws ProviderException {
        List<StreamEvent> events = new ArrayList<>();
        for (SseFrame f : frames) {
            events.addAll(decoder.decode(f));
        }
        return events;
    }

    private List<SseFrame> encodeAll(List<StreamEvent> events) {
        StreamEncoder encoder = server.newStreamEncoder("msg_s1", "claude-3-5-haiku", 0, true);
        List<SseFrame> frames = new ArrayList<>(encoder.start());
        for (StreamEvent e : events) {
            frames.addAll(encoder.encode(e));
        }
        frames.addAll(encoder.end());
        return frames;
    }

    @Test
    void decodesAnAnthropicTextAndToolUseStream() throws ProviderException {
        List<SseFrame> frames = List.of(
                frame("message_start", "{'type':'message_start','message':{'id':'msg_1','type':'message',"
                        + "'role':'assistant','model':'claude-sonnet-4','content':[],'stop_reason':null,"
                        + "'stop_sequence':null,'usage':{'input_tokens':472,'cache_read_input_tokens':100,"
                        + "'cache_creation_input_tokens':0,'output_tokens':2}}}"),
                frame("content_block_start", "{'type':'content_block_start','index':0,'content_block':{'type':'text','text':''}}"),
                frame("ping", "{'type':'ping'}"),
                frame("content_block_delta", "{'type':'content_block_delta','index':0,'delta':{'type':'text_delta','text':'Okay'}}"),
                frame("content_block_delta", "{'type':'content_block_delta','index':0,'delta':{'type':'text_delta','text':', checking.'}}"),
                frame("content_block_stop", "{'type':'content_block_stop','index':0}"),
                frame("content_block_start", "{'type':'content_block_start','index':1,'content_block':"
                        + "{'type':'tool_use','id':'toolu_01','name':'get_weather','input':{}}}"),
                frame("content_block_delta", "{'type':'content_block_delta','index':1,'delta':{'type':'input_json_delta','partial_json':''}}"),
                frame("content_block_delta", "{'type':'content_block_delta','index':1,'delta':{'type':'input_json_delta','partial_json':'{\\'loc'}}"),
                frame("content_block_delta", "{'type':'content_block_delta','index':1,'delta':{'type':'input_json_delta','partial_json':'ation\\': \\'Paris\\'}'}}"),
                frame("content_block_stop", "{'type':'content_block_stop','index':1}"),
                frame("message_delta", "{'type':'message_delta','delta':{'stop_reason':'tool_use','stop_sequence':null},"
                        + "'usage':{'output_tokens':89}}"),
                frame("message_stop", "{'type':'message_stop'}"));
        StreamDecoder decoder = client.newStreamDecoder();

        List<StreamEvent> events = decodeAll(decoder, frames.subList(0, frames.size() - 1));
        assertThat(decoder.done()).isFalse();
        events.addAll(decoder.decode(frames.get(frames.size() - 1)));

        assertThat(decoder.done()).isTrue();
        assertThat(events).containsExactly(
                new StreamEvent.TextDelta("Okay"),
                new StreamEvent.TextDelta(", checking."),
                new StreamEvent.ToolCallDelta(0, "toolu_01", "get_weather", ""),
                new StreamEvent.ToolCallDelta(0, null, null, "{\"loc"),
                new StreamEvent.ToolCallDelta(0, null, null, "ation\": \"Paris\"}"),
                new StreamEvent.Finish(FinishReason.TOOL_CALLS),
                new StreamEvent.UsageReport(new Usage(572, 89, 100)));
    }

    @Test
    void takesFinalCountsFromMessageDeltaAndKeepsEarlierOnesItLeavesOut() throws ProviderException {
        List<StreamEvent> events = decodeAll(client.newStreamDecoder(), List.of(
                frame("message_start", "{'type':'message_start','message':{'usage':{'input_tokens':10,"
                        + "'cache_read_input_tokens':40,'cache_creation_input_tokens':null,'output_tokens':1}}}"),
                frame("message_delta", "{'type':'message_delta','delta':{'stop_reason':'max_tokens'},"
                        + "'usage':{'input_tokens':12,'cache_read_input_tokens':null,'output_tokens':64}}"),
                frame("message_stop", "{'type':'message_stop'}")));

        assertThat(events).containsExactly(new StreamEvent.Finish(FinishReason.LENGTH),
                new StreamEvent.UsageReport(new Usage(52, 64, 40)));
    }

    @Test
    void numbersToolCallsFromZeroWhateverTheirBlockIndex() throws ProviderException {
        StreamDecoder decoder = client.newStreamDecoder();
        List<StreamEvent> events = decodeAll(decoder, List.of(
                frame("content_block_start", "{'type':'content_block_start','index':3,'content_block':"
                        + "{'type':'tool_use','id':'toolu_a','name':'a','input':{}}}"),
                frame("content_block_start", "{'type':'content_block_start','index':4,'content_block':"
                        + "{'type':'tool_use','id':'toolu_b','name':'b','input':{}}}"),
                frame("content_block_delta", "{'type':'content_block_delta','index':4,'delta':{'type':'input_json_delta','partial_json':'{}'}}")));

        assertThat(events).containsExactly(
                new StreamEvent.ToolCallDelta(0, "toolu_a", "a", ""),
                new StreamEvent.ToolCallDelta(1, "toolu_b", "b", ""),
                new StreamEvent.ToolCallDelta(1, null, null, "{}"));
    }

    @Test
    void turnsAnErrorEventIntoAnInterruptedStream() {
        StreamDecoder decoder = client.newStreamDecoder();

        assertThatThrownBy(() -> decoder.decode(frame("error",
                "{'type':'error','error':{'type':'overloaded_error','message':'Overloaded'}}")))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.STREAM_INTERRUPTED))
                .hasMessageContaining("overloaded_error").hasMessageContaining("Overloaded");
        assertThat(decoder.done()).isFalse();
    }

    @Test
    void rejectsUnparseableFramesAndToolInputForUnknownBlocks() {
        StreamDecoder decoder = client.newStreamDecoder();
        assertThatThrownBy(() -> decoder.decode(new SseFrame("content_block_delta", "{not json")))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.BAD_RESPONSE));
        assertThatThrownBy(() -> decoder.decode(frame("content_block_delta",
                "{'type':'content_block_delta','index':2,'delta':{'type':'input_json_delta','partial_json':'{'}}")))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.BAD_RESPONSE));
    }

    @Test
    void encodesTheExactAnthropicEventSequenceForText() throws Exception {
        List<SseFrame> frames = encodeAll(List.of(new StreamEvent.TextDelta("Hi"), new StreamEvent.TextDelta(" there"),
                new StreamEvent.Finish(FinishReason.STOP), new StreamEvent.UsageReport(new Usage(20, 3, 0))));

        assertThat(frames).extracting(SseFrame::event).containsExactly("message_start", "ping", "content_block_start",
                "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop");
        for (SseFrame f : frames) {
            assertThat(MAPPER.readTree(f.data()).get("type").asText()).isEqualTo(f.event());
        }
        JsonNode start = MAPPER.readTree(frames.get(0).data()).get("message");
        assertThat(start.get("id").asText()).isEqualTo("msg_s1");
        assertThat(start.get("model").asText()).isEqualTo("claude-3-5-haiku");
        assertThat(start.get("content")).isEmpty();
        assertThat(start.get("usage").has("input_tokens")).isTrue();
        JsonNode blockStart = MAPPER.readTree(frames.get(2).data());
        assertThat(blockStart.get("index").asInt()).isZero();
        assertThat(blockStart.get("content_block").get("type").asText()).isEqualTo("text");
        JsonNode delta = MAPPER.readTree(frames.get(6).data());
        assertThat(delta.get("delta").get("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(delta.get("usage").get("output_tokens").asInt()).isEqualTo(3);
        assertThat(frames.get(0).render()).startsWith("event: message_start\ndata: {");
    }

    @Test
    void holdsTheStopReasonUntilUsageOrEnd() {
        StreamEncoder encoder = server.newStreamEncoder("msg_x", "m", 0, false);
        encoder.start();
        encoder.encode(new StreamEvent.TextDelta("x"));

        assertThat(encoder.encode(new StreamEvent.Finish(FinishReason.LENGTH)))
                .extracting(SseFrame::event).containsExactly("content_block_stop");
        List<SseFrame> end = encoder.end();
        assertThat(end).extracting(SseFrame::event).containsExactly("message_delta", "message_stop");
        assertThat(end.get(0).data()).contains("\"stop_reason\":\"max_tokens\"");
    }

    @Test
    void textStreamSurvivesEncoderToDecoderRoundTrip() throws ProviderException {
        List<StreamEvent> original = List.of(new StreamEvent.TextDelta("Hel"), new StreamEvent.TextDelta("lo"),
                new StreamEvent.Finish(FinishReason.STOP), new StreamEvent.UsageReport(new Usage(30, 2, 12)));
        StreamDecoder decoder = client.newStreamDecoder();

        assertThat(decodeAll(decoder, encodeAll(original))).isEqualTo(original);
        assertThat(decoder.done()).isTrue();
    }

    @Test
    void toolCallStreamWithFragmentedInputSurvivesRoundTrip() throws ProviderException {
        List<StreamEvent> original = List.of(
                new StreamEvent.TextDelta("Looking up."),
                new StreamEvent.ToolCallDelta(0, "toolu_1", "get_weather", ""),
                new StreamEvent.ToolCallDelta(0, null, null, "{\"ci"),
                new StreamEvent.ToolCallDelta(0, null, null, "ty\": \"Par"),
                new StreamEvent.ToolCallDelta(0, null, null, "is\"}"),
                new StreamEvent.ToolCallDelta(1, "toolu_2", "get_time", ""),
                new StreamEvent.ToolCallDelta(1, null, null, "{\"tz\":\"CET\"}"),
                new StreamEvent.Finish(FinishReason.TOOL_CALLS),
                new StreamEvent.UsageReport(new Usage(120, 45, 0)));

        List<SseFrame> frames = encodeAll(original);

        assertThat(frames).filteredOn(f -> f.event().equals("content_block_start"))
                .extracting(f -> MAPPER.readTree(f.data()).get("index").asInt()).containsExactly(0, 1, 2);
        assertThat(decodeAll(client.newStreamDecoder(), frames)).isEqualTo(original);
    }

    @Test
    void streamWithoutUsageReportStillEndsWithStopReason() throws ProviderException {
        List<SseFrame> frames = encodeAll(List.of(new StreamEvent.TextDelta("ok"),
                new StreamEvent.Finish(FinishReason.CONTENT_FILTER)));

        List<StreamEvent> events = decodeAll(client.newStreamDecoder(), frames);

        assertThat(events).startsWith(new StreamEvent.TextDelta("ok"), new StreamEvent.Finish(FinishReason.CONTENT_FILTER));
        assertThat(events.get(events.size() - 1)).isInstanceOf(StreamEvent.UsageReport.class);
    }

    @Test
    void refusesToReopenAToolCallAfterAnotherBlockStarted() {
        StreamEncoder encoder = server.newStreamEncoder("msg_y", "m", 0, true);
        encoder.start();
        encoder.encode(new StreamEvent.ToolCallDelta(0, "toolu_a", "a", ""));
        encoder.encode(new StreamEvent.ToolCallDelta(1, "toolu_b", "b", ""));

        assertThatThrownBy(() -> encoder.encode(new StreamEvent.ToolCallDelta(0, null, null, "{}")))
                .isInstanceOf(IllegalStateException.class);
    }
}
