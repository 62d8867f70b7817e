package io.routewise.training.outcome;

import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.classifier.NeighbourIndex;
import java.util.List;

/**
 * A trained outcome model before it is written: the heads, the neighbour index and the blend chosen
 * on the inner validation split, with the comparison that chose them.
 *
 * @param heads       the per-model heads, trained on the whole training part
 * @param neighbours  the neighbour index over the whole training part
 * @param headsWeight the blend weight of the heads
 * @param selection   every design compared on the inner validation split (for the model card)
 */
public record OutcomeFit(OutcomeHeads heads, NeighbourIndex neighbours, double headsWeight, JsonNode selection) {

    public List<String> models() {
        return heads.models();
    }

    /** The blended prediction for a feature vector, in model order (as serving computes it). */
    public double[] predict(float[] features) {
        double[] h = heads.predict(features);
        double[] n = neighbours.predict(features);
        double[] out = new double[h.length];
        for (int m = 0; m < out.length; m++) {
            out[m] = headsWeight * h[m] + (1 - headsWeight) * n[m];
        }
        return out;
    }
}
