package io.routewise.training.outcome;

import io.routewise.training.LoggedResponse;
import io.routewise.training.ModelTiers;
import io.routewise.training.TrafficRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How much stronger than a data set's typical model a model of each catalog tier is, on the log-odds
 * scale of a one-parameter item-response (Rasch) model: {@code logit P(adequate) = ability − difficulty}.
 * Within each data set ("cohort": its models answered the same prompts, scored the same way),
 * {@code δ_t,c = logit(mean outcome of its tier-t models) − logit(mean outcome of all its models)};
 * {@code δ_t} is the mean over the cohorts that logged tier {@code t}, made non-decreasing in
 * {@code t}; a tier no cohort logged takes the nearest lower tier's. Serving predicts an unlogged
 * catalog model of tier {@code t} as {@code σ(logit(easiness(x)) + δ_t)}: the easiness is the
 * typical model's chance on the prompt, the tier shifts its odds.
 */
public final class TierAbilities {

    private TierAbilities() {
    }

    /** Per tier 1..max, {@code δ_t}; empty when no logged model has a tier. */
    public static Map<Integer, Double> of(List<TrafficRecord> train, ModelTiers tiers) {
        Map<String, double[]> all = new TreeMap<>(); // cohort -> {sum, n}
        Map<String, Map<Integer, double[]>> byTier = new TreeMap<>();
        for (TrafficRecord r : train) {
            String cohort = r.source() == null ? "(none)" : r.source();
            for (LoggedResponse o : r.withOutcomes()) {
                double[] a = all.computeIfAbsent(cohort, k -> new double[2]);
                a[0] += o.outcome();
                a[1]++;
                tiers.tierOf(o.model()).ifPresent(t -> {
                    double[] b = byTier.computeIfAbsent(cohort, k -> new HashMap<>()).computeIfAbsent(t, k -> new double[2]);
                    b[0] += o.outcome();
                    b[1]++;
                });
            }
        }
        Map<Integer, double[]> deltas = new TreeMap<>(); // tier -> {sum, n}
        byTier.forEach((cohort, perTier) -> {
            double[] a = all.get(cohort);
            double base = logit(a[0] / a[1]);
            perTier.forEach((t, b) -> {
                double[] d = deltas.computeIfAbsent(t, k -> new double[2]);
                d[0] += logit(b[0] / b[1]) - base;
                d[1]++;
            });
        });
        Map<Integer, Double> out = new TreeMap<>();
        if (deltas.isEmpty()) {
            return out;
        }
        int max = ((TreeMap<Integer, double[]>) deltas).lastKey();
        double previous = Double.NEGATIVE_INFINITY;
        for (int t = 1; t <= max; t++) {
            double[] d = deltas.get(t);
            double value = d == null ? previous : d[0] / d[1];
            if (Double.isInfinite(value)) {
                continue; // below the lowest logged tier: nothing to say
            }
            value = Math.max(value, previous);
            out.put(t, value);
            previous = value;
        }
        return out;
    }

    static double logit(double p) {
        double q = Math.max(1e-3, Math.min(1 - 1e-3, p));
        return Math.log(q / (1 - q));
    }
}
