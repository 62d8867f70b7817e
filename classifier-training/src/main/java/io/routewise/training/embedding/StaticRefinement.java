package io.routewise.training.embedding;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Refines a distilled static table on whole prompts, in the manner of Model2Vec's "tokenlearn": a piece
 * embedded alone is not what the piece means inside a sentence, so the rows are moved until the sum of a
 * prompt's rows points where MiniLM's embedding of the whole prompt points.
 *
 * <p>Objective: the mean over prompts of {@code 1 − cos(Σ_p T[p], y)}, where {@code y} is MiniLM's
 * embedding of the prompt in the table's own basis (centred and projected as the piece vectors were).
 * AdaGrad per entry, one prompt at a time, in a seeded order, starting from the distilled rows; rows of
 * pieces no prompt uses are left as distilled. A fifth of the prompts (every fifth in the seeded order)
 * is kept aside, and the rows after the epoch with the best mean cosine on them are returned, so the
 * number of passes is chosen by held-out prompts rather than fixed; when no epoch beats the distilled
 * rows, they are returned unchanged. Single-threaded and seeded: the same rows, prompts and targets give
 * the same table.
 */
public final class StaticRefinement {

    /** The most passes over the prompts. */
    static final int MAX_EPOCHS = 8;
    /** AdaGrad's step, as a share of the distilled rows' mean absolute entry. */
    static final double STEP = 0.5;

    private StaticRefinement() {
    }

    /** What a refinement did, for the model card. */
    public record Report(int prompts, int validation, int epochs, double cosineBefore, double cosineAfter) {
        public String summary() {
            return String.format(Locale.ROOT, "%d prompts (%d held aside): mean cosine to MiniLM %.4f -> %.4f after %d "
                    + "epoch(s)", prompts, validation, cosineBefore, cosineAfter, epochs);
        }
    }

    /** The refined rows (a new array) and the report. */
    public record Result(float[] rows, Report report) {
    }

    /**
     * @param rows    the distilled table, {@code vocabulary × dims} row-major (not modified)
     * @param dims    the table's dimensions
     * @param prompts each prompt's piece ids, as the static embedding sums them
     * @param targets each prompt's target in the table's basis ({@code dims} values)
     */
    public static Result refine(float[] rows, int dims, List<long[]> prompts, List<double[]> targets, long seed,
                                PrintStream progress) {
        if (prompts.size() != targets.size()) {
            throw new IllegalArgumentException(prompts.size() + " prompts, " + targets.size() + " targets");
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            if (prompts.get(i).length > 0) {
                order.add(i);
            }
        }
        java.util.Collections.shuffle(order, new Random(seed));
        List<Integer> fit = new ArrayList<>();
        List<Integer> val = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            (i % 5 == 4 ? val : fit).add(order.get(i));
        }
        float[] table = rows.clone();
        double before = meanCosine(table, dims, prompts, targets, val);
        if (fit.isEmpty() || val.isEmpty()) {
            return new Result(table, new Report(order.size(), val.size(), 0, before, before));
        }
        double scale = 0;
        for (float v : rows) {
            scale += Math.abs(v);
        }
        double step = STEP * scale / rows.length;
        float[] squares = new float[table.length];
        float[] best = table.clone();
        double bestCosine = before;
        int bestEpoch = 0;
        Random shuffle = new Random(seed + 1);
        double[] sum = new double[dims];
        double[] grad = new double[dims];
        for (int epoch = 1; epoch <= MAX_EPOCHS; epoch++) {
            java.util.Collections.shuffle(fit, shuffle);
            for (int i : fit) {
                long[] ids = prompts.get(i);
                double[] y = targets.get(i);
                sumRows(table, dims, ids, sum);
                double sNorm = norm(sum);
                double yNorm = norm(y);
                if (sNorm < 1e-12 || yNorm < 1e-12) {
                    continue;
                }
                double cos = dot(sum, y) / (sNorm * yNorm);
                // d(−cos)/ds = −(ŷ − cos·ŝ) / |s|; every occurrence of a piece in the prompt gets it.
                for (int d = 0; d < dims; d++) {
                    grad[d] = -(y[d] / yNorm - cos * sum[d] / sNorm) / sNorm;
                }
                for (long id : ids) {
                    int base = (int) id * dims;
                    for (int d = 0; d < dims; d++) {
                        double g = grad[d];
                        squares[base + d] += (float) (g * g);
                        table[base + d] -= (float) (step * g / (Math.sqrt(squares[base + d]) + 1e-12));
                    }
                }
            }
            double cosine = meanCosine(table, dims, prompts, targets, val);
            progress.printf(Locale.ROOT, "  static refinement epoch %d: held-aside mean cosine %.4f%n", epoch, cosine);
            if (cosine > bestCosine) {
                bestCosine = cosine;
                bestEpoch = epoch;
                System.arraycopy(table, 0, best, 0, table.length);
            } else {
                break;
            }
        }
        return new Result(best, new Report(order.size(), val.size(), bestEpoch, before, bestCosine));
    }

    static double meanCosine(float[] table, int dims, List<long[]> prompts, List<double[]> targets, List<Integer> which) {
        if (which.isEmpty()) {
            return Double.NaN;
        }
        double[] sum = new double[dims];
        double total = 0;
        for (int i : which) {
            sumRows(table, dims, prompts.get(i), sum);
            double[] y = targets.get(i);
            double denominator = norm(sum) * norm(y);
            total += denominator < 1e-24 ? 0 : dot(sum, y) / denominator;
        }
        return total / which.size();
    }

    private static void sumRows(float[] table, int dims, long[] ids, double[] sum) {
        java.util.Arrays.fill(sum, 0);
        for (long id : ids) {
            int base = (int) id * dims;
            for (int d = 0; d < dims; d++) {
                sum[d] += table[base + d];
            }
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }
}
