package io.routewise.training.evidence;

import io.routewise.classifier.Scores;
import io.routewise.policy.Candidate;
import io.routewise.policy.QualityKnob;
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
 * @param routerByPrice       the router's predictions with a price on cost instead of a margin
 *                            ({@link UtilitySweep}: argmax of predicted quality − λ·cost), the other knob form
 * @param neighbourBaseline   the nearest-neighbour baseline: TF-IDF prompt vectors, the 50 nearest training
 *                            prompts of the data set, each model's mean outcome among them, argmax of
 *                            quality − λ·cost ({@link TfidfNeighbours}, {@link UtilitySweep})
 * @param requestOracle       the per-request oracle: the logged outcomes as predictions, λ swept (a ceiling)
 * @param aiq                 RouterBench's AIQ of each curve over the single models' cost range ({@link Aiq})
 * @param neighbourHeadlines  the neighbour baseline's headlines against {@code strongest}
 * @param shareAtOrAbove      for the router (margin and price knobs) against the neighbour baseline and the
 *                            task oracle, the share of the same cost range where the router's hull is at or
 *                            above the other's ({@link Aiq#shareAtOrAbove}); empty when the single models all
 *                            cost the same
 */
public record CostQuality(List<ModelPoint> singleModels, String strongest, String cheapest, List<CurvePoint> router,
                          List<CurvePoint> taskOracle, int tasks, Headlines routerHeadlines, Headlines taskOracleHeadlines,
                          List<CurvePoint> routerByPrice, List<CurvePoint> neighbourBaseline, List<CurvePoint> requestOracle,
                          Map<String, Double> aiq, Headlines neighbourHeadlines, Map<String, Double> shareAtOrAbove) {

    public CostQuality {
        singleModels = List.copyOf(singleModels);
        router = List.copyOf(router);
        taskOracle = List.copyOf(taskOracle);
        routerByPrice = routerByPrice == null ? List.of() : List.copyOf(routerByPrice);
        neighbourBaseline = neighbourBaseline == null ? List.of() : List.copyOf(neighbourBaseline);
        requestOracle = requestOracle == null ? List.of() : List.copyOf(requestOracle);
        aiq = aiq == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(aiq));
        shareAtOrAbove = shareAtOrAbove == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(shareAtOrAbove));
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
     * @param margins  the quality margins to sweep (each option carries the router's predicted quality)
     * @return null when fewer than two models are usable
     */
    public static CostQuality of(List<HeldOutRequest> heldOut, List<HeldOutRequest> training, List<Double> margins) {
        List<ModelPoint> singles = singleModels(heldOut);
        if (singles.size() < 2) {
            return null;
        }
        ModelPoint strongest = singles.stream().max(Comparator.comparingDouble(ModelPoint::meanQuality)
                .thenComparing(Comparator.comparingDouble(ModelPoint::meanCostUsd).reversed())).orElseThrow();
        ModelPoint cheapest = singles.stream().min(Comparator.comparingDouble(ModelPoint::meanCostUsd)
                .thenComparing(Comparator.comparingDouble(ModelPoint::meanQuality).reversed())).orElseThrow();

        List<CurvePoint> router = new ArrayList<>();
        for (double m : margins) {
            router.add(route(heldOut, m));
        }
        TaskOracle oracle = TaskOracle.fit(training);
        List<CurvePoint> taskOracle = new ArrayList<>();
        for (double t : Evidence.defaultTargets()) {
            taskOracle.add(oracle.route(heldOut, t));
        }
        List<Double> lambdas = UtilitySweep.lambdas(heldOut);
        List<double[]> predicted = new ArrayList<>();
        List<double[]> outcomes = new ArrayList<>();
        List<double[]> neighbours = new ArrayList<>();
        TfidfNeighbours tfidf = TfidfNeighbours.fit(training.stream().map(HeldOutRequest::record).toList(),
                TfidfNeighbours.DEFAULT_K);
        for (HeldOutRequest r : heldOut) {
            double[] p = new double[r.options().size()];
            double[] n = new double[p.length];
            Map<String, Double> byModel = tfidf.predict(r.record().messages());
            for (int j = 0; j < p.length; j++) {
                HeldOutRequest.Option o = r.options().get(j);
                p[j] = Double.isNaN(o.predictedQuality()) ? 0 : o.predictedQuality();
                n[j] = byModel.getOrDefault(o.model(), 0.0);
            }
            predicted.add(p);
            neighbours.add(n);
            outcomes.add(UtilitySweep.outcomes(r));
        }
        List<CurvePoint> byPrice = UtilitySweep.curve(heldOut, predicted, lambdas);
        List<CurvePoint> baseline = UtilitySweep.curve(heldOut, neighbours, lambdas);
        List<CurvePoint> ceiling = UtilitySweep.curve(heldOut, outcomes, lambdas);
        double lo = singles.stream().mapToDouble(ModelPoint::meanCostUsd).min().orElseThrow();
        double hi = singles.stream().mapToDouble(ModelPoint::meanCostUsd).max().orElseThrow();
        Map<String, Double> aiq = new LinkedHashMap<>();
        Map<String, Double> share = new LinkedHashMap<>();
        if (hi > lo) {
            share.put("router vs neighbour_baseline", Aiq.shareAtOrAbove(router, baseline, lo, hi));
            share.put("router vs task_oracle", Aiq.shareAtOrAbove(router, taskOracle, lo, hi));
            share.put("router_by_price vs neighbour_baseline", Aiq.shareAtOrAbove(byPrice, baseline, lo, hi));
            share.put("router_by_price vs task_oracle", Aiq.shareAtOrAbove(byPrice, taskOracle, lo, hi));
            aiq.put("router", Aiq.of(router, lo, hi));
            aiq.put("router_by_price", Aiq.of(byPrice, lo, hi));
            aiq.put("neighbour_baseline", Aiq.of(baseline, lo, hi));
            aiq.put("task_oracle", Aiq.of(taskOracle, lo, hi));
            aiq.put("random_mix", Aiq.of(List.of(new CurvePoint(0, cheapest.meanCostUsd(), cheapest.meanQuality()),
                    new CurvePoint(1, strongest.meanCostUsd(), strongest.meanQuality())), lo, hi));
            aiq.put("request_oracle", Aiq.of(ceiling, lo, hi));
        }
        return new CostQuality(singles, strongest.model(), cheapest.model(), router, taskOracle, oracle.tasks(),
                Headlines.of(router, strongest), Headlines.of(taskOracle, strongest), byPrice, baseline, ceiling, aiq,
                Headlines.of(baseline, strongest), share);
    }

    /** The router's operating point at one quality margin: {@link RoutingPolicy} on the predicted qualities. */
    static CurvePoint route(List<HeldOutRequest> heldOut, double margin) {
        double cost = 0;
        double quality = 0;
        QualityKnob knob = new QualityKnob.Margin(margin);
        Scores none = Scores.classesOnly(new float[0]);
        for (HeldOutRequest r : heldOut) {
            List<Candidate> candidates = new ArrayList<>(r.options().size());
            for (HeldOutRequest.Option o : r.options()) {
                double q = o.predictedQuality();
                candidates.add(new Candidate(o.model(), "logged", s -> q, o.predictedCostUsd(), null));
            }
            Decision d = RoutingPolicy.decide(none, candidates, knob, null);
            HeldOutRequest.Option chosen = r.option(d.model());
            cost += chosen.realisedCostUsd();
            quality += chosen.outcome();
        }
        return new CurvePoint(margin, cost / heldOut.size(), quality / heldOut.size());
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
