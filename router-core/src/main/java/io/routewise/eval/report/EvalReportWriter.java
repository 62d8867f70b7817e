package io.routewise.eval.report;

import static io.routewise.eval.report.Html.delta;
import static io.routewise.eval.report.Html.esc;
import static io.routewise.eval.report.Html.rate;
import static io.routewise.eval.report.Html.usd;

import io.routewise.json.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Writes one evaluation run's report, {@code eval-<runId>.html}, and rewrites the folder's
 * {@code index.html}. The report is one self-contained file (inline CSS and SVG, no script, no
 * external URL) that is also well-formed XML: a header with the run's facts, a summary table per
 * model, then per model a chart of its pass rate over runs against its baseline band
 * ({@link PassRateChart}), the reasons for its status and its per-task results.
 *
 * <p>Characters of the run id other than letters, digits, {@code .}, {@code _} and {@code -} are
 * replaced by {@code _} in the file name (a {@code :} would also make the index's relative link
 * read as a URL scheme).
 */
public final class EvalReportWriter {

    static final String PREFIX = "eval-";
    private static final Set<String> QUIET_STATUSES = Set.of("ok", "completed", "succeeded");
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    static final String CSS = """
            body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem; color: #222; max-width: 72rem; }
            h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2.5rem; } h3 { font-size: 1rem; }
            table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
            th, td { padding: 0.25rem 0.6rem; border-bottom: 1px solid #ddd; text-align: left; }
            td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
            dl.facts { display: grid; grid-template-columns: max-content auto; gap: 0.2rem 1rem; }
            dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; }
            .badge { display: inline-block; padding: 0.05rem 0.45rem; border-radius: 0.6rem; font-size: 0.85em; background: #eee; }
            .badge-ok { background: #d9f2d9; } .badge-drift { background: #f8d0d0; color: #8b0000; }
            .badge-no_baseline, .badge-insufficient_data { background: #fff1c2; }
            .provider { color: #666; font-weight: normal; font-size: 0.9em; }
            svg.chart { display: block; margin: 0.5rem 0; }
            svg.chart line.grid { stroke: #eee; } svg.chart line.axis, svg.chart line.tick { stroke: #444; }
            svg.chart text { font-size: 11px; fill: #444; }
            .neg { color: #b00020; }
            """;

    private EvalReportWriter() {
    }

    /**
     * Writes the report and rewrites {@code index.html} (every report in the folder, newest run first).
     *
     * @return the report's path
     * @throws UncheckedIOException when the folder cannot be written
     */
    public static Path write(Path reportDir, EvalReportData data) throws UncheckedIOException {
        Path report = reportDir.resolve(fileName(data.runId()));
        try {
            Files.createDirectories(reportDir);
            AtomicFiles.write(report, html(data).getBytes(StandardCharsets.UTF_8));
            ReportIndex.rewrite(reportDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the evaluation report " + report, e);
        }
        return report;
    }

    /** {@code eval-<runId>.html}, with unsafe characters of the run id replaced by {@code _}. */
    public static String fileName(String runId) {
        return PREFIX + runId.replaceAll("[^A-Za-z0-9._-]", "_") + ".html";
    }

    /**
     * One line for logs and notifications, e.g. {@code eval run R: 20 models, 4200 answers, spent
     * $0.84 of $1.20 estimated; drift: gpt-4o-mini (pass 0.41 vs 0.80); weights v3}. The run's
     * status follows its id unless it is {@code ok}, {@code completed} or {@code succeeded}.
     */
    public static String summaryLine(EvalReportData data) {
        StringBuilder s = new StringBuilder("eval run ").append(data.runId());
        if (data.status() != null && !QUIET_STATUSES.contains(data.status())) {
            s.append(" (").append(data.status()).append(')');
        }
        int n = data.models().size();
        s.append(": ").append(n).append(n == 1 ? " model, " : " models, ").append(data.answered())
                .append(data.answered() == 1 ? " answer" : " answers").append(", spent ").append(usd(data.spentUsd()))
                .append(" of ").append(usd(data.estimatedUsd())).append(" estimated; ");
        List<String> drifted = new ArrayList<>();
        for (ModelSection m : data.models()) {
            if (m.drifted()) {
                drifted.add(m.model() + " (pass " + rate(m.passRate())
                        + (m.baselinePassRate() == null ? "" : " vs " + rate(m.baselinePassRate())) + ")");
            }
        }
        s.append(drifted.isEmpty() ? "no drift" : "drift: " + String.join(", ", drifted));
        s.append(data.weightsVersion() == null ? "; weights unchanged" : "; weights " + data.weightsVersion());
        return s.toString();
    }

    static String html(EvalReportData d) {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n");
        ReportIndex.meta(h, "run-id", d.runId());
        ReportIndex.meta(h, "started-at", d.startedAt().toString());
        ReportIndex.meta(h, "status", d.status());
        ReportIndex.meta(h, "summary", summaryLine(d));
        h.append("<title>Evaluation run ").append(esc(d.runId())).append("</title>\n<style>\n").append(CSS)
                .append("</style>\n</head>\n<body>\n");
        h.append("<p><a href=\"index.html\">All evaluation runs</a></p>\n");
        h.append("<h1>Evaluation run ").append(esc(d.runId())).append("</h1>\n");
        h.append("<p class=\"summary\">").append(esc(summaryLine(d))).append("</p>\n");
        facts(h, d);
        summaryTable(h, d);
        for (int i = 0; i < d.models().size(); i++) {
            modelSection(h, i, d.models().get(i), d);
        }
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private static void facts(StringBuilder h, EvalReportData d) {
        h.append("<dl class=\"facts\">\n");
        fact(h, "Status", badge(d.status()));
        fact(h, "Trigger", esc(d.trigger()));
        fact(h, "Started", TIME.format(d.startedAt()));
        fact(h, "Finished", d.finishedAt() == null ? "still running"
                : TIME.format(d.finishedAt()) + " (" + duration(Duration.between(d.startedAt(), d.finishedAt())) + ")");
        fact(h, "Sets", d.sets().isEmpty() ? "—" : esc(String.join(", ", d.sets())));
        fact(h, "Prompts", Integer.toString(d.prompts()));
        fact(h, "Models", Integer.toString(d.models().size()));
        fact(h, "Answers", Long.toString(d.answered()));
        fact(h, "Cost", usd(d.spentUsd()) + " spent of " + usd(d.estimatedUsd()) + " estimated");
        fact(h, "Routing weights", d.weightsVersion() == null ? "unchanged by this run"
                : esc(d.weightsVersion()) + " written by this run");
        h.append("</dl>\n");
    }

    private static void fact(StringBuilder h, String name, String valueHtml) {
        h.append("<dt>").append(name).append("</dt><dd>").append(valueHtml).append("</dd>\n");
    }

    private static void summaryTable(StringBuilder h, EvalReportData d) {
        h.append("<h2>Models</h2>\n<table class=\"summary\">\n<thead><tr><th>Model</th><th>Provider</th>")
                .append("<th>Status</th><th class=\"num\">Pass rate</th><th class=\"num\">Baseline</th>")
                .append("<th class=\"num\">Δ</th><th class=\"num\">Errors</th><th class=\"num\">Median latency</th>")
                .append("<th class=\"num\">Weight before → after</th></tr></thead>\n<tbody>\n");
        for (int i = 0; i < d.models().size(); i++) {
            ModelSection m = d.models().get(i);
            h.append("<tr><td><a href=\"#model-").append(i + 1).append("\">").append(esc(m.model()))
                    .append("</a></td><td>").append(esc(m.provider())).append("</td><td>").append(badge(m.status()))
                    .append("</td><td class=\"num\">").append(rate(m.passRate())).append("</td><td class=\"num\">")
                    .append(baseline(m)).append("</td>").append(deltaCell(m.passRate(), m.baselinePassRate()))
                    .append("<td class=\"num\">").append(m.errors()).append("</td><td class=\"num\">")
                    .append(latency(m.medianLatencyMs())).append("</td><td class=\"num\">").append(weights(m))
                    .append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    private static void modelSection(StringBuilder h, int index, ModelSection m, EvalReportData d) {
        h.append("<section class=\"model\" id=\"model-").append(index + 1).append("\">\n<h2>").append(esc(m.model()))
                .append(" <span class=\"provider\">").append(esc(m.provider())).append("</span> ")
                .append(badge(m.status())).append("</h2>\n");
        h.append("<p>Pass rate ").append(rate(m.passRate())).append(" over ").append(m.answered())
                .append(" answers");
        if (m.baselinePassRate() != null) {
            h.append(" (baseline ").append(rate(m.baselinePassRate()));
            if (m.baselineLow() != null && m.baselineHigh() != null) {
                h.append(", band ").append(rate(m.baselineLow())).append("–").append(rate(m.baselineHigh()));
            }
            h.append(')');
        }
        h.append("; ").append(m.errors()).append(m.errors() == 1 ? " error" : " errors")
                .append("; median latency ").append(latency(m.medianLatencyMs()));
        if (m.weightBefore() != null || m.weightAfter() != null) {
            h.append("; routing weight ").append(weights(m));
        }
        h.append(".</p>\n");
        h.append(PassRateChart.svg("chart-" + (index + 1), withThisRun(m, d)));
        if (!m.reasons().isEmpty()) {
            h.append("<h3>Why ").append(esc(m.status())).append("</h3>\n<ul class=\"reasons\">\n");
            for (String r : m.reasons()) {
                h.append("<li>").append(esc(r)).append("</li>\n");
            }
            h.append("</ul>\n");
        }
        if (m.tasks().isEmpty()) {
            h.append("<p>No per-task results.</p>\n");
        } else {
            h.append("<h3>Tasks</h3>\n<table class=\"tasks\">\n<thead><tr><th>Task</th><th class=\"num\">Pass rate</th>")
                    .append("<th class=\"num\">Answered</th><th class=\"num\">Baseline</th><th class=\"num\">Δ</th>")
                    .append("</tr></thead>\n<tbody>\n");
            for (TaskRow t : m.tasks()) {
                h.append("<tr><td>").append(esc(t.task())).append("</td><td class=\"num\">").append(rate(t.passRate()))
                        .append("</td><td class=\"num\">").append(t.answered()).append("</td><td class=\"num\">")
                        .append(rate(t.baselinePassRate())).append("</td>")
                        .append(deltaCell(t.passRate(), t.baselinePassRate())).append("</tr>\n");
            }
            h.append("</tbody>\n</table>\n");
        }
        h.append("</section>\n");
    }

    /** The model's history with this run's point added when the caller left it out. */
    private static ModelSection withThisRun(ModelSection m, EvalReportData d) {
        if (m.history().stream().anyMatch(p -> d.runId().equals(p.runId()))) {
            return m;
        }
        List<HistoryPoint> history = new ArrayList<>(m.history());
        history.add(new HistoryPoint(d.runId(), d.startedAt(), m.passRate(), m.answered(), m.drifted()));
        return new ModelSection(m.model(), m.provider(), m.status(), m.passRate(), m.answered(), m.errors(),
                m.medianLatencyMs(), m.baselinePassRate(), m.baselineLow(), m.baselineHigh(), m.reasons(), history,
                m.tasks(), m.weightBefore(), m.weightAfter());
    }

    static String badge(String status) {
        String s = status == null ? "unknown" : status;
        String css = s.matches("[a-z_]+") ? s : "other";
        return "<span class=\"badge badge-" + css + "\">" + esc(s) + "</span>";
    }

    private static String baseline(ModelSection m) {
        if (m.baselinePassRate() == null) {
            return "—";
        }
        String band = m.baselineLow() == null || m.baselineHigh() == null ? ""
                : " [" + rate(m.baselineLow()) + "–" + rate(m.baselineHigh()) + "]";
        return rate(m.baselinePassRate()) + band;
    }

    private static String deltaCell(double value, Double reference) {
        boolean negative = reference != null && value - reference < -0.005;
        return "<td class=\"num" + (negative ? " neg" : "") + "\">" + delta(value, reference) + "</td>";
    }

    private static String latency(Double ms) {
        return ms == null ? "—" : String.format(Locale.ROOT, "%.0f ms", ms);
    }

    private static String weights(ModelSection m) {
        if (m.weightBefore() == null && m.weightAfter() == null) {
            return "—";
        }
        return rate(m.weightBefore()) + " → " + rate(m.weightAfter());
    }

    private static String duration(Duration d) {
        long s = Math.max(0, d.getSeconds());
        return s >= 3600 ? String.format(Locale.ROOT, "%dh %02dm", s / 3600, s % 3600 / 60)
                : String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
    }
}
