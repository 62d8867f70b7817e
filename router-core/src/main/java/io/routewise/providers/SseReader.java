package io.routewise.providers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads server-sent events from a byte stream one frame at a time, without buffering the whole
 * response. Follows the WHATWG event-stream rules: lines end in LF, CRLF or CR; {@code :} starts a
 * comment; {@code data} lines of one event are joined with LF; a blank line dispatches; an event
 * with no {@code data} line is not dispatched; {@code id} and {@code retry} are ignored; an event
 * cut off by the end of the stream (no blank line after it) is discarded. Not thread-safe.
 *
 * @see <a href="https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation">event stream interpretation</a>
 */
final class SseReader {

    /** A longer line is treated as a broken stream rather than buffered without bound. */
    static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

    private final InputStream in;
    private final byte[] buf = new byte[8192];
    private int pos;
    private int limit;
    private boolean eof;
    private boolean skipLf;
    private boolean started;
    private byte[] line = new byte[256];
    private int lineLen;

    public SseReader(InputStream in) {
        this.in = in;
    }

    /**
     * The next event, blocking until one is complete.
     *
     * @return the frame, or null at the end of the stream
     * @throws IOException when reading fails or a line exceeds {@value #MAX_LINE_BYTES} bytes
     */
    public SseFrame next() throws IOException {
        String event = null;
        StringBuilder data = null;
        while (true) {
            String text = readLine();
            if (text == null) {
                return null;
            }
            if (text.isEmpty()) {
                if (data != null) {
                    return new SseFrame(event, data.toString());
                }
                event = null;
                continue;
            }
            if (text.charAt(0) == ':') {
                continue;
            }
            int colon = text.indexOf(':');
            String field;
            String value;
            if (colon < 0) {
                field = text;
                value = "";
            } else {
                field = text.substring(0, colon);
                int start = colon + 1 < text.length() && text.charAt(colon + 1) == ' ' ? colon + 2 : colon + 1;
                value = text.substring(start);
            }
            if (field.equals("data")) {
                if (data == null) {
                    data = new StringBuilder(value);
                } else {
                    data.append('\n').append(value);
                }
            } else if (field.equals("event")) {
                event = value;
            }
        }
    }

    /** One line without its terminator, or null at the end of the stream (a partial last line is dropped). */
    private String readLine() throws IOException {
        lineLen = 0;
        while (true) {
            while (pos == limit) {
                if (!fill()) {
                    return null;
                }
            }
            if (skipLf) {
                skipLf = false;
                if (buf[pos] == '\n') {
                    pos++;
                    continue;
                }
            }
            int start = pos;
            while (pos < limit) {
                byte b = buf[pos];
                if (b == '\n' || b == '\r') {
                    skipLf = b == '\r';
                    String text;
                    if (lineLen == 0) {
                        text = new String(buf, start, pos - start, StandardCharsets.UTF_8);
                    } else {
                        append(start, pos);
                        text = new String(line, 0, lineLen, StandardCharsets.UTF_8);
                    }
                    pos++;
                    return text;
                }
                pos++;
            }
            append(start, pos);
        }
    }

    private void append(int from, int to) throws IOException {
        int n = to - from;
        if (lineLen + n > MAX_LINE_BYTES) {
            throw new IOException("server-sent event line longer than " + MAX_LINE_BYTES + " bytes");
        }
        if (lineLen + n > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLen + n));
        }
        System.arraycopy(buf, from, line, lineLen, n);
        lineLen += n;
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n;
        do {
            n = in.read(buf, 0, buf.length);
        } while (n == 0);
        if (n < 0) {
            eof = true;
            return false;
        }
        pos = 0;
        limit = n;
        if (!started) {
            started = true;
            skipByteOrderMark();
        }
        return true;
    }

    /** A UTF-8 byte order mark may open the stream; it is not part of the first line. */
    private void skipByteOrderMark() throws IOException {
        while (limit < 3 && buf[0] == (byte) 0xEF) {
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
                break;
            }
            limit += n;
        }
        if (limit >= 3 && buf[0] == (byte) 0xEF && buf[1] == (byte) 0xBB && buf[2] == (byte) 0xBF) {
            pos = 3;
        }
    }
}
