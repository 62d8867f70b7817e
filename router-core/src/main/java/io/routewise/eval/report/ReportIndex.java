package io.routewise.eval.report;

import static io.routewise.eval.report.Html.esc;

import io.routewise.json.AtomicFiles;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The report folder's {@code index.html}: a link to every {@code eval-*.html} in it, newest run
 * first. It is rebuilt from the reports themselves, each of which carries its run id, start time,
 * status and summary line in {@code <meta name="routewise-...">} tags, so it never drifts from the
 * files actually there.
 */
final class ReportIndex {

    static final String FILE = "index.html";
    private static final Pattern META = Pattern.compile("<meta name=\"routewise-([a-z-]+)\" content=\"([^\"]*)\"/>");
    /** The meta tags are at the top of the head; no need to read whole reports. */
    private static final int HEAD_CHARS = 8192;
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private ReportIndex() {
    }

    record Entry(String file, String runId, Instant startedAt, String status, String summary) {
    }

    /** Appends one {@code <meta name="routewise-NAME" content="VALUE"/>} tag. */
    static void meta(StringBuilder h, String name, String value) {
        h.append("<meta name=\"routewise-").append(name).append("\" content=\"").append(esc(value)).append("\"/>\n");
    }

    /** The reports in {@code dir}, newest run first (ties: file name, descending). */
    static List<Entry> entries(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(EvalReportWriter.PREFIX) && n.endsWith(".html") && Files.isRegularFile(p);
            }).toList();
        }
        List<Entry> out = new ArrayList<>();
        for (Path f : files) {
            Map<String, String> meta = readMeta(f);
            String name = f.getFileName().toString();
            out.add(new Entry(name, meta.getOrDefault("run-id", name),
                    startedAt(meta.get("started-at"), Files.getLastModifiedTime(f).toInstant()),
                    meta.get("status"), meta.get("summary")));
        }
        out.sort(Comparator.comparing(Entry::startedAt).thenComparing(Entry::file).reversed());
        return out;
    }

    /** Rewrites {@code dir/index.html}. */
    static void rewrite(Path dir) throws IOException {
        List<Entry> entries = entries(dir);
        StringBuilder h = new StringBuilder(4096);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
                .append("<title>Evaluation runs</title>\n<style>\n").append(EvalReportWriter.CSS)
                .append("</style>\n</head>\n<body>\n<h1>Evaluation runs</h1>\n");
        if (entries.isEmpty()) {
            h.append("<p>No reports yet.</p>\n");
        } else {
            h.append("<table class=\"runs\">\n<thead><tr><th>Started</th><th>Run</th><th>Status</th><th>Summary</th>")
                    .append("</tr></thead>\n<tbody>\n");
            for (Entry e : entries) {
                // file names hold only [A-Za-z0-9._-] (EvalReportWriter.fileName); esc guards hand-copied files
                h.append("<tr><td>").append(TIME.format(e.startedAt())).append("</td><td><a href=\"")
                        .append(esc(e.file())).append("\">").append(esc(e.runId())).append("</a></td><td>")
                        .append(e.status() == null ? "—" : EvalReportWriter.badge(e.status())).append("</td><td>")
                        .append(e.summary() == null ? "" : esc(e.summary())).append("</td></tr>\n");
            }
            h.append("</tbody>\n</table>\n");
        }
        h.append("</body>\n</html>\n");
        AtomicFiles.write(dir.resolve(FILE), h.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** When a report's run started: its {@code started-at} meta tag, else the file's modification time. */
    private static Instant startedAt(String value, Instant fallback) {
        try {
            return value == null ? fallback : Instant.parse(value);
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    private static Map<String, String> readMeta(Path file) throws IOException {
        char[] buf = new char[HEAD_CHARS];
        int n = 0;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int read;
            while (n < buf.length && (read = r.read(buf, n, buf.length - n)) > 0) {
                n += read;
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            return Map.of();   // not one of ours
        }
        Map<String, String> meta = new HashMap<>();
        Matcher m = META.matcher(new String(buf, 0, n));
        while (m.find()) {
            meta.putIfAbsent(m.group(1), Html.unescape(m.group(2)));
        }
        return meta;
    }
}
