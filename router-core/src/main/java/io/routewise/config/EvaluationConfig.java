package io.routewise.config;

import java.util.List;

/**
 * The drift evaluation: which fixed prompt sets are sent to which models, what a run may spend,
 * when the server runs it, how drift is judged and how routing weights are recalibrated.
 *
 * @param schedule        a five-field cron expression (UTC) for runs inside the server; null: the
 *                        server never runs it (the CLI {@code routewise eval} serves external cron)
 * @param sets            evaluation-set files or folders of {@code *.jsonl}
 * @param models          the models to evaluate; empty: every enabled model in the catalog
 * @param budgetUsd       the most one run may spend; a run whose estimate exceeds it is refused
 * @param concurrency     requests in flight at once across the run (each provider's own limits also apply)
 * @param maxOutputTokens the answer cap of prompts that set none (also what the estimate prices)
 * @param weightsDir      where versioned recalibrated {@code routing-weights.json} files are kept
 * @param reportDir       where the per-run reports are written
 * @param reloadIntervalS how often a server checks {@code weights_dir} for a new current version
 * @param drift           when a drop counts as drift
 * @param recalibration   how eval results move the routing weights
 */
public record EvaluationConfig(String schedule, List<String> sets, List<String> models, Double budgetUsd,
                               Integer concurrency, Integer maxOutputTokens, String weightsDir, String reportDir,
                               Integer reloadIntervalS, DriftConfig drift, RecalibrationConfig recalibration) {

    public static final EvaluationConfig DEFAULT =
            new EvaluationConfig(null, null, null, null, null, null, null, null, null, null, null);

    public EvaluationConfig {
        sets = sets == null ? List.of("eval-sets") : List.copyOf(sets);
        models = models == null ? List.of() : List.copyOf(models);
        budgetUsd = budgetUsd == null ? 5.0 : budgetUsd;
        concurrency = concurrency == null ? 8 : concurrency;
        maxOutputTokens = maxOutputTokens == null ? 512 : maxOutputTokens;
        weightsDir = weightsDir == null ? "data/weights" : weightsDir;
        reportDir = reportDir == null ? "data/eval-reports" : reportDir;
        reloadIntervalS = reloadIntervalS == null ? 10 : reloadIntervalS;
        drift = drift == null ? DriftConfig.DEFAULT : drift.over(DriftConfig.DEFAULT);
        recalibration = recalibration == null ? RecalibrationConfig.DEFAULT
                : recalibration.over(RecalibrationConfig.DEFAULT);
    }

    /** Whether the server runs the evaluation on a schedule. */
    public boolean scheduled() {
        return schedule != null && !schedule.isBlank();
    }

    /** The same settings with recalibrated weights and reports kept in other folders. */
    public EvaluationConfig withDirs(String newWeightsDir, String newReportDir) {
        return new EvaluationConfig(schedule, sets, models, budgetUsd, concurrency, maxOutputTokens, newWeightsDir,
                newReportDir, reloadIntervalS, drift, recalibration);
    }
}
