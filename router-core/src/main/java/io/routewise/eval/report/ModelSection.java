package io.routewise.eval.report;

import java.util.List;

/**
 * One model's part of a report: this run's result against its baseline, the run history the
 * chart draws, per-task results, and how recalibration moved the model's routing weight.
 *
 * @param model             the model id
 * @param provider          its provider
 * @param status            {@code ok}, {@code drift}, {@code no_baseline} or {@code insufficient_data}
 * @param passRate          this run's pass rate in [0, 1]
 * @param answered          answers scored
 * @param errors            requests that failed (no answer to score)
 * @param medianLatencyMs   median latency of the answers, or null
 * @param baselinePassRate  the baseline pass rate, or null when there is none yet
 * @param baselineLow       lower end of the baseline band (e.g. Wilson 95% interval), or null
 * @param baselineHigh      upper end of the baseline band, or null
 * @param reasons           why the status is what it is, one sentence each
 * @param history           past runs' pass rates for the chart; this run is added when missing
 * @param tasks             per-task results
 * @param weightBefore      the model's mean routing weight before recalibration, or null
 * @param weightAfter       its mean routing weight after recalibration, or null
 */
public record ModelSection(String model, String provider, String status, double passRate, long answered, long errors,
                           Double medianLatencyMs, Double baselinePassRate, Double baselineLow, Double baselineHigh,
                           List<String> reasons, List<HistoryPoint> history, List<TaskRow> tasks,
                           Double weightBefore, Double weightAfter) {

    public ModelSection {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
        history = history == null ? List.of() : List.copyOf(history);
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
    }

    /** Whether this run found the model drifted. */
    public boolean drifted() {
        return "drift".equals(status);
    }
}
