package io.routewise.eval.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One evaluation run as recorded in {@code eval_runs}.
 *
 * @param runId          e.g. {@code 20261121T030000Z-3f9a}
 * @param slot           the scheduled slot it ran for, or null for a run started by hand
 * @param trigger        {@code cli} or {@code schedule}
 * @param status         see {@link EvalRunStatus}
 * @param startedAt      when it started
 * @param finishedAt     when it ended, or null while running
 * @param sets           the eval-set names sent
 * @param setsSha256     digest of the sets' contents (runs over different prompt sets are not comparable)
 * @param models         the models evaluated
 * @param prompts        prompts per model
 * @param estimatedUsd   the cost estimate made before any call
 * @param budgetUsd      the budget it ran under
 * @param spentUsd       what its calls cost
 * @param drift          the drift summary ({@code drifted_models}, {@code report}), or null
 * @param weightsVersion the routing-weights version it wrote, or null
 * @param reportPath     its report, or null
 * @param message        why it was refused or failed, or null
 */
public record EvalRun(String runId, String slot, String trigger, EvalRunStatus status, Instant startedAt,
                      Instant finishedAt, List<String> sets, String setsSha256, List<String> models, int prompts,
                      double estimatedUsd, double budgetUsd, double spentUsd, JsonNode drift, Integer weightsVersion,
                      String reportPath, String message) {

    public EvalRun {
        sets = List.copyOf(sets);
        models = List.copyOf(models);
    }

    /** The models this run flagged as drifted (empty when it judged none, or did not get that far). */
    public Set<String> driftedModels() {
        Set<String> out = new TreeSet<>();
        if (drift != null && drift.has("drifted_models")) {
            drift.get("drifted_models").forEach(n -> out.add(n.asText()));
        }
        return out;
    }
}
