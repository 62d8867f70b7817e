package io.routewise.config;

import java.util.List;

/**
 * The quality evaluator (a later part): how often it replays the evaluation sets against every
 * provider and how large a drop in observed quality counts as drift.
 *
 * @param enabled        run the evaluator on its schedule (off by default: it spends money)
 * @param intervalHours  hours between runs
 * @param sets           evaluation-set files or folders of {@code *.jsonl}
 * @param driftThreshold absolute drop of a model's mean score (0..1) that marks it as drifted
 * @param minSamples     fewest scored answers per model and class before drift is judged
 */
public record EvaluationConfig(Boolean enabled, Integer intervalHours, List<String> sets, Double driftThreshold,
                               Integer minSamples) {

    public static final EvaluationConfig DEFAULT = new EvaluationConfig(null, null, null, null, null);

    public EvaluationConfig {
        enabled = enabled != null && enabled;
        intervalHours = intervalHours == null ? 24 : intervalHours;
        sets = sets == null ? List.of("eval-sets") : List.copyOf(sets);
        driftThreshold = driftThreshold == null ? 0.05 : driftThreshold;
        minSamples = minSamples == null ? 30 : minSamples;
    }
}
