package io.routewise.eval.report;

import static io.routewise.eval.report.Html.coord;
import static io.routewise.eval.report.Html.esc;
import static io.routewise.eval.report.Html.rate;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * One model's pass rate over runs as an inline SVG line chart: x is the run time (UTC), y the pass
 * rate from 0 (bottom) to 1 (top). The baseline band is a shaded rectangle across the plot between
 * its low and high ends, the baseline a dashed line; runs that found drift are red points. Every
 * point has a tooltip ({@code <title>}) with its run, rate and answer count, so no script is needed.
 */
final class PassRateChart {

    static final int WIDTH = 640;
    static final int HEIGHT = 240;
    /** Plot area: x from {@link #LEFT} to {@code WIDTH - RIGHT}, y from {@link #TOP} (rate 1) to {@code TOP + PLOT_HEIGHT} (rate 0). */
    static final int LEFT = 52;
    static final int RIGHT = 16;
    static final int TOP = 16;
    static final int PLOT_HEIGHT = 184;
    static final int PLOT_WIDTH = WIDTH - LEFT - RIGHT;
    /** Points keep this far from the plot's left and right edges. */
    private static final int INSET = 14;
    private static final int MAX_X_LABELS = 6;
    static final String DRIFT_COLOUR = "#d62728";
    static final String POINT_COLOUR = "#1f77b4";

    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("MM-dd", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_TIME =
            DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    private PassRateChart() {
    }

    /** The y coordinate of a pass rate (clamped to [0, 1]). */
    static double y(double rate) {
        double r = Math.max(0, Math.min(1, rate));
        return TOP + (1 - r) * PLOT_HEIGHT;
    }

    /**
     * The chart's SVG element.
     *
     * @param id      a document-unique id for the chart's title
     * @param section the model, its baseline band and history (the points are drawn in time order)
     */
    static String svg(String id, ModelSection section) {
        List<HistoryPoint> points = new ArrayList<>(section.history());
        points.sort(Comparator.comparing(HistoryPoint::at));
        StringBuilder s = new StringBuilder();
        s.append("<svg class=\"chart\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" aria-labelledby=\"").append(id).append("\">\n");
        s.append("<title id=\"").append(id).append("\">Pass rate of ").append(esc(section.model()))
                .append(" over ").append(points.size()).append(points.size() == 1 ? " run" : " runs")
                .append("</title>\n");
        yAxis(s);
        band(s, section);
        xAxis(s, points);
        series(s, points);
        s.append("</svg>\n");
        return s.toString();
    }

    private static void yAxis(StringBuilder s) {
        double right = LEFT + PLOT_WIDTH;
        for (int i = 0; i <= 4; i++) {
            double rate = i / 4.0;
            String y = coord(y(rate));
            s.append("<line class=\"grid\" stroke=\"#e5e5e5\" x1=\"").append(LEFT).append("\" y1=\"").append(y).append("\" x2=\"")
                    .append(coord(right)).append("\" y2=\"").append(y).append("\"/>\n");
            s.append("<text class=\"tick\" x=\"").append(LEFT - 6).append("\" y=\"").append(coord(y(rate) + 4))
                    .append("\" text-anchor=\"end\">").append(rate(rate)).append("</text>\n");
        }
        s.append("<line class=\"axis\" stroke=\"#444\" x1=\"").append(LEFT).append("\" y1=\"").append(TOP).append("\" x2=\"")
                .append(LEFT).append("\" y2=\"").append(TOP + PLOT_HEIGHT).append("\"/>\n");
        s.append("<text class=\"axis-label\" transform=\"translate(14 ").append(TOP + PLOT_HEIGHT / 2)
                .append(") rotate(-90)\" text-anchor=\"middle\">pass rate</text>\n");
    }

    private static void band(StringBuilder s, ModelSection m) {
        if (m.baselineLow() != null && m.baselineHigh() != null) {
            double top = y(Math.max(m.baselineLow(), m.baselineHigh()));
            double bottom = y(Math.min(m.baselineLow(), m.baselineHigh()));
            s.append("<rect class=\"band\" x=\"").append(LEFT).append("\" y=\"").append(coord(top))
                    .append("\" width=\"").append(PLOT_WIDTH).append("\" height=\"").append(coord(bottom - top))
                    .append("\" fill=\"#2ca02c\" fill-opacity=\"0.15\"><title>baseline band ")
                    .append(rate(m.baselineLow())).append("–").append(rate(m.baselineHigh()))
                    .append("</title></rect>\n");
        }
        if (m.baselinePassRate() != null) {
            String y = coord(y(m.baselinePassRate()));
            s.append("<line class=\"baseline\" x1=\"").append(LEFT).append("\" y1=\"").append(y).append("\" x2=\"")
                    .append(LEFT + PLOT_WIDTH).append("\" y2=\"").append(y)
                    .append("\" stroke=\"#2ca02c\" stroke-dasharray=\"6 4\"><title>baseline ")
                    .append(rate(m.baselinePassRate())).append("</title></line>\n");
        }
    }

    private static void xAxis(StringBuilder s, List<HistoryPoint> points) {
        int bottom = TOP + PLOT_HEIGHT;
        s.append("<line class=\"axis\" stroke=\"#444\" x1=\"").append(LEFT).append("\" y1=\"").append(bottom).append("\" x2=\"")
                .append(LEFT + PLOT_WIDTH).append("\" y2=\"").append(bottom).append("\"/>\n");
        s.append("<text class=\"axis-label\" x=\"").append(LEFT + PLOT_WIDTH / 2).append("\" y=\"").append(HEIGHT - 4)
                .append("\" text-anchor=\"middle\">run (UTC)</text>\n");
        if (points.isEmpty()) {
            s.append("<text class=\"empty\" x=\"").append(LEFT + PLOT_WIDTH / 2).append("\" y=\"")
                    .append(TOP + PLOT_HEIGHT / 2).append("\" text-anchor=\"middle\">no runs yet</text>\n");
            return;
        }
        Instant first = points.get(0).at();
        Instant last = points.get(points.size() - 1).at();
        DateTimeFormatter format = Duration.between(first, last).compareTo(Duration.ofDays(3)) < 0 ? DAY_TIME : DAY;
        int labels = Math.min(MAX_X_LABELS, points.size());
        int previous = -1;
        for (int i = 0; i < labels; i++) {
            int index = labels == 1 ? 0 : (int) Math.round(i * (points.size() - 1) / (double) (labels - 1));
            if (index == previous) {
                continue;
            }
            previous = index;
            String x = coord(x(points.get(index).at(), first, last));
            s.append("<line class=\"tick\" stroke=\"#444\" x1=\"").append(x).append("\" y1=\"").append(bottom).append("\" x2=\"")
                    .append(x).append("\" y2=\"").append(bottom + 5).append("\"/>\n");
            s.append("<text class=\"tick\" x=\"").append(x).append("\" y=\"").append(bottom + 18)
                    .append("\" text-anchor=\"middle\">").append(format.format(points.get(index).at()))
                    .append("</text>\n");
        }
    }

    private static void series(StringBuilder s, List<HistoryPoint> points) {
        if (points.isEmpty()) {
            return;
        }
        Instant first = points.get(0).at();
        Instant last = points.get(points.size() - 1).at();
        if (points.size() > 1) {
            s.append("<polyline class=\"series\" fill=\"none\" stroke=\"").append(POINT_COLOUR)
                    .append("\" stroke-width=\"2\" points=\"");
            for (int i = 0; i < points.size(); i++) {
                HistoryPoint p = points.get(i);
                s.append(i == 0 ? "" : " ").append(coord(x(p.at(), first, last))).append(',')
                        .append(coord(y(p.passRate())));
            }
            s.append("\"/>\n");
        }
        for (HistoryPoint p : points) {
            s.append("<circle class=\"").append(p.drift() ? "point drift" : "point").append("\" cx=\"")
                    .append(coord(x(p.at(), first, last))).append("\" cy=\"").append(coord(y(p.passRate())))
                    .append("\" r=\"").append(p.drift() ? 5 : 4).append("\" fill=\"")
                    .append(p.drift() ? DRIFT_COLOUR : POINT_COLOUR).append("\"><title>")
                    .append(esc(p.runId())).append(": pass rate ").append(rate(p.passRate())).append(" over ")
                    .append(p.answered()).append(" answers").append(p.drift() ? " (drift)" : "")
                    .append("</title></circle>\n");
        }
    }

    private static double x(Instant at, Instant first, Instant last) {
        long span = Duration.between(first, last).toMillis();
        if (span <= 0) {
            return LEFT + PLOT_WIDTH / 2.0;
        }
        double f = Duration.between(first, at).toMillis() / (double) span;
        return LEFT + INSET + f * (PLOT_WIDTH - 2 * INSET);
    }
}
