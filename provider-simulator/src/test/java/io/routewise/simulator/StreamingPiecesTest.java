package io.routewise.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.routewise.chat.FinishReason;
import io.routewise.chat.Message;
import io.routewise.chat.StreamEvent;
import io.routewise.chat.ToolCall;
import io.routewise.chat.Usage;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamingPiecesTest {

    @Test
    void pacedStreamsSendAWordPerDeltaAndLoseNothing() {
        String text = "The quick brown fox  jumps over the lazy dog.";
        List<String> pieces = AnswerStream.pieces(text, true);
        assertThat(String.join("", pieces)).isEqualTo(text);
        assertThat(pieces).hasSize(9).startsWith("The ", "quick ");
    }

    @Test
    void unpacedStreamsSendBigPieces() {
        String text = "word ".repeat(100).strip();
        List<String> pieces = AnswerStream.pieces(text, false);
        assertThat(String.join("", pieces)).isEqualTo(text);
        assertThat(pieces.size()).isBetween(6, 9);
    }

    @Test
    void toolCallsStreamTheirNameFirstThenArgumentFragments() {
        String args = "{\"city\":\"Lisbon\",\"unit\":\"celsius\",\"days\":3}";
        SimulatedAnswer answer = new SimulatedAnswer(Message.assistantToolCalls(List.of(new ToolCall("call_1", "get_weather", args))),
                FinishReason.TOOL_CALLS, new Usage(1, 2, 0), null);
        AnswerStream stream = AnswerStream.of(answer, true);
        StreamEvent.ToolCallDelta first = (StreamEvent.ToolCallDelta) stream.deltas().get(0);
        assertThat(first.id()).isEqualTo("call_1");
        assertThat(first.name()).isEqualTo("get_weather");
        StringBuilder joined = new StringBuilder();
        for (StreamEvent e : stream.deltas().subList(1, stream.deltas().size())) {
            StreamEvent.ToolCallDelta d = (StreamEvent.ToolCallDelta) e;
            assertThat(d.id()).isNull();
            joined.append(d.argumentsFragment());
        }
        assertThat(joined.toString()).isEqualTo(args);
        assertThat(stream.tokens()).hasSize(stream.deltas().size());
    }

    @Test
    void zeroLatencyProfilesAreNotPacedAtAll() {
        assertThat(Pacing.of(0, 0, 0.5, 0.1, 0.9)).isSameAs(Pacing.NONE);
        assertThat(Pacing.NONE.totalMillis(1000)).isZero();
        assertThat(Pacing.NONE.nanosFor(1000)).isZero();
    }

    @Test
    void jitterSpreadsLatencyWithinBounds() {
        Pacing low = Pacing.of(1000, 50, 0.2, 0.0, 0.0);
        Pacing high = Pacing.of(1000, 50, 0.2, 0.999999, 0.999999);
        assertThat(low.ttftMs()).isEqualTo(800);
        assertThat(high.ttftMs()).isEqualTo(1200);
        assertThat(low.tokensPerS()).isEqualTo(40.0);
        assertThat(Pacing.of(1000, 50, 0.0, 0.3, 0.3).totalMillis(100)).isEqualTo(1000 + 2000);
    }
}
