package io.routewise.policy;

import io.routewise.classifier.RoutingWeights;

/**
 * {@code W[model][·]} as a row in the weights' class order. Computed once per model when an engine
 * is built, so a decision only multiplies.
 */
final class QualityRows {

    private QualityRows() {
    }

    /**
     * The model's own row when the weights have one (a class without a cell counts at the model's
     * prior), else the mean of all models' priors for every class.
     * TODO(train-cli): replace with RoutingWeights.qualityByClass(modelId, tier) once merged.
     */
    static double[] of(RoutingWeights weights, String modelId, int tier) {
        int n = weights.classes().size();
        double[] row = new double[n];
        RoutingWeights.ModelWeights own = weights.models().get(modelId);
        if (own != null) {
            for (int c = 0; c < n; c++) {
                RoutingWeights.ClassWeight cell = own.classes().get(weights.classes().get(c));
                row[c] = cell == null ? own.prior() : cell.expectedOutcome();
            }
            return row;
        }
        double mean = weights.models().values().stream().mapToDouble(RoutingWeights.ModelWeights::prior).average()
                .orElse(0);
        java.util.Arrays.fill(row, mean);
        return row;
    }

    /** Whether the weights have a row of the model's own (else it is priced by its tier's or the mean). */
    static boolean hasOwnRow(RoutingWeights weights, String modelId) {
        return weights.models().containsKey(modelId);
    }
}
