package io.routewise.training.outcome;

import io.routewise.training.LoggedResponse;
import io.routewise.training.ModelTiers;
import io.routewise.training.TrafficRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * How able a model of each catalog tier is, on the log-odds scale of a one-parameter item-response
 * (Rasch) model fitted to the logged outcomes: {@code logit P(adequate | prompt i, model m) = a_tier(m) − b_i},
 * one difficulty {@code b_i} per prompt and one ability {@code a_t} per tier shared by every data set.
 * Because prompts carry their own difficulty, data sets of different hardness do not blur the tiers,
 * and tiers that never met in one data set are still compared through the tiers they each met (tier 1
 * against 2 in one log, 2 against 3 in another). Fitted jointly by alternating Newton steps, with a
 * ridge penalty {@link #DIFFICULTY_PRIOR} on the difficulties so that a prompt every model answers
 * (or none does) keeps a finite one. Comparing marginal pass rates instead (the logit of each tier's
 * mean outcome) shrinks the gaps several-fold, because averaging over easy and hard prompts flattens
 * the curve.
 *
 * <p>Abilities are centred so that the average logged answer (of a tiered model) has ability 0: the
 * "typical logged model" whose chance the easiness column estimates. A tier nothing logged takes the
 * nearest lower tier's ability; the result is made non-decreasing in the tier.
 */
public final class TierAbilities {

    /** Ridge weight on the prompt difficulties (a normal prior with standard deviation √2 logits). */
    static final double DIFFICULTY_PRIOR = 0.5;
    static final int ITERATIONS = 100;

    private TierAbilities() {
    }

    /** Per tier 1..max, its ability; empty when fewer than two tiers answered a common prompt. */
    public static Map<Integer, Double> of(List<TrafficRecord> train, ModelTiers tiers) {
        List<int[]> tierOf = new ArrayList<>();     // per item, the tiers of its answers
        List<float[]> outcomeOf = new ArrayList<>(); // per item, the outcomes, same order
        TreeMap<Integer, Integer> seen = new TreeMap<>();
        for (TrafficRecord r : train) {
            List<int[]> answers = new ArrayList<>();
            List<Float> outcomes = new ArrayList<>();
            for (LoggedResponse o : r.withOutcomes()) {
                OptionalInt t = tiers.tierOf(o.model());
                if (t.isPresent()) {
                    answers.add(new int[] {t.getAsInt()});
                    outcomes.add(o.outcome().floatValue());
                }
            }
            if (answers.size() < 2 || answers.stream().mapToInt(a -> a[0]).distinct().count() < 2) {
                continue; // a prompt answered by one tier says nothing about the gaps between tiers
            }
            int[] ts = answers.stream().mapToInt(a -> a[0]).toArray();
            float[] os = new float[ts.length];
            for (int j = 0; j < ts.length; j++) {
                os[j] = outcomes.get(j);
                seen.merge(ts[j], 1, Integer::sum);
            }
            tierOf.add(ts);
            outcomeOf.add(os);
        }
        Map<Integer, Double> out = new TreeMap<>();
        if (seen.size() < 2) {
            return out;
        }
        int max = seen.lastKey();
        double[] a = new double[max + 1];
        double[] b = new double[tierOf.size()];
        for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            double[] gradient = new double[max + 1];
            double[] curvature = new double[max + 1];
            for (int i = 0; i < b.length; i++) {
                int[] ts = tierOf.get(i);
                float[] os = outcomeOf.get(i);
                for (int j = 0; j < ts.length; j++) {
                    double p = sigmoid(a[ts[j]] - b[i]);
                    gradient[ts[j]] += os[j] - p;
                    curvature[ts[j]] += p * (1 - p);
                }
            }
            for (int t : seen.keySet()) {
                a[t] += gradient[t] / (curvature[t] + 1e-9);
            }
            for (int i = 0; i < b.length; i++) {
                int[] ts = tierOf.get(i);
                float[] os = outcomeOf.get(i);
                double g = -DIFFICULTY_PRIOR * b[i];
                double h = DIFFICULTY_PRIOR;
                for (int j = 0; j < ts.length; j++) {
                    double p = sigmoid(a[ts[j]] - b[i]);
                    g -= os[j] - p;
                    h += p * (1 - p);
                }
                b[i] += g / h;
            }
        }
        double centre = 0;
        long answers = 0;
        for (var e : seen.entrySet()) {
            centre += a[e.getKey()] * e.getValue();
            answers += e.getValue();
        }
        centre /= answers;
        double previous = Double.NEGATIVE_INFINITY;
        for (int t = 1; t <= max; t++) {
            double value = seen.containsKey(t) ? a[t] - centre : previous;
            if (Double.isInfinite(value)) {
                continue; // below the lowest logged tier: nothing to say
            }
            value = Math.max(value, previous);
            out.put(t, value);
            previous = value;
        }
        return out;
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    static double logit(double p) {
        double q = Math.max(1e-3, Math.min(1 - 1e-3, p));
        return Math.log(q / (1 - q));
    }
}
