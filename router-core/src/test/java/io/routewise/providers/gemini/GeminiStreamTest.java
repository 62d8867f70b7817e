package io.routewise.providers.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.routewise.chat.FinishReason;
import io.routewise.chat.StreamEvent;
import io.routewise.chat.StreamEvent.Finish;
import io.routewise.chat.StreamEvent.TextDelta;
import io.routewise.chat.StreamEvent.ToolCallDelta;
import io.routewise.chat.StreamEvent.UsageReport;
import io.routewise.chat.Usage;
import io.routewise.providers.ProviderException;
import io.routewise.providers.SseFrame;
import io.routewise.providers.StreamDecoder;
import io.routewise.providers.StreamEncoder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** streamGenerateContent?alt=sse: encoder frames, decoder events, and the two fed into each other. */
class GeminiStreamTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final GeminiProviderCodec client = new GeminiProviderCodec();
    private final GeminiApiCodec server = new GeminiApiCodec();

    private List<SseFrame> encodeAll(List<StreamEvent> events) {
        StreamEncoder encoder = server.newStreamEncoder("resp-1", "gemini-sim", 0, true);
        List<SseFrame> frames = new ArrayList<>(encoder.start());
        for (StreamEvent e : events) {
            frames.addAll(encoder.encode(e));
        }
        frames.addAll(encoder.end());
        return frames;
    }

    private static List<StreamEvent> decodeAll(StreamDecoder decoder, List<SseFrame> frames) throws Exception {
        List<StreamEvent> events = new ArrayList<>();
        for (SseFrame f : frames) {
            events.addAll(decoder.decode(f));
        }
        return events;
    }

    @Test
    void textStreamRoundTripsThroughEncoderAndDecoder() throws Exception {
        List<StreamEvent> events = List.of(new TextDelta("Hel"), new TextDelta("lo"),
                new Finish(FinishReason.STOP), new UsageReport(new Usage(7, 2, 0)));
        List<SseFrame> frames = encodeAll(events);

        assertThat(frames).hasSize(3).allSatisfy(f -> assertThat(f.event()).isNull());
        assertThat(MAPPER.readTree(frames.get(0).data())).isEqualTo(MAPPER.readTree("""
                {"candidates":[{"content":{"role":"model","parts":[{"text":"Hel"}]},"index":0}],
                 "modelVersion":"gemini-sim","responseId":"resp-1"}"""));
        assertThat(MAPPER.readTree(frames.get(2).data())).isEqualTo(MAPPER.readTree("""
                {"candidates":[{"finishReason":"STOP","index":0}],
                 "usageMetadata":{"promptTokenCount":7,"candidatesTokenCount":2,"totalTokenCount":9},
                 "modelVersion":"gemini-sim","responseId":"resp-1"}"""));

        StreamDecoder decoder = client.newStreamDecoder();
        assertThat(decodeAll(decoder, frames)).isEqualTo(events);
        assertThat(decoder.done()).isTrue();
    }

    @Test
    void toolCallDeltasAreSentWholeAndComeBackAsOneDeltaPerCall() throws Exception {
        List<StreamEvent> events = List.of(
                new TextDelta("Let me check."),
                new ToolCallDelta(0, "call_x", "get_weather", "{\"ci"),
                new ToolCallDelta(0, null, null, "ty\":\"Paris\"}"),
                new ToolCallDelta(1, "call_y", "now", ""),
                new Finish(FinishReason.TOOL_CALLS),
                new UsageReport(new Usage(30, 12, 10)));
        List<SseFrame> frames = encodeAll(events);

        assertThat(frames).hasSize(2);
        assertThat(MAPPER.readTree(frames.get(1).data()).at("/candidates/0")).isEqualTo(MAPPER.readTree("""
                {"content":{"role":"model","parts":[
                   {"functionCall":{"name":"get_weather","args":{"city":"Paris"}}},
                   {"functionCall":{"name":"now","args":{}}}]},
                 "finishReason":"STOP","index":0}"""));

        StreamDecoder decoder = client.newStreamDecoder();
        assertThat(decodeAll(decoder, frames)).containsExactly(
                new TextDelta("Let me check."),
                new ToolCallDelta(0, "call_0_get_weather", "get_weather", "{\"city\":\"Paris\"}"),
                new ToolCallDelta(1, "call_1_now", "now", "{}"),
                new Finish(FinishReason.TOOL_CALLS),
                new UsageReport(new Usage(30, 12, 10)));
        assertThat(decoder.done()).isTrue();
    }

    @Test
    void toolCallsFollowedByTextAreFlushedBeforeTheText() throws Exception {
        List<SseFrame> frames = encodeAll(List.of(new ToolCallDelta(0, "a", "f", "{}"), new TextDelta("after"),
                new Finish(FinishReason.TOOL_CALLS)));
        assertThat(frames).hasSize(3);
        assertThat(MAPPER.readTree(frames.get(0).data()).at("/candidates/0/content/parts/0/functionCall/name")
                .asText()).isEqualTo("f");
        assertThat(MAPPER.readTree(frames.get(1).data()).at("/candidates/0/content/parts/0/text").asText())
                .isEqualTo("after");
        assertThat(MAPPER.readTree(frames.get(2).data()).at("/candidates/0/finishReason").asText())
                .isEqualTo("STOP");
    }

    @Test
    void finishWithoutUsageIsSentAtEnd() throws Exception {
        List<SseFrame> frames = encodeAll(List.of(new TextDelta("x"), new Finish(FinishReason.LENGTH)));
        assertThat(frames).hasSize(2);
        StreamDecoder decoder = client.newStreamDecoder();
        assertThat(decodeAll(decoder, frames)).containsExactly(new TextDelta("x"), new Finish(FinishReason.LENGTH));
        assertThat(decoder.done()).isTrue();
    }

    @Test
    void decodesRealisticGeminiChunksReportingUsageOnceAfterFinish() throws Exception {
        StreamDecoder decoder = client.newStreamDecoder();
        List<StreamEvent> events = decodeAll(decoder, List.of(
                SseFrame.data("""
                        {"candidates":[{"content":{"parts":[{"text":"The"}],"role":"model"},"index":0}],
                         "usageMetadata":{"promptTokenCount":8,"totalTokenCount":8},"modelVersion":"gemini-2.0-flash"}"""),
                SseFrame.data("""
                        {"candidates":[{"content":{"parts":[{"text":" answer"}],"role":"model"},"index":0}],
                         "usageMetadata":{"promptTokenCount":8,"totalTokenCount":8}}""")));
        assertThat(events).containsExactly(new TextDelta("The"), new TextDelta(" answer"));
        assertThat(decoder.done()).isFalse();

        events = decoder.decode(SseFrame.data("""
                {"candidates":[{"content":{"parts":[{"text":""}],"role":"model"},"finishReason":"MAX_TOKENS","index":0}],
                 "usageMetadata":{"promptTokenCount":8,"candidatesTokenCount":2,"totalTokenCount":10}}"""));
        assertThat(events).containsExactly(new Finish(FinishReason.LENGTH), new UsageReport(new Usage(8, 2, 0)));
        assertThat(decoder.done()).isTrue();
    }

    @Test
    void usageArrivingAfterTheFinishChunkIsStillReported() throws Exception {
        StreamDecoder decoder = client.newStreamDecoder();
        assertThat(decoder.decode(SseFrame.data("{\"candidates\":[{\"finishReason\":\"SAFETY\"}]}")))
                .containsExactly(new Finish(FinishReason.CONTENT_FILTER));
        assertThat(decoder.decode(SseFrame.data("{\"usageMetadata\":{\"promptTokenCount\":4}}")))
                .containsExactly(new UsageReport(new Usage(4, 0, 0)));
    }

    @Test
    void blockedPromptInAStreamFinishesWithContentFilter() throws Exception {
        StreamDecoder decoder = client.newStreamDecoder();
        assertThat(decoder.decode(SseFrame.data("{\"promptFeedback\":{\"blockReason\":\"PROHIBITED_CONTENT\"}}")))
                .containsExactly(new Finish(FinishReason.CONTENT_FILTER));
        assertThat(decoder.done()).isTrue();
    }

    @Test
    void errorChunkInterruptsTheStream() {
        StreamDecoder decoder = client.newStreamDecoder();
        assertThatThrownBy(() -> decoder.decode(SseFrame.data(
                "{\"error\":{\"code\":503,\"message\":\"The model is overloaded.\",\"status\":\"UNAVAILABLE\"}}")))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ProviderException.Kind.STREAM_INTERRUPTED);
                    assertThat(e.upstreamStatus()).isEqualTo(503);
                    assertThat(e.getMessage()).contains("overloaded");
                });
        assertThat(decoder.done()).isFalse();
    }

    @Test
    void unparseableChunkIsABadResponse() {
        assertThatThrownBy(() -> client.newStreamDecoder().decode(SseFrame.data("{not json")))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.BAD_RESPONSE));
    }

    @Test
    void streamThatNeverFinishesIsNotDone() throws Exception {
        StreamDecoder decoder = client.newStreamDecoder();
        decoder.decode(SseFrame.data("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"cut\"}]}}]}"));
        assertThat(decoder.done()).isFalse();
    }

    @Test
    void encoderRejectsEventsAfterFinish() {
        StreamEncoder encoder = server.newStreamEncoder("r", "m", 0, false);
        encoder.encode(new Finish(FinishReason.STOP));
        assertThatThrownBy(() -> encoder.encode(new TextDelta("late"))).isInstanceOf(IllegalStateException.class);
    }
}
