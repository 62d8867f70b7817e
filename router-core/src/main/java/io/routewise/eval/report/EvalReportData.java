package io.routewise.eval.report;

import java.time.Instant;
import java.util.List;

/**
 * What one evaluation run's report shows: the run's facts and a section per evaluated model.
 *
 * @param runId          the run's id (also the report's file name, {@code eval-<runId>.html})
 * @param startedAt      when the run started
 * @param finishedAt     when it finished, or null while it is still running
 * @param status         how the run ended, e.g. {@code completed}, {@code refused_budget}, {@code failed}
 * @param trigger        what started it, e.g. {@code schedule} or {@code cli}
 * @param sets           the evaluation sets sent
 * @param prompts        how many prompts each model was sent
 * @param estimatedUsd   the cost estimated before the run
 * @param spentUsd       what the run spent
 * @param weightsVersion the weights version this run wrote (e.g. {@code "v3"}), or null when it wrote none
 * @param models         one section per evaluated model, in the order the report shows them
 */
public record EvalReportData(String runId, Instant startedAt, Instant finishedAt, String status, String trigger,
                             List<String> sets, int prompts, double estimatedUsd, double spentUsd,
                             String weightsVersion, List<ModelSection> models) {

    public EvalReportData {
        if (runId == null || runId.isBlank()) {
            throw new IllegalArgumentException("a report needs a run id");
        }
        if (startedAt == null) {
            throw new IllegalArgumentException("a report needs the run's start time");
        }
        sets = sets == null ? List.of() : List.copyOf(sets);
        models = models == null ? List.of() : List.copyOf(models);
    }

    /** Answers scored across all models. */
    public long answered() {
        return models.stream().mapToLong(ModelSection::answered).sum();
    }
}
