package io.routewise.training.complexity;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.chat.Message;
import io.routewise.chat.Role;
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

/**
 * Trains the complexity head: a Tribuo logistic regression from the featurizer's vector to the prompt's
 * ease (1 easy, ½ medium, 0 hard, as soft labels), with each complexity level given the same total
 * weight so that a set dominated by hard prompts does not teach the head that everything is hard.
 * Two learning rates are compared on a held-out fifth of the prompts (split by prompt); then every
 * source with enough prompts is held out in turn (trained on the others), which shows whether the
 * head carries over to prompts written by other people for other purposes. The chosen head is
 * refitted on all prompts.
 */
public final class ComplexityHeadTrainer {

    static final double[] LEARNING_RATES = {0.05, 0.2};
    static final double HOLDOUT = 0.2;
    /** A source is held out on its own when it has at least this many prompts. */
    static final int MIN_SOURCE = 30;

    /** Folds of the cross-validation that places easy and hard prompts on the head's output scale. */
    static final int FOLDS = 5;

    /**
     * The trained head and the evidence for the model card.
     *
     * @param easeOfEasy the head's mean out-of-fold output on easy prompts
     * @param easeOfHard the same on hard prompts
     */
    public record Fit(OutcomeHeads head, double learningRate, double easeOfEasy, double easeOfHard, ObjectNode evaluation) {

        /** The predicted ease of one feature vector. */
        public double ease(float[] x) {
            return head.predict(x)[0];
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
        double bestRate = LEARNING_RATES[0];
        double bestBrier = Double.POSITIVE_INFINITY;
        ArrayNode compared = evaluation.putArray("held_out_fifth");
        for (double rate : LEARNING_RATES) {
            if (h.length == 0 || fitted.length == 0) {
                break;
            }
            OutcomeHeads head = train(prompts, features, names, fitted, rate, epochs, seed);
            ObjectNode r = score(prompts, features, head, h);
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
        ArrayNode sources = evaluation.putArray("leave_one_source_out");
        for (Map.Entry<String, Integer> e : sourceCounts(prompts).entrySet()) {
            if (e.getValue() < MIN_SOURCE || e.getValue() == prompts.size()) {
                continue;
            }
            String source = e.getKey();
            int[] test = indexes(prompts, p -> p.source().equals(source));
            int[] train = indexes(prompts, p -> !p.source().equals(source));
            if (levelCounts(prompts, i -> !prompts.get(i).source().equals(source)).size() < 2) {
                continue; // the others alone cannot teach the difference
            }
            OutcomeHeads head = train(prompts, features, names, train, bestRate, epochs, seed);
            ObjectNode r = score(prompts, features, head, test);
            r.put("held_out_source", source);
            sources.add(r);
            progress.printf(Locale.ROOT, "  complexity head, %s held out (%d prompts): mean ease %s%n", source, test.length,
                    r.get("mean_ease"));
        }
        // Where the average easy and the average hard prompt land on the head's scale, out of fold.
        double[] outOfFold = new double[prompts.size()];
        for (int fold = 0; fold < FOLDS; fold++) {
            int f = fold;
            int[] test = indexes(prompts, p -> fold(p) == f);
            int[] train = indexes(prompts, p -> fold(p) != f);
            if (test.length == 0 || train.length == 0) {
                continue;
            }
            OutcomeHeads head = train(prompts, features, names, train, bestRate, epochs, seed);
            for (int i : test) {
                outOfFold[i] = head.predict(features[i])[0];
            }
        }
        double easeOfEasy = mean(prompts, outOfFold, Complexity.EASY, 1);
        double easeOfHard = mean(prompts, outOfFold, Complexity.HARD, 0);
        if (!(easeOfHard < easeOfEasy)) {
            easeOfEasy = 1;
            easeOfHard = 0;
        }
        evaluation.put("ease_of_easy", easeOfEasy);
        evaluation.put("ease_of_hard", easeOfHard);
        evaluation.put("ease_scale", FOLDS + "-fold cross-validated mean output on easy and on hard prompts");
        int[] all = indexes(prompts, p -> true);
        OutcomeHeads head = train(prompts, features, names, all, bestRate, epochs, seed);
        return new Fit(head, bestRate, easeOfEasy, easeOfHard, evaluation);
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
        Map<Complexity, Integer> counts = new EnumMap<>(Complexity.class);
        for (int i : rows) {
            counts.merge(prompts.get(i).level(), 1, Integer::sum);
        }
        float[][] outcomes = new float[rows.length][1];
        float[][] x = new float[rows.length][];
        float[] weights = new float[rows.length];
        for (int j = 0; j < rows.length; j++) {
            ComplexityPrompt p = prompts.get(rows[j]);
            outcomes[j][0] = p.ease();
            x[j] = features[rows[j]];
            weights[j] = (float) rows.length / (counts.size() * counts.get(p.level()));
        }
        return OutcomeHeads.train(new OutcomeTable(List.of(TierPrior.EASE), outcomes), x, names, rate, epochs, seed, weights);
    }

    /** Held-out figures: Brier against the ease target, mean ease per level, and the easy-vs-hard AUC. */
    static ObjectNode score(List<ComplexityPrompt> prompts, float[][] features, OutcomeHeads head, int[] rows) {
        Map<Complexity, List<Double>> byLevel = new EnumMap<>(Complexity.class);
        double sse = 0;
        for (int i : rows) {
            double e = head.predict(features[i])[0];
            ComplexityPrompt p = prompts.get(i);
            sse += (e - p.ease()) * (e - p.ease());
            byLevel.computeIfAbsent(p.level(), k -> new ArrayList<>()).add(e);
        }
        ObjectNode r = Json.object();
        r.put("prompts", rows.length);
        r.put("brier", sse / rows.length);
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
