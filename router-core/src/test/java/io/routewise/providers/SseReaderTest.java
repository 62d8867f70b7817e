package io.routewise.providers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseReaderTest {

    private static List<SseFrame> readAll(InputStream in) throws IOException {
        SseReader reader = new SseReader(in);
        List<SseFrame> frames = new ArrayList<>();
        SseFrame f;
        while ((f = reader.next()) != null) {
            frames.add(f);
        }
        return frames;
    }

    private static List<SseFrame> readAll(String text) throws IOException {
        return readAll(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Hands out at most one byte per read, to cross every buffer boundary. */
    private static InputStream trickle(byte[] bytes) {
        return new InputStream() {
            int i;

            @Override
            public int read() {
                return i < bytes.length ? bytes[i++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (i >= bytes.length) {
                    return -1;
                }
                b[off] = bytes[i++];
                return 1;
            }
        };
    }

    @Test
    void readsUnnamedDataFrames() throws IOException {
        assertThat(readAll("data: {\"a\":1}\n\ndata: [DONE]\n\n"))
                .containsExactly(SseFrame.data("{\"a\":1}"), SseFrame.data("[DONE]"));
    }

    @Test
    void readsEventNamesAndResetsThemPerEvent() throws IOException {
        assertThat(readAll("event: message_start\ndata: {}\n\ndata: x\n\n"))
                .containsExactly(new SseFrame("message_start", "{}"), SseFrame.data("x"));
    }

    @Test
    void joinsMultiLineDataWithNewlines() throws IOException {
        assertThat(readAll("data: line one\ndata:line two\ndata\n\n"))
                .containsExactly(SseFrame.data("line one\nline two\n"));
    }

    @Test
    void skipsCommentsIdsRetriesAndEventsWithoutData() throws IOException {
        assertThat(readAll(": keep-alive\n\nid: 7\nretry: 100\nevent: ping\n\n: x\ndata: real\n\n"))
                .containsExactly(SseFrame.data("real"));
    }

    @Test
    void acceptsCrLfAndLoneCrLineEnds() throws IOException {
        assertThat(readAll("data: a\r\n\r\ndata: b\r\rdata: c\r\n\n"))
                .containsExactly(SseFrame.data("a"), SseFrame.data("b"), SseFrame.data("c"));
    }

    @Test
    void keepsOnlyOneLeadingSpaceOfAValue() throws IOException {
        assertThat(readAll("data:  indented\n\n")).containsExactly(SseFrame.data(" indented"));
    }

    @Test
    void discardsAnEventCutOffByTheEndOfStream() throws IOException {
        assertThat(readAll("data: whole\n\ndata: partial")).containsExactly(SseFrame.data("whole"));
        assertThat(readAll("data: whole\n\ndata: no blank line\n")).containsExactly(SseFrame.data("whole"));
        assertThat(readAll("")).isEmpty();
    }

    @Test
    void handlesMultiByteUtf8AndCrLfSplitAcrossReads() throws IOException {
        String text = "\uFEFFdata: h\u00e9llo \u4e16\u754c \uD83D\uDE00\r\n\r\nevent: e\r\ndata: 2\r\n\r\n";
        assertThat(readAll(trickle(text.getBytes(StandardCharsets.UTF_8))))
                .containsExactly(SseFrame.data("h\u00e9llo \u4e16\u754c \uD83D\uDE00"), new SseFrame("e", "2"));
    }

    @Test
    void readsLinesLongerThanItsBuffer() throws IOException {
        String big = "x".repeat(100_000);
        assertThat(readAll("data: " + big + "\n\n")).containsExactly(SseFrame.data(big));
    }

    @Test
    void roundTripsWhatSseFrameRenders() throws IOException {
        SseFrame frame = new SseFrame("content_block_delta", "{\"a\":\"b\"}\nsecond");
        SseFrame plain = SseFrame.data("[DONE]");
        assertThat(readAll(frame.render() + plain.render())).containsExactly(frame, plain);
    }
}
