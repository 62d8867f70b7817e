package io.routewise.training.outcome;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.classifier.LexicalIndex;
import io.routewise.classifier.NeighbourIndex;
import io.routewise.classifier.OutcomeSpec;
import io.routewise.features.Featurizer;
import io.routewise.json.Json;
import io.routewise.training.HoldoutSplit;
import io.routewise.training.TrafficRecord;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Learns each logged model's outcome from the prompt alone. Designs are compared on an inner
 * validation split of the training part (a fifth of its prompts, by a seeded hash different from the
 * outer split's), by relative outcome Brier ({@link OutcomeTable#relativeBrier}: the squared error of
 * each prompt's predicted differences between models, which is what a routing choice reads; the plain
 * Brier also rewards guessing how hard a prompt is for every model alike). In the five-fold protocol
 * (docs/training.md) this criterion gave equal or higher AIQ than plain Brier on every shared set:
 * <ul>
 *   <li>per-model outcome heads ({@link OutcomeHeads}) at two learning rates;</li>
 *   <li>nearest neighbours by embedding ({@link NeighbourIndexBuilder}) at several {@code k};</li>
 *   <li>nearest neighbours by word overlap ({@link LexicalIndex}) at several {@code k};</li>
 *   <li>blends of the best of each, weights on a grid of quarters summing to 1.</li>
 * </ul>
 * The winner's settings are then refitted on the whole training part. Task labels are never read.
 */
public final class OutcomeTrainer {

    static final double[] LEARNING_RATES = {0.05, 0.2};
    static final int[] KS = {10, 25, 50, 100};
    /**
     * Principal components the embedding neighbours compare: fewer read less memory per decision (the
     * scan over every training prompt is bound by memory bandwidth: 32 dimensions take about half the
     * time of 64).
     */
    static final int[] DIMS = {32, 64}; // fewest first: fewestDimensionsWithinOneError reads them in this order
    static final float KAPPA = 2;
    static final int[] LEXICAL_KS = {25, 50, 100};
    /** Blend weights are multiples of this, summing to 1. */
    static final int BLEND_STEPS = 4;
    static final double INNER_HOLDOUT = 0.2;

    private OutcomeTrainer() {
    }

    /**
     * @param train    the training part
     * @param features its feature vectors, same order
     * @param names    feature names in vector order
     */
    public static OutcomeFit fit(List<TrafficRecord> train, float[][] features, List<String> names, long seed, int epochs,
                                 PrintStream progress) {
        OutcomeTable table = OutcomeTable.of(train);
        HoldoutSplit inner = new HoldoutSplit(INNER_HOLDOUT, seed * 31 + 17);
        List<Integer> fitRows = new ArrayList<>();
        List<Integer> valRows = new ArrayList<>();
        for (int i = 0; i < train.size(); i++) {
            (inner.isHeldOut(train.get(i).messages()) ? valRows : fitRows).add(i);
        }
        ObjectNode selection = Json.object();
        selection.put("criterion", "relative outcome Brier (predicted differences between models per prompt) on an inner "
                + "validation split of the training part (" + valRows.size() + " of " + train.size()
                + " requests, split by prompt)");
        selection.put("kappa", KAPPA);
        ArrayNode tried = selection.putArray("compared");
        double lr;
        int k;
        int dims = NeighbourIndexBuilder.DEFAULT_DIMS;
        int lexicalK;
        double weight;
        double lexicalWeight;
        if (fitRows.isEmpty() || valRows.isEmpty()) {
            lr = LEARNING_RATES[0];
            k = Math.min(KS[1], Math.max(1, train.size()));
            lexicalK = k;
            weight = 0.5;
            lexicalWeight = 0;
            selection.put("note", "too few requests for an inner split; defaults used");
        } else {
            OutcomeTable fitTable = OutcomeTable.of(subset(train, fitRows), table.models());
            OutcomeTable valTable = OutcomeTable.of(subset(train, valRows), table.models());
            float[][] fitX = rows(features, fitRows);
            float[][] valX = rows(features, valRows);
            List<String> fitTexts = texts(subset(train, fitRows));
            List<String> valTexts = texts(subset(train, valRows));

            double[][] bestHeads = null;
            double bestHeadsBrier = Double.POSITIVE_INFINITY;
            double bestLr = LEARNING_RATES[0];
            for (double rate : LEARNING_RATES) {
                OutcomeHeads h = OutcomeHeads.train(fitTable, fitX, names, rate, epochs, seed);
                double[][] p = predictAll(valX, h::predict);
                double brier = valTable.relativeBrier(p);
                add(tried, "heads, learning rate " + rate, brier);
                progress.printf(Locale.ROOT, "  outcome heads (learning rate %.2f): validation relative Brier %.5f%n", rate, brier);
                if (brier < bestHeadsBrier) {
                    bestHeadsBrier = brier;
                    bestHeads = p;
                    bestLr = rate;
                }
            }
            // Per number of dimensions (DIMS, fewest first), its best k.
            double[][][] dimsPredictions = new double[DIMS.length][][];
            double[] dimsBrier = new double[DIMS.length];
            int[] dimsK = new int[DIMS.length];
            java.util.Arrays.fill(dimsBrier, Double.POSITIVE_INFINITY);
            for (int di = 0; di < DIMS.length; di++) {
                int d = DIMS[di];
                for (int kk : KS) {
                    NeighbourIndex index = NeighbourIndexBuilder.build(fitTable, fitX, names, d, kk, KAPPA);
                    double[][] p = predictAll(valX, index::predict);
                    double brier = valTable.relativeBrier(p);
                    add(tried, "neighbours, " + d + " dimensions, k " + kk, brier);
                    progress.printf(Locale.ROOT, "  neighbours (%d dimensions, k %d): validation relative Brier %.5f%n", d, kk, brier);
                    if (brier < dimsBrier[di]) {
                        dimsBrier[di] = brier;
                        dimsPredictions[di] = p;
                        dimsK[di] = kk;
                    }
                }
            }
            int chosenDims = fewestDimensionsWithinOneError(dimsBrier, dimsPredictions, valTable, selection);
            double[][] bestNeighbours = dimsPredictions[chosenDims];
            int bestK = dimsK[chosenDims];
            int bestDims = DIMS[chosenDims];
            NeighbourIndex fitIndex = NeighbourIndexBuilder.build(fitTable, fitX, names, bestDims, bestK, KAPPA);
            double[][] bestLexical = null;
            double bestLexicalBrier = Double.POSITIVE_INFINITY;
            int bestLexicalK = LEXICAL_KS[0];
            for (int kk : LEXICAL_KS) {
                LexicalIndex lexical = LexicalIndex.build(fitTexts, kk, KAPPA);
                double[][] p = new double[valX.length][];
                java.util.stream.IntStream.range(0, p.length).parallel().forEach(i ->
                        p[i] = fitIndex.aggregate(lexical.similarities(valTexts.get(i)), lexical.k(), lexical.kappa()));
                double brier = valTable.relativeBrier(p);
                add(tried, "word-overlap neighbours, k " + kk, brier);
                progress.printf(Locale.ROOT, "  word-overlap neighbours (k %d): validation relative Brier %.5f%n", kk, brier);
                if (brier < bestLexicalBrier) {
                    bestLexicalBrier = brier;
                    bestLexical = p;
                    bestLexicalK = kk;
                }
            }
            double bestBrier = Double.POSITIVE_INFINITY;
            double bestWeight = 0.5;
            double bestLexicalWeight = 0;
            for (int hs = 0; hs <= BLEND_STEPS; hs++) {
                for (int ls = 0; hs + ls <= BLEND_STEPS; ls++) {
                    double wh = (double) hs / BLEND_STEPS;
                    double wl = (double) ls / BLEND_STEPS;
                    double wn = 1 - wh - wl;
                    double[][] p = new double[valX.length][];
                    for (int i = 0; i < p.length; i++) {
                        p[i] = OutcomeSpec.blend(bestHeads[i], bestNeighbours[i], bestLexical[i], wh, wl);
                    }
                    double brier = valTable.relativeBrier(p);
                    add(tried, String.format(Locale.ROOT, "blend %.2f heads (learning rate %s) + %.2f word-overlap "
                            + "neighbours (k %d) + %.2f embedding neighbours (k %d)", wh, bestLr, wl, bestLexicalK, wn, bestK),
                            brier);
                    progress.printf(Locale.ROOT, "  blend %.2f heads + %.2f word overlap + %.2f embedding: validation relative Brier "
                            + "%.5f%n", wh, wl, wn, brier);
                    if (brier < bestBrier - 1e-9) {
                        bestBrier = brier;
                        bestWeight = wh;
                        bestLexicalWeight = wl;
                    }
                }
            }
            lr = bestLr;
            k = bestK;
            dims = bestDims;
            lexicalK = bestLexicalK;
            weight = bestWeight;
            lexicalWeight = bestLexicalWeight;
        }
        selection.put("chosen_learning_rate", lr);
        selection.put("chosen_k", k);
        selection.put("chosen_dims", dims);
        selection.put("chosen_heads_weight", weight);
        selection.put("chosen_lexical_k", lexicalK);
        selection.put("chosen_lexical_weight", lexicalWeight);
        OutcomeHeads heads = OutcomeHeads.train(table, features, names, lr, epochs, seed);
        NeighbourIndex index = NeighbourIndexBuilder.build(table, features, names, dims, k, KAPPA);
        LexicalIndex lexical = LexicalIndex.build(texts(train), lexicalK, KAPPA);
        progress.printf(Locale.ROOT, "outcome model: heads (learning rate %s) weight %.2f, word-overlap neighbours (k %d) "
                + "weight %.2f, embedding neighbours (%d dimensions, k %d) weight %.2f%n", lr, weight, lexicalK, lexicalWeight,
                dims, k, Math.max(0, 1 - weight - lexicalWeight));
        return new OutcomeFit(heads, index, lexical, weight, lexicalWeight, selection, table.servingColumns());
    }

    /**
     * Which number of dimensions the embedding neighbours use: the fewest whose validation relative Brier is
     * within one paired standard error of the best (the one-standard-error rule). Every decision scans every
     * training prompt's projection, so more dimensions cost time on every request; a gain inside the
     * validation noise does not pay for it. Records the comparison in {@code selection}.
     */
    static int fewestDimensionsWithinOneError(double[] brier, double[][][] predictions, OutcomeTable val,
                                              ObjectNode selection) {
        int best = 0;
        for (int i = 1; i < brier.length; i++) {
            if (brier[i] < brier[best]) {
                best = i;
            }
        }
        for (int i = 0; i < best; i++) {
            double error = val.relativeBrierDifferenceError(predictions[i], predictions[best]);
            if (brier[i] - brier[best] <= error) {
                selection.put("dims_rule", String.format(Locale.ROOT, "%d dimensions: relative Brier %.5f, within one "
                        + "paired standard error (%.5f) of %d dimensions' %.5f", DIMS[i], brier[i], error, DIMS[best],
                        brier[best]));
                return i;
            }
        }
        selection.put("dims_rule", DIMS[best] + " dimensions: the best, and fewer are not within one paired standard "
                + "error of it");
        return best;
    }

    private static void add(ArrayNode tried, String design, double brier) {
        ObjectNode n = tried.addObject();
        n.put("design", design);
        n.put("validation_relative_brier", brier);
    }

    /** Predictions for many feature vectors, in parallel. */
    public static double[][] predictAll(float[][] x, java.util.function.Function<float[], double[]> f) {
        double[][] out = new double[x.length][];
        java.util.stream.IntStream.range(0, x.length).parallel().forEach(i -> out[i] = f.apply(x[i]));
        return out;
    }

    /** The text the word-overlap index reads: each request's last user turn. */
    public static List<String> texts(List<TrafficRecord> records) {
        return records.stream().map(r -> Featurizer.lastUserTurn(r.messages())).toList();
    }

    private static List<TrafficRecord> subset(List<TrafficRecord> all, List<Integer> rows) {
        List<TrafficRecord> out = new ArrayList<>(rows.size());
        rows.forEach(i -> out.add(all.get(i)));
        return out;
    }

    private static float[][] rows(float[][] all, List<Integer> rows) {
        float[][] out = new float[rows.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = all[rows.get(i)];
        }
        return out;
    }
}
