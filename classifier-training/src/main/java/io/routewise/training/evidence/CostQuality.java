package io.routewise.training.evidence;

import io.routewise.classifier.RoutingWeights;
import io.routewise.policy.Candidate;
import io.routewise.policy.Decision;
import io.routewise.policy.RoutingPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cost/quality evidence of one data set: the router's curve as the quality target sweeps,
 * against every single model, always-strongest, always-cheapest, random mixes of those two, and a
 * static router that knows each request's true task.
 *
 * @param singleModels every model sent all the requests it answered
 * @param strongest    the model with the best mean held-out quality (ties: the cheaper)
 * @param cheapest     the model with the lowest mean held-out cost (ties: the better)
 * @param router       {@link RoutingPolicy} over each request's answering models, per target
 * @param taskOracle   per task label, the cheapest model whose mean training quality on that
 *                     task reaches the target (else the best on that task), per target
 * @param tasks        how many task labels the oracle distinguishes
 * @param routerHeadlines     the router's headlines against {@code strongest}
 * @param taskOracleHeadlines the task oracle's headlines against {@code strongest}
 */
public record CostQuality(List<ModelPoint> singleModels, String strongest, String cheapest, List<CurvePoint> router,
                          List<CurvePoint> taskOracle, int tasks, Headlines routerHeadlines, Headlines taskOracleHeadlines) {

    public CostQuality {
        singleModels = List.copyOf(singleModels);
        router = List.copyOf(router);
        taskOracle = List.copyOf(taskOracle);
    }

    /** The single-model point of a model. */
    public ModelPoint point(String model) {
        return singleModels.stream().filter(p -> p.model().equals(model)).findFirst().orElseThrow();
    }

    /**
     * The random mix of always-cheapest and always-strongest that spends {@code costUsd} per
     * request on average: its expected quality (the straight line between the two points),
     * or null outside their cost range.
     */
    public Double randomMixQuality(double costUsd) {
        ModelPoint a = point(cheapest);
        ModelPoint b = point(strongest);
        if (b.meanCostUsd() <= a.meanCostUsd()) {
            return costUsd == a.meanCostUsd() ? Math.max(a.meanQuality(), b.meanQuality()) : null;
        }
        double p = (costUsd - a.meanCostUsd()) / (b.meanCostUsd() - a.meanCostUsd());
        if (p < -1e-9 || p > 1 + 1e-9) {
            return null;
        }
        return a.meanQuality() + p * (b.meanQuality() - a.meanQuality());
    }

    /**
     * Computes the evidence.
     *
     * @param heldOut  the data set's held-out requests (each with at least one option)
     * @param training the same data set's training requests as options (their probabilities are not used)
     * @param rows     {@code W[m][c]} per model, in the probabilities' class order (see {@link #qualityRows})
     * @param targets  the quality targets to sweep
     * @return null when fewer than two models are usable
     */
    public static CostQuality of(List<HeldOutRequest> heldOut, List<HeldOutRequest> training, Map<String, double[]> rows,
                                 List<Double> targets) {
        List<ModelPoint> singles = singleModels(heldOut);
        if (singles.size() < 2) {
            return null;
        }
        ModelPoint strongest = singles.stream().max(Comparator.comparingDouble(ModelPoint::meanQuality)
                .thenComparing(Comparator.comparingDouble(ModelPoint::meanCostUsd).reversed())).orElseThrow();
        ModelPoint cheapest = singles.stream().min(Comparator.comparingDouble(ModelPoint::meanCostUsd)
                .thenComparing(Comparator.comparingDouble(ModelPoint::meanQuality).reversed())).orElseThrow();

        List<CurvePoint> router = new ArrayList<>();
        for (double t : targets) {
            router.add(route(heldOut, t, rows));
        }
        TaskOracle oracle = TaskOracle.fit(training);
        List<CurvePoint> taskOracle = new ArrayList<>();
        for (double t : targets) {
            taskOracle.add(oracle.route(heldOut, t));
        }
        return new CostQuality(singles, strongest.model(), cheapest.model(), router, taskOracle, oracle.tasks(),
                Headlines.of(router, strongest), Headlines.of(taskOracle, strongest));
    }

    /** The router's operating point at one quality target. */
    static CurvePoint route(List<HeldOutRequest> heldOut, double target, Map<String, double[]> rows) {
        double cost = 0;
        double quality = 0;
        for (HeldOutRequest r : heldOut) {
            List<Candidate> candidates = new ArrayList<>(r.options().size());
            for (HeldOutRequest.Option o : r.options()) {
                candidates.add(new Candidate(o.model(), "logged", rows.get(o.model()), o.predictedCostUsd(), null));
            }
            Decision d = RoutingPolicy.decide(r.probabilities(), candidates, target, null);
            HeldOutRequest.Option chosen = r.option(d.model());
            cost += chosen.realisedCostUsd();
            quality += chosen.outcome();
        }
        return new CurvePoint(target, cost / heldOut.size(), quality / heldOut.size());
    }

    /** {@code W[m][c]} per model as a vector in the weights' class order (a missing cell counts at the prior). */
    public static Map<String, double[]> qualityRows(RoutingWeights weights) {
        Map<String, double[]> rows = new LinkedHashMap<>();
        weights.models().forEach((model, w) -> {
            double[] row = new double[weights.classes().size()];
            for (int c = 0; c < row.length; c++) {
                RoutingWeights.ClassWeight cell = w.classes().get(weights.classes().get(c));
                row[c] = cell == null ? w.prior() : cell.expectedOutcome();
            }
            rows.put(model, row);
        });
        return rows;
    }

    private static List<ModelPoint> singleModels(List<HeldOutRequest> heldOut) {
        Map<String, double[]> sums = new TreeMap<>();  // model -> {cost, quality, n}
        for (HeldOutRequest r : heldOut) {
            for (HeldOutRequest.Option o : r.options()) {
                double[] s = sums.computeIfAbsent(o.model(), m -> new double[3]);
                s[0] += o.realisedCostUsd();
                s[1] += o.outcome();
                s[2]++;
            }
        }
        List<ModelPoint> points = new ArrayList<>();
        sums.forEach((m, s) -> points.add(new ModelPoint(m, s[0] / s[2], s[1] / s[2], (int) s[2])));
        return points;
    }
}
