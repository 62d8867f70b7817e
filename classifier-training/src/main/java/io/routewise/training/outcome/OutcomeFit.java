package io.routewise.training.outcome;

import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.classifier.LexicalIndex;
import io.routewise.classifier.NeighbourIndex;
import io.routewise.classifier.OutcomeSpec;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A trained outcome model before it is written: the heads, the neighbour indexes and the blend chosen
 * on the inner validation split, with the comparison that chose them.
 *
 * @param heads         the per-model heads, trained on the whole training part
 * @param neighbours    the embedding-neighbour index over the whole training part
 * @param lexical       the word-overlap index over the same rows
 * @param headsWeight   the blend weight of the heads
 * @param lexicalWeight the blend weight of the word-overlap neighbours (the embedding neighbours get the rest)
 * @param selection     every design compared on the inner validation split (for the model card)
 * @param servingColumns per model with one column per data set, the column serving reads
 *                      ({@link OutcomeTable#servingColumns()})
 */
public record OutcomeFit(OutcomeHeads heads, NeighbourIndex neighbours, LexicalIndex lexical, double headsWeight,
                         double lexicalWeight, JsonNode selection, java.util.Map<String, String> servingColumns) {

    public OutcomeFit {
        servingColumns = java.util.Map.copyOf(servingColumns);
    }

    public List<String> models() {
        return heads.models();
    }

    /** The blended prediction for a feature vector and last user turn, in model order (as serving computes it). */
    public double[] predict(float[] features, String text) {
        return OutcomeSpec.blend(heads.predict(features), neighbours.predict(features),
                neighbours.aggregate(lexical.similarities(text), lexical.k(), lexical.kappa()), headsWeight, lexicalWeight);
    }

    /** {@link #predict} for many requests, in parallel. */
    public double[][] predictAll(float[][] features, List<String> texts) {
        double[][] out = new double[features.length][];
        IntStream.range(0, features.length).parallel().forEach(i -> out[i] = predict(features[i], texts.get(i)));
        return out;
    }
}
