package io.routewise.json;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** JSONL files (traffic logs, reference answers, exports), plain or gzip. */
public final class JsonLines {

    private static final int BUFFER = 1 << 16;

    private JsonLines() {
    }

    /** A UTF-8 reader over {@code file}; gzip is recognised by its magic bytes, not by the file name. */
    public static BufferedReader open(Path file) throws IOException {
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        var raw = b1 == 0x1f && b2 == 0x8b ? new GZIPInputStream(in, BUFFER) : in;
        return new BufferedReader(new InputStreamReader(raw, StandardCharsets.UTF_8));
    }

    /** What {@link #forEachLine} calls for each non-blank line. */
    @FunctionalInterface
    public interface LineHandler {
        void line(long number, String text) throws IOException;
    }

    /**
     * Calls {@code handler} for every non-blank line of {@code file}, numbered from 1 as in the file
     * (blank lines count in the numbering, so problems can name the line a person sees).
     *
     * @return how many non-blank lines there were
     */
    public static long forEachLine(Path file, LineHandler handler) throws IOException {
        long nonBlank = 0;
        try (BufferedReader reader = open(file)) {
            String text;
            long number = 0;
            while ((text = reader.readLine()) != null) {
                number++;
                if (!text.isBlank()) {
                    nonBlank++;
                    handler.line(number, text);
                }
            }
        }
        return nonBlank;
    }
}
