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
     * prior), else the mean of every model's row.
     * TODO(train-cli): replace with RoutingWeights.qualityByClass(modelId, tier) once merged.
     */
    static double[] of(RoutingWeights weights, String modelId, int tier) {
        RoutingWeights.ModelWeights own = weights.models().get(modelId);
        if (own != null) {
            return row(weights, own);
        }
        double[] mean = new double[weights.classes().size()];
        for (RoutingWeights.ModelWeights w : weights.models().values()) {
            double[] r = row(weights, w);
            for (int c = 0; c < mean.length; c++) {
                mean[c] += r[c] / weights.models().size();
            }
        }
        return mean;
    }

    private static double[] row(RoutingWeights weights, RoutingWeights.ModelWeights w) {
        double[] row = new double[weights.classes().size()];
        for (int c = 0; c < row.length; c++) {
            RoutingWeights.ClassWeight cell = w.classes().get(weights.classes().get(c));
            row[c] = cell == null ? w.prior() : cell.expectedOutcome();
        }
        return row;
    }
}
