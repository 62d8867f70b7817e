package io.routewise.training.complexity;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.chat.Message;
import io.routewise.chat.Role;
import io.routewise.classifier.ComplexityNeighbours;
import io.routewise.classifier.TierPrior;
import io.routewise.json.Json;
import io.routewise.training.Complexity;
import io.routewise.training.HoldoutSplit;
import io.routewise.training.outcome.OutcomeHeads;
import io.routewise.training.outcome.OutcomeTable;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import org.apache.commons.math3.stat.StatUtils;

/**
 * Trains the complexity head: a Tribuo logistic regression from the featurizer's vector to the prompt's
 * ease (1 easy, ½ medium, 0 hard, as soft labels), with each complexity level given the same total
 * weight so that a set dominated by hard prompts does not teach the head that everything is hard, and
 * within a level each source a share by the square root of its count ({@link #levelWeights}).
 * Each head is the mean of {@value #RUNS} SGD runs' weights, which differ only in their shuffling seed.
 * Two learning rates are compared on a held-out fifth of the prompts (split by prompt); then every
 * source with enough prompts is held out in turn (trained on the others), which shows whether the
 * head carries over to prompts written by other people for other purposes. The same held-out sources
 * choose how the head's reading is blended with the labelled prompts' nearest neighbours'
 * ({@link ComplexityNeighbours}): the share with the lowest Brier averaged over the sources. The chosen
 * head and the neighbour index are refitted on all prompts.
 */
public final class ComplexityHeadTrainer {

    static final double[] LEARNING_RATES = {0.05, 0.2};
    static final double HOLDOUT = 0.2;
    /** A source is held out on its own when it has at least this many prompts. */
    static final int MIN_SOURCE = 30;

    /** Folds of the cross-validation that places easy and hard prompts on the head's output scale. */
    static final int FOLDS = 5;

    /**
     * SGD runs averaged into one head; they differ only in their shuffling seed. One run's head moved
     * single prompts across a tier boundary from seed to seed (of 40 easy probe prompts, 38, 33 and 36 to
     * tier 1 with seeds 7, 8 and 9); the mean of five gave 38 with each.
     */
    static final int RUNS = 5;
    static final long RUN_SEED_STRIDE = 1_000;

    /** Labelled prompts each prompt's neighbour reading averages over. */
    static final int NEIGHBOURS = 10;
    /** The head's shares of the blend compared; the neighbours have the rest. */
    static final double[] HEAD_WEIGHTS = {0, 0.25, 0.5, 0.75, 1};
    /**
     * The neighbours' size penalties compared, in similarity per e-fold of difference in the last user turn's
     * tokens ({@link ComplexityNeighbours}); chosen with the head's share by the same held-out Brier.
     */
    static final double[] SIZE_PENALTIES = {0, 0.05, 0.1, 0.2};
    /** {@link #SIZE_PENALTIES} per unit of the size feature, as {@link ComplexityNeighbours} applies them. */
    private static final float[] SIZE_PENALTIES_PER_UNIT = perFeatureUnit(SIZE_PENALTIES);

    /**
     * The trained head, the labelled prompts' neighbour index, and the evidence for the model card.
     *
     * @param headWeight  the head's share of the ease (the neighbours have the rest)
     * @param easeOfEasy  the blend's mean out-of-fold output on easy prompts
     * @param easeOfHard  the same on hard prompts
     * @param easeOfMedium the same on medium prompts; NaN when there are none or it does not fall strictly between
     *                    the other two (the scale then has no medium anchor)
     * @param sizePenalty the neighbours' size penalty, in similarity per e-fold of the last user turn's tokens
     */
    public record Fit(OutcomeHeads head, ComplexityNeighbours neighbours, double headWeight, double easeOfEasy,
                      double easeOfHard, double easeOfMedium, double sizePenalty, ObjectNode evaluation) {

        /** Whether the scale has a medium anchor. */
        public boolean hasMedium() {
            return !Double.isNaN(easeOfMedium);
        }
    }

    private ComplexityHeadTrainer() {
    }

    /** The conversation the featurizer reads for a prompt: one user turn. */
    public static List<Message> conversation(ComplexityPrompt p) {
        return List.of(Message.text(Role.USER, p.prompt()));
    }

    public static Fit fit(List<ComplexityPrompt> prompts, float[][] features, List<String> names, long seed, int epochs,
                          PrintStream progress) {
        ObjectNode evaluation = Json.object();
        evaluation.put("prompts", prompts.size());
        ObjectNode counts = evaluation.putObject("by_level");
        levelCounts(prompts, i -> true).forEach((level, n) -> counts.put(level.label(), n));
        ObjectNode bySource = evaluation.putObject("by_source");
        sourceCounts(prompts).forEach(bySource::put);

        HoldoutSplit split = new HoldoutSplit(HOLDOUT, seed * 131 + 7);
        int[] h = indexes(prompts, p -> split.isHeldOut(conversation(p)));
        int[] fitted = indexes(prompts, p -> !split.isHeldOut(conversation(p)));
        double rate = chooseLearningRate(prompts, features, names, fitted, h, seed, epochs, evaluation, progress);

        List<HeldOut> heldOut = leaveOneSourceOut(prompts, features, names, rate, epochs, seed);
        if (heldOut.isEmpty() && h.length > 0 && fitted.length > 0) {
            heldOut.add(trainedWithout(prompts, features, names, null, fitted, h, rate, epochs, seed)); // one source only
        }
        Blend chosen = chooseBlend(prompts, heldOut, evaluation);
        double headWeight = chosen.headWeight();
        double sizePenalty = SIZE_PENALTIES[chosen.sizePenalty()];
        progress.printf(Locale.ROOT, "  complexity: the head's share of the ease %.2f, the labelled neighbours' %.2f, their "
                + "size penalty %.2f per e-fold of tokens (by the mean Brier over held-out sources)%n", headWeight,
                1 - headWeight, sizePenalty);
        ArrayNode sources = evaluation.putArray("leave_one_source_out");
        for (HeldOut o : heldOut) {
            if (o.source() == null) {
                continue;
            }
            ObjectNode r = score(prompts, o.blend(headWeight, chosen.sizePenalty()), o.rows());
            r.put("held_out_source", o.source());
            r.put("head_only_brier", brier(prompts, o.head(), o.rows()));
            sources.add(r);
            progress.printf(Locale.ROOT, "  complexity, %s held out (%d prompts): mean ease %s%n", o.source(), o.rows().length,
                    r.get("mean_ease"));
        }
        // Where the average easy, medium and hard prompt land on the blend's scale, out of fold.
        double[] outOfFold = outOfFoldEase(prompts, features, names, headWeight, chosen.sizePenalty(), rate, epochs, seed);
        double easeOfEasy = mean(prompts, outOfFold, Complexity.EASY, 1);
        double easeOfHard = mean(prompts, outOfFold, Complexity.HARD, 0);
        double easeOfMedium = mean(prompts, outOfFold, Complexity.MEDIUM, Double.NaN);
        if (!(easeOfHard < easeOfEasy)) {
            easeOfEasy = 1;
            easeOfHard = 0;
        }
        if (!(easeOfMedium > easeOfHard && easeOfMedium < easeOfEasy)) {
            easeOfMedium = Double.NaN;
        }
        evaluation.put("ease_of_easy", easeOfEasy);
        evaluation.put("ease_of_hard", easeOfHard);
        if (!Double.isNaN(easeOfMedium)) {
            evaluation.put("ease_of_medium", easeOfMedium);
        }
        evaluation.put("ease_scale", FOLDS + "-fold cross-validated mean output on easy, medium and hard prompts");
        int[] all = indexes(prompts, p -> true);
        OutcomeHeads head = train(prompts, features, names, all, rate, epochs, seed);
        ComplexityNeighbours neighbours = ComplexityNeighboursBuilder.build(prompts, features, names, all, NEIGHBOURS,
                sizePenalty);
        return new Fit(head, neighbours, headWeight, easeOfEasy, easeOfHard, easeOfMedium, sizePenalty, evaluation);
    }

    /** The learning rate with the lowest Brier on the held-out fifth (the first when nothing is held out). */
    private static double chooseLearningRate(List<ComplexityPrompt> prompts, float[][] features, List<String> names,
                                             int[] fitted, int[] heldOut, long seed, int epochs, ObjectNode evaluation,
                                             PrintStream progress) {
        double bestRate = LEARNING_RATES[0];
        double bestBrier = Double.POSITIVE_INFINITY;
        ArrayNode compared = evaluation.putArray("held_out_fifth");
        for (double rate : LEARNING_RATES) {
            if (heldOut.length == 0 || fitted.length == 0) {
                break;
            }
            OutcomeHeads head = train(prompts, features, names, fitted, rate, epochs, seed);
            ObjectNode r = score(prompts, readings(x -> head.predict(x)[0], features, heldOut), heldOut);
            r.put("learning_rate", rate);
            compared.add(r);
            progress.printf(Locale.ROOT, "  complexity head (learning rate %.2f): held-out Brier %.4f, AUC easy vs hard %.3f%n",
                    rate, r.get("brier").asDouble(), r.path("auc_easy_vs_hard").asDouble(Double.NaN));
            if (r.get("brier").asDouble() < bestBrier) {
                bestBrier = r.get("brier").asDouble();
                bestRate = rate;
            }
        }
        evaluation.put("chosen_learning_rate", bestRate);
        return bestRate;
    }

    /**
     * Each source with enough prompts held out in turn: how the head and the neighbours carry over to
     * prompts written by other people for other purposes.
     */
    private static List<HeldOut> leaveOneSourceOut(List<ComplexityPrompt> prompts, float[][] features, List<String> names,
                                                   double rate, int epochs, long seed) {
        List<HeldOut> out = new ArrayList<>();
        for (Map.Entry<String, Integer> e : sourceCounts(prompts).entrySet()) {
            String source = e.getKey();
            if (e.getValue() < MIN_SOURCE || e.getValue() == prompts.size()
                    || levelCounts(prompts, i -> !prompts.get(i).source().equals(source)).size() < 2) {
                continue; // too small to judge, or the others alone cannot teach the difference
            }
            out.add(trainedWithout(prompts, features, names, source, indexes(prompts, p -> !p.source().equals(source)),
                    indexes(prompts, p -> p.source().equals(source)), rate, epochs, seed));
        }
        return out;
    }

    /** The head and the neighbours trained on {@code train}, read on {@code test}. */
    private static HeldOut trainedWithout(List<ComplexityPrompt> prompts, float[][] features, List<String> names,
                                          String source, int[] train, int[] test, double rate, int epochs, long seed) {
        OutcomeHeads head = train(prompts, features, names, train, rate, epochs, seed);
        ComplexityNeighbours neighbours = ComplexityNeighboursBuilder.build(prompts, features, names, train, NEIGHBOURS, 0);
        double[][] byPenalty = new double[SIZE_PENALTIES.length][test.length];
        for (int j = 0; j < test.length; j++) {
            double[] each = neighbours.predictEach(features[test[j]], SIZE_PENALTIES_PER_UNIT);
            for (int i = 0; i < each.length; i++) {
                byPenalty[i][j] = each[i];
            }
        }
        return new HeldOut(source, test, readings(x -> head.predict(x)[0], features, test), byPenalty);
    }

    /** Each prompt's blended ease from a head and neighbours trained without its fold. */
    private static double[] outOfFoldEase(List<ComplexityPrompt> prompts, float[][] features, List<String> names,
                                          double headWeight, int sizePenalty, double rate, int epochs, long seed) {
        double[] out = new double[prompts.size()];
        for (int fold = 0; fold < FOLDS; fold++) {
            int f = fold;
            int[] test = indexes(prompts, p -> fold(p) == f);
            int[] train = indexes(prompts, p -> fold(p) != f);
            if (test.length == 0 || train.length == 0) {
                continue;
            }
            HeldOut o = trainedWithout(prompts, features, names, null, train, test, rate, epochs, seed);
            double[] blended = o.blend(headWeight, sizePenalty);
            for (int j = 0; j < test.length; j++) {
                out[test[j]] = blended[j];
            }
        }
        return out;
    }

    /**
     * One held-out part's rows and the two readings of their ease, trained without them: the head's, and the
     * neighbours' under each of {@link #SIZE_PENALTIES} (by index; one column when only one was read).
     */
    record HeldOut(String source, int[] rows, double[] head, double[][] neighboursByPenalty) {

        HeldOut(String source, int[] rows, double[] head, double[] neighbours) {
            this(source, rows, head, new double[][] {neighbours});
        }

        double[] blend(double headWeight, int sizePenalty) {
            double[] neighbours = neighboursByPenalty[sizePenalty];
            double[] out = new double[rows.length];
            for (int j = 0; j < out.length; j++) {
                out[j] = TierPrior.blend(headWeight, head[j], neighbours[j]);
            }
            return out;
        }
    }

    /** The head's share of the ease and the neighbours' size penalty (an index into {@link #SIZE_PENALTIES}). */
    record Blend(double headWeight, int sizePenalty) {
    }

    private static float[] perFeatureUnit(double[] penaltiesPerEFold) {
        float[] out = new float[penaltiesPerEFold.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = ComplexityNeighboursBuilder.perFeatureUnit(penaltiesPerEFold[i]);
        }
        return out;
    }

    /**
     * The head's share and the neighbours' size penalty, by the Brier averaged over the held-out sources (each
     * source counts the same, however many prompts it has: the question is how the blend carries over to a new
     * source). The head's share is the best one for each penalty; of the penalties, the smallest whose Brier is
     * within one standard error of the best one's (the error of their paired difference over the sources), so
     * a stronger penalty is taken only where the sources agree it reads better, not by a margin inside their
     * spread.
     */
    static Blend chooseBlend(List<ComplexityPrompt> prompts, List<HeldOut> heldOut, ObjectNode evaluation) {
        if (heldOut.isEmpty()) {
            evaluation.putObject("mean_held_out_brier_by_head_weight");
            evaluation.put("head_weight", 1.0);
            return new Blend(1.0, 0);
        }
        int penalties = heldOut.stream().mapToInt(o -> o.neighboursByPenalty().length).min().orElse(1);
        // brier[w][p][source]
        double[][][] brier = new double[HEAD_WEIGHTS.length][penalties][heldOut.size()];
        int[] bestWeight = new int[penalties];
        double[] bestMean = new double[penalties];
        for (int p = 0; p < penalties; p++) {
            bestMean[p] = Double.POSITIVE_INFINITY;
            for (int w = 0; w < HEAD_WEIGHTS.length; w++) {
                for (int o = 0; o < heldOut.size(); o++) {
                    brier[w][p][o] = brier(prompts, heldOut.get(o).blend(HEAD_WEIGHTS[w], p), heldOut.get(o).rows());
                }
                double mean = StatUtils.mean(brier[w][p]);
                if (mean < bestMean[p] - 1e-12) {
                    bestMean[p] = mean;
                    bestWeight[p] = w;
                }
            }
        }
        int best = 0;
        for (int p = 1; p < penalties; p++) {
            if (bestMean[p] < bestMean[best] - 1e-12) {
                best = p;
            }
        }
        int chosen = best;
        for (int p = 0; p < best; p++) {
            double[] diff = new double[heldOut.size()];
            for (int o = 0; o < diff.length; o++) {
                diff[o] = brier[bestWeight[p]][p][o] - brier[bestWeight[best]][best][o];
            }
            if (StatUtils.mean(diff) <= standardError(diff)) {
                chosen = p;
                break;
            }
        }
        ObjectNode byWeight = evaluation.putObject("mean_held_out_brier_by_head_weight");
        for (int w = 0; w < HEAD_WEIGHTS.length; w++) {
            byWeight.put(String.format(Locale.ROOT, "%.2f", HEAD_WEIGHTS[w]), StatUtils.mean(brier[w][chosen]));
        }
        if (penalties > 1) {
            ObjectNode byPenalty = evaluation.putObject("mean_held_out_brier_by_size_penalty");
            for (int p = 0; p < penalties; p++) {
                byPenalty.put(String.format(Locale.ROOT, "%.2f", SIZE_PENALTIES[p]), bestMean[p]);
            }
            evaluation.put("size_penalty", SIZE_PENALTIES[chosen]);
            evaluation.put("size_penalty_rule", "the smallest penalty within one standard error (of the paired "
                    + "difference over held-out sources) of the lowest mean Brier, each at its best head share");
        }
        evaluation.put("head_weight", HEAD_WEIGHTS[bestWeight[chosen]]);
        evaluation.put("neighbours_k", NEIGHBOURS);
        return new Blend(HEAD_WEIGHTS[bestWeight[chosen]], chosen);
    }

    /** The standard error of these values' mean (0 for fewer than two: nothing to weigh a difference against). */
    static double standardError(double[] values) {
        return values.length < 2 ? 0 : Math.sqrt(StatUtils.variance(values) / values.length);
    }

    /** One reading of the ease for each of these rows. */
    private static double[] readings(java.util.function.ToDoubleFunction<float[]> reading, float[][] features, int[] rows) {
        double[] out = new double[rows.length];
        for (int j = 0; j < rows.length; j++) {
            out[j] = reading.applyAsDouble(features[rows[j]]);
        }
        return out;
    }

    private static double brier(List<ComplexityPrompt> prompts, double[] predictions, int[] rows) {
        double sse = 0;
        for (int j = 0; j < rows.length; j++) {
            double d = predictions[j] - prompts.get(rows[j]).ease();
            sse += d * d;
        }
        return sse / rows.length;
    }

    private static int fold(ComplexityPrompt p) {
        return Math.floorMod(p.prompt().hashCode() * 31 + 11, FOLDS);
    }

    private static double mean(List<ComplexityPrompt> prompts, double[] values, Complexity level, double fallback) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < values.length; i++) {
            if (prompts.get(i).level() == level) {
                sum += values[i];
                n++;
            }
        }
        return n == 0 ? fallback : sum / n;
    }

    /** Trains on these rows with each level weighted to the same total. */
    static OutcomeHeads train(List<ComplexityPrompt> prompts, float[][] features, List<String> names, int[] rows,
                              double rate, int epochs, long seed) {
        float[][] outcomes = new float[rows.length][1];
        float[][] x = new float[rows.length][];
        float[] weights = levelWeights(prompts, rows);
        for (int j = 0; j < rows.length; j++) {
            outcomes[j][0] = prompts.get(rows[j]).ease();
            x[j] = features[rows[j]];
        }
        OutcomeTable table = new OutcomeTable(List.of(TierPrior.EASE), outcomes);
        List<OutcomeHeads> runs = new ArrayList<>();
        for (int r = 0; r < RUNS; r++) {
            runs.add(OutcomeHeads.train(table, x, names, rate, epochs, seed + r * RUN_SEED_STRIDE, weights));
        }
        return OutcomeHeads.average(runs, runs.get(0).description() + String.format(Locale.ROOT,
                "; the mean of %d such runs' weights (log-odds), seeds %d + %d per run", RUNS, seed, RUN_SEED_STRIDE));
    }

    /**
     * Per row, its weight when each complexity level gets the same total (the rows' count split evenly
     * across the levels present), so that a set dominated by hard prompts does not teach that everything
     * is hard. Within a level the sources share that total in proportion to the square root of their
     * counts, so that one large source (Arena-Hard's 1,250 prompts are most of the hard ones) does not teach
     * that its topics are what the level looks like, while a source of ten prompts does not outweigh it either.
     */
    static float[] levelWeights(List<ComplexityPrompt> prompts, int[] rows) {
        Map<Complexity, Map<String, Integer>> counts = new EnumMap<>(Complexity.class);
        for (int i : rows) {
            counts.computeIfAbsent(prompts.get(i).level(), k -> new java.util.HashMap<>())
                    .merge(String.valueOf(prompts.get(i).source()), 1, Integer::sum);
        }
        Map<Complexity, Double> rootSums = new EnumMap<>(Complexity.class);
        counts.forEach((level, bySource) -> rootSums.put(level,
                bySource.values().stream().mapToDouble(Math::sqrt).sum()));
        float[] weights = new float[rows.length];
        double levelTotal = (double) rows.length / counts.size();
        for (int j = 0; j < rows.length; j++) {
            ComplexityPrompt p = prompts.get(rows[j]);
            int n = counts.get(p.level()).get(String.valueOf(p.source()));
            weights[j] = (float) (levelTotal * Math.sqrt(n) / rootSums.get(p.level()) / n);
        }
        return weights;
    }

    /** Held-out figures: Brier against the ease target, mean ease per level, and the easy-vs-hard AUC. */
    static ObjectNode score(List<ComplexityPrompt> prompts, double[] predictions, int[] rows) {
        Map<Complexity, List<Double>> byLevel = new EnumMap<>(Complexity.class);
        for (int j = 0; j < rows.length; j++) {
            byLevel.computeIfAbsent(prompts.get(rows[j]).level(), k -> new ArrayList<>()).add(predictions[j]);
        }
        ObjectNode r = Json.object();
        r.put("prompts", rows.length);
        r.put("brier", brier(prompts, predictions, rows));
        ObjectNode mean = r.putObject("mean_ease");
        byLevel.forEach((level, v) -> mean.put(level.label(), Math.round(v.stream().mapToDouble(d -> d).average().orElse(0)
                * 1000) / 1000.0));
        List<Double> easy = byLevel.get(Complexity.EASY);
        List<Double> hard = byLevel.get(Complexity.HARD);
        if (easy != null && hard != null) {
            r.put("auc_easy_vs_hard", auc(easy, hard));
        }
        return r;
    }

    /** The chance that a random easy prompt gets a higher ease than a random hard one (ties count half). */
    static double auc(List<Double> positives, List<Double> negatives) {
        double wins = 0;
        for (double p : positives) {
            for (double n : negatives) {
                wins += p > n ? 1 : p == n ? 0.5 : 0;
            }
        }
        return wins / ((double) positives.size() * negatives.size());
    }

    private static Map<Complexity, Integer> levelCounts(List<ComplexityPrompt> prompts, IntPredicate keep) {
        Map<Complexity, Integer> out = new EnumMap<>(Complexity.class);
        for (int i = 0; i < prompts.size(); i++) {
            if (keep.test(i)) {
                out.merge(prompts.get(i).level(), 1, Integer::sum);
            }
        }
        return out;
    }

    private static Map<String, Integer> sourceCounts(List<ComplexityPrompt> prompts) {
        Map<String, Integer> out = new TreeMap<>();
        prompts.forEach(p -> out.merge(p.source(), 1, Integer::sum));
        return out;
    }

    /** The positions of the prompts {@code keep} accepts. */
    private static int[] indexes(List<ComplexityPrompt> prompts, java.util.function.Predicate<ComplexityPrompt> keep) {
        return java.util.stream.IntStream.range(0, prompts.size()).filter(i -> keep.test(prompts.get(i))).toArray();
    }
}
