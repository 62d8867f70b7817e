package io.routewise.training.evidence;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A static router that knows each request's true {@code task} label: for a quality target, it
 * sends every request of a task to the cheapest model whose mean quality on that task, measured
 * on the training part, reaches the target, else to the model with the best mean quality on it.
 * A task never seen in training is treated like the data set as a whole. It learns nothing from
 * the prompt: it shows how far routing by task alone goes.
 */
final class TaskOracle {

    private static final String ALL = "\u0000all";

    /** Per task: per model {mean quality, mean predicted cost}. */
    private final Map<String, Map<String, double[]>> stats;

    private TaskOracle(Map<String, Map<String, double[]>> stats) {
        this.stats = stats;
    }

    static TaskOracle fit(List<HeldOutRequest> training) {
        Map<String, Map<String, double[]>> sums = new TreeMap<>();  // task -> model -> {quality, cost, n}
        for (HeldOutRequest r : training) {
            for (String task : List.of(task(r), ALL)) {
                for (HeldOutRequest.Option o : r.options()) {
                    double[] s = sums.computeIfAbsent(task, t -> new TreeMap<>()).computeIfAbsent(o.model(), m -> new double[3]);
                    s[0] += o.outcome();
                    s[1] += o.predictedCostUsd();
                    s[2]++;
                }
            }
        }
        Map<String, Map<String, double[]>> stats = new HashMap<>();
        sums.forEach((task, models) -> {
            Map<String, double[]> means = new TreeMap<>();
            models.forEach((m, s) -> means.put(m, new double[] {s[0] / s[2], s[1] / s[2]}));
            stats.put(task, means);
        });
        return new TaskOracle(stats);
    }

    /** How many distinct task labels the training part had. */
    int tasks() {
        return (int) stats.keySet().stream().filter(t -> !t.equals(ALL)).count();
    }

    /** The operating point at one target. */
    CurvePoint route(List<HeldOutRequest> heldOut, double target) {
        Map<String, List<String>> rankings = new HashMap<>();
        double cost = 0;
        double quality = 0;
        for (HeldOutRequest r : heldOut) {
            String task = stats.containsKey(task(r)) ? task(r) : ALL;
            List<String> ranking = rankings.computeIfAbsent(task, t -> ranking(stats.getOrDefault(t, Map.of()), target));
            HeldOutRequest.Option chosen = null;
            for (String m : ranking) {
                chosen = r.option(m);
                if (chosen != null) {
                    break;
                }
            }
            if (chosen == null) {
                // none of the models seen in training on this task answered it: the cheapest that did
                chosen = r.options().stream().min(Comparator.comparingDouble(HeldOutRequest.Option::predictedCostUsd)).orElseThrow();
            }
            cost += chosen.realisedCostUsd();
            quality += chosen.outcome();
        }
        return new CurvePoint(target, cost / heldOut.size(), quality / heldOut.size());
    }

    /** Models reaching the target by cost, then the others by quality. */
    private static List<String> ranking(Map<String, double[]> models, double target) {
        List<Map.Entry<String, double[]>> adequate = new ArrayList<>();
        List<Map.Entry<String, double[]>> others = new ArrayList<>();
        for (Map.Entry<String, double[]> e : models.entrySet()) {
            (e.getValue()[0] >= target ? adequate : others).add(e);
        }
        adequate.sort(Comparator.comparingDouble((Map.Entry<String, double[]> e) -> e.getValue()[1])
                .thenComparing(e -> -e.getValue()[0]));
        others.sort(Comparator.comparingDouble((Map.Entry<String, double[]> e) -> -e.getValue()[0])
                .thenComparingDouble(e -> e.getValue()[1]));
        List<String> ranking = new ArrayList<>();
        adequate.forEach(e -> ranking.add(e.getKey()));
        others.forEach(e -> ranking.add(e.getKey()));
        return ranking;
    }

    private static String task(HeldOutRequest r) {
        return Objects.toString(r.record().task(), "(none)");
    }
}
