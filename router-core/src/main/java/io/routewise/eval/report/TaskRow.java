package io.routewise.eval.report;

/**
 * One task's result for one model in this run.
 *
 * @param task             the task (evaluation set category)
 * @param passRate         this run's pass rate on it
 * @param answered         answers scored
 * @param baselinePassRate the task's baseline pass rate, or null
 */
public record TaskRow(String task, double passRate, long answered, Double baselinePassRate) {
}
