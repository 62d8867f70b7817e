package io.routewise.training.evidence;

import java.util.ArrayList;
import java.util.List;

/**
 * Routers that trade quality against cost with a price on cost: for a {@code λ} (quality per USD)
 * each request goes to the option with the highest {@code predicted quality − λ · predicted cost}.
 * {@code λ = 0} buys the best predicted quality whatever it costs; {@code λ = +∞} the cheapest
 * predicted cost. Sweeping {@code λ} traces a cost/quality curve for any quality predictor (the
 * nearest-neighbour baseline, the classifier's weights) and, fed the logged outcomes, for the
 * per-request oracle.
 */
public final class UtilitySweep {

    /** Geometric steps between the smallest and largest positive {@code λ} of {@link #lambdas}. */
    public static final int STEPS = 60;
    /** {@code λ} times the typical cost spread runs from this ... */
    static final double LOW = 1e-3;
    /** ... to this. */
    static final double HIGH = 1e3;

    private UtilitySweep() {
    }

    /**
     * One operating point per {@code λ}.
     *
     * @param requests         the held-out requests (each with at least one option)
     * @param predictedQuality per request, the predicted quality of each of its options, in option order
     * @param lambdas          the prices of cost, each {@code >= 0} ({@code +∞} allowed)
     * @return per {@code λ}, in order: ({@code λ} as the target, mean realised cost of the chosen
     *         options, mean logged outcome of the chosen options)
     */
    public static List<CurvePoint> curve(List<HeldOutRequest> requests, List<double[]> predictedQuality, List<Double> lambdas) {
        if (requests.isEmpty()) {
            throw new IllegalArgumentException("no requests to route");
        }
        if (predictedQuality.size() != requests.size()) {
            throw new IllegalArgumentException(predictedQuality.size() + " quality predictions for " + requests.size() + " requests");
        }
        for (int i = 0; i < requests.size(); i++) {
            int options = requests.get(i).options().size();
            if (options == 0 || predictedQuality.get(i).length != options) {
                throw new IllegalArgumentException("request " + i + " (" + requests.get(i).record().requestId() + ") has "
                        + options + " options and " + predictedQuality.get(i).length + " quality predictions");
            }
        }
        List<CurvePoint> curve = new ArrayList<>(lambdas.size());
        for (double lambda : lambdas) {
            if (!(lambda >= 0)) {
                throw new IllegalArgumentException("λ must be >= 0, got " + lambda);
            }
            double cost = 0;
            double quality = 0;
            for (int i = 0; i < requests.size(); i++) {
                HeldOutRequest.Option chosen = requests.get(i).options().get(choose(requests.get(i), predictedQuality.get(i), lambda));
                cost += chosen.realisedCostUsd();
                quality += chosen.outcome();
            }
            curve.add(new CurvePoint(lambda, cost / requests.size(), quality / requests.size()));
        }
        return curve;
    }

    /**
     * The index of the option a router with this {@code λ} chooses: the highest
     * {@code q − λ · predicted cost}, ties to the cheaper predicted cost, then to the earlier
     * option; for {@code λ = +∞} the cheapest predicted cost, ties to the higher {@code q}, then
     * to the earlier option.
     */
    static int choose(HeldOutRequest request, double[] quality, double lambda) {
        List<HeldOutRequest.Option> options = request.options();
        int best = 0;
        for (int j = 1; j < options.size(); j++) {
            if (better(quality[j], options.get(j).predictedCostUsd(), quality[best], options.get(best).predictedCostUsd(), lambda)) {
                best = j;
            }
        }
        return best;
    }

    private static boolean better(double q, double cost, double bestQ, double bestCost, double lambda) {
        if (lambda == Double.POSITIVE_INFINITY) {
            return cost < bestCost || (cost == bestCost && q > bestQ);
        }
        double utility = q - lambda * cost;
        double bestUtility = bestQ - lambda * bestCost;
        return utility > bestUtility || (utility == bestUtility && cost < bestCost);
    }

    /**
     * The grid of {@code λ} to sweep: 0 (best predicted quality), then {@value #STEPS} geometric
     * steps (10 per decade, {@code STEPS + 1} values) over which {@code λ · spread} runs from
     * 10⁻³ to 10³, then {@code +∞} (cheapest). The spread is, averaged over the requests, the
     * predicted cost of a request's most expensive option minus that of its cheapest: at
     * {@code λ · spread = 10⁻³} cost only breaks near-ties in quality, at {@code 10³} quality only
     * breaks near-ties in cost. When no request has a cost spread (every option costs the same),
     * the grid is just 0 and {@code +∞}.
     */
    public static List<Double> lambdas(List<HeldOutRequest> requests) {
        double spread = 0;
        for (HeldOutRequest r : requests) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (HeldOutRequest.Option o : r.options()) {
                min = Math.min(min, o.predictedCostUsd());
                max = Math.max(max, o.predictedCostUsd());
            }
            spread += r.options().isEmpty() ? 0 : max - min;
        }
        spread = requests.isEmpty() ? 0 : spread / requests.size();
        List<Double> lambdas = new ArrayList<>(STEPS + 3);
        lambdas.add(0.0);
        if (spread > 0) {
            double decades = Math.log10(HIGH / LOW);
            for (int i = 0; i <= STEPS; i++) {
                lambdas.add(Math.pow(10, Math.log10(LOW) + decades * i / STEPS) / spread);
            }
        }
        lambdas.add(Double.POSITIVE_INFINITY);
        return lambdas;
    }

    /** The logged outcomes of a request's options, in option order: the per-request oracle's "prediction". */
    public static double[] outcomes(HeldOutRequest r) {
        double[] outcomes = new double[r.options().size()];
        for (int j = 0; j < outcomes.length; j++) {
            outcomes[j] = r.options().get(j).outcome();
        }
        return outcomes;
    }
}
