package io.routewise.eval.report;

import java.time.Instant;

/**
 * One run's result for one model, a point on the report's chart.
 *
 * @param runId    the run
 * @param at       when it ran (the x axis)
 * @param passRate its pass rate in [0, 1] (the y axis)
 * @param answered answers it rests on
 * @param drift    whether that run found drift (drawn red)
 */
public record HistoryPoint(String runId, Instant at, double passRate, long answered, boolean drift) {
}
