package io.routewise.eval;

import io.routewise.catalog.Requirements;
import io.routewise.config.ModelConfig;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run will cost at list price, before anything is sent: per model, the estimated input of
 * every prompt plus an expected answer length ({@link #expectedOutputTokens}); and the worst case,
 * every answer running to its cap. A run is refused when the expected cost exceeds its budget; while
 * it runs, every call's worst case is reserved against the budget before it is sent, so the spend
 * never passes it.
 *
 * @param calls       prompts × models
 * @param expectedUsd the expected cost
 * @param worstUsd    the cost if every answer ran to its cap
 * @param byModel     expected cost per model
 */
public record CostEstimate(int calls, double expectedUsd, double worstUsd, Map<String, Double> byModel) {

    public CostEstimate {
        byModel = Collections.unmodifiableMap(new TreeMap<>(byModel));
    }

    /** Estimates sending every item to every model. */
    public static CostEstimate of(List<EvalItem> items, List<ModelConfig> models, int defaultMaxTokens) {
        Map<String, Double> byModel = new TreeMap<>();
        double expected = 0;
        double worst = 0;
        for (ModelConfig m : models) {
            double modelExpected = 0;
            for (EvalItem item : items) {
                int input = Requirements.estimateInputTokens(item.request(m.id(), defaultMaxTokens));
                int cap = cap(item, defaultMaxTokens);
                modelExpected += m.costUsd(input, 0, expectedOutputTokens(item, cap));
                worst += m.costUsd(input, 0, cap);
            }
            byModel.put(m.id(), modelExpected);
            expected += modelExpected;
        }
        return new CostEstimate(items.size() * models.size(), expected, worst, byModel);
    }

    /** The most one call may cost: its prompt plus an answer at its cap. */
    public static double worstCaseUsd(EvalItem item, ModelConfig model, int defaultMaxTokens) {
        int input = Requirements.estimateInputTokens(item.request(model.id(), defaultMaxTokens));
        return model.costUsd(input, 0, cap(item, defaultMaxTokens));
    }

    /**
     * The answer length expected: a model restates a short reference with some explanation around it
     * (three times its length plus 32 tokens, at least 64) and a full reference about as written;
     * never above the cap.
     */
    static int expectedOutputTokens(EvalItem item, int cap) {
        int referenceTokens = (item.reference().length() + 3) / 4;
        int expected = item.verbatim() ? referenceTokens + referenceTokens / 5 + 16 : Math.max(64, 3 * referenceTokens + 32);
        return Math.min(cap, expected);
    }

    private static int cap(EvalItem item, int defaultMaxTokens) {
        return item.maxTokens() != null ? item.maxTokens() : defaultMaxTokens;
    }
}
