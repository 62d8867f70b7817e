package io.routewise.training.evidence;

import io.routewise.training.LoggedResponse;
import io.routewise.training.TrafficRecord;
import io.routewise.classifier.OutcomeColumns;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Computes the evidence of issue 3 on the held-out part of a training run, per data set: the
 * router's cost/quality curve against its baselines (see {@link CostQuality}) and, for two-model
 * sets, RouteLLM's APGR and CPT (see {@link StrongWeak}).
 */
public final class Evidence {

    /** The plot written to the model directory. */
    public static final String PLOT_FILE = "cost-quality.png";
    /** The full evidence written to the model directory. */
    public static final String FILE = "evidence.json";
    /** Label of requests without a {@code source}. */
    public static final String NO_SOURCE = "(none)";

    private Evidence() {
    }

    /**
     * Quality margins swept for the router's curve: 0 to 0.1 in steps of 0.0025 (where the router's
     * choices change fastest), then to 1 in steps of 0.02.
     */
    public static List<Double> defaultMargins() {
        List<Double> margins = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            margins.add(i * 0.0025);
        }
        for (int i = 5; i <= 50; i++) {
            margins.add(i * 0.02);
        }
        return margins;
    }

    /** Quality targets 0.00, 0.01, ..., 1.00. */
    public static List<Double> defaultTargets() {
        List<Double> targets = new ArrayList<>();
        for (int i = 0; i <= 100; i++) {
            targets.add(i / 100.0);
        }
        return targets;
    }

    /**
     * @param training      the training part (for output-token means, logged-cost means and the task oracle)
     * @param heldOut       the held-out part
     * @param predictions   the router's expected outcome per held-out request, per model of {@code models}
     * @param models        the models the router predicts, in the predictions' order
     * @param prices        prices for requests without a logged cost
     * @param margins       quality margins to sweep
     */
    public static EvidenceReport compute(List<TrafficRecord> training, List<TrafficRecord> heldOut, double[][] predictions,
                                         List<String> models, PriceTable prices, List<Double> margins) {
        return compute(training, heldOut, predictions, models, Map.of(), prices, margins);
    }

    /**
     * {@link #compute(List, List, double[][], List, PriceTable, List)} for an outcome model whose columns may be
     * per data set ({@link OutcomeColumns}): a response is predicted by its model's column for the record's data
     * set, else its model's column, else the column {@code servingColumns} names for its model.
     */
    public static EvidenceReport compute(List<TrafficRecord> training, List<TrafficRecord> heldOut, double[][] predictions,
                                         List<String> models, Map<String, String> servingColumns, PriceTable prices,
                                         List<Double> margins) {
        if (heldOut.size() != predictions.length) {
            throw new IllegalArgumentException(heldOut.size() + " held-out requests but " + predictions.length
                    + " prediction vectors");
        }
        CostModel costs = CostModel.fit(prices, training);
        Map<String, Integer> modelIndex = new java.util.HashMap<>();
        for (int m = 0; m < models.size(); m++) {
            modelIndex.put(models.get(m), m);
        }
        Set<String> columns = modelIndex.keySet();
        Map<String, List<HeldOutRequest>> testBySource = new TreeMap<>();
        Map<String, Set<String>> predictedBySource = new TreeMap<>();
        for (int i = 0; i < heldOut.size(); i++) {
            TrafficRecord r = heldOut.get(i);
            double[] p = predictions[i];
            Set<String> predicted = predictedBySource.computeIfAbsent(source(r), s -> new java.util.HashSet<>());
            testBySource.computeIfAbsent(source(r), s -> new ArrayList<>()).add(request(r, m -> {
                String column = OutcomeColumns.resolve(m, r.source(), columns, servingColumns);
                if (column == null) {
                    return Double.NaN;
                }
                predicted.add(m);
                return p[modelIndex.get(column)];
            }, costs));
        }
        Map<String, List<HeldOutRequest>> trainBySource = new TreeMap<>();
        for (TrafficRecord r : training) {
            trainBySource.computeIfAbsent(source(r), s -> new ArrayList<>()).add(request(r, m -> Double.NaN, costs));
        }

        List<DataSetEvidence> dataSets = new ArrayList<>();
        for (var e : testBySource.entrySet()) {
            dataSets.add(dataSet(e.getKey(), e.getValue(), trainBySource.getOrDefault(e.getKey(), List.of()),
                    predictedBySource.get(e.getKey()), costs, margins));
        }
        String plot = dataSets.stream().filter(d -> d.costQuality() != null)
                .max(Comparator.comparingInt((DataSetEvidence d) -> d.costQuality().singleModels().size())
                        .thenComparingInt(DataSetEvidence::heldOutRequests))
                .map(DataSetEvidence::source).orElse(null);
        return new EvidenceReport(method(), prices.file() == null ? null : prices.file().toString(), margins, dataSets, plot);
    }

    private static DataSetEvidence dataSet(String source, List<HeldOutRequest> test, List<HeldOutRequest> train,
                                           Set<String> rows, CostModel costs, List<Double> margins) {
        Set<String> models = new TreeSet<>();
        Map<String, String> excluded = new TreeMap<>();
        long logged = 0;
        long estimated = 0;
        for (HeldOutRequest r : test) {
            for (LoggedResponse resp : r.record().withOutcomes()) {
                models.add(resp.model());
                if (!rows.contains(resp.model())) {
                    excluded.put(resp.model(), "the router has no prediction for it (not a model of its training logs)");
                }
            }
            for (HeldOutRequest.Option o : r.options()) {
                if (Double.isNaN(o.realisedCostUsd()) || Double.isNaN(o.predictedCostUsd())) {
                    excluded.putIfAbsent(o.model(), "no logged cost and no price (pass --prices FILE)");
                }
            }
        }
        for (HeldOutRequest r : test) {
            for (HeldOutRequest.Option o : r.options()) {
                if (!excluded.containsKey(o.model())) {
                    if (o.costLogged()) {
                        logged++;
                    } else {
                        estimated++;
                    }
                }
            }
        }
        Map<String, Double> assumedTokens = new LinkedHashMap<>();
        for (String m : models) {
            assumedTokens.put(m, costs.expectedOutputTokens(source.equals(NO_SOURCE) ? null : source, m));
        }

        // RouteLLM's metrics need outcomes and weights only, not costs.
        List<String> routable = models.stream().filter(rows::contains).toList();
        StrongWeak strongWeak = null;
        if (models.size() == 2 && routable.size() == 2) {
            String a = routable.get(0);
            String b = routable.get(1);
            String strong = meanOutcome(train, a) >= meanOutcome(train, b) ? a : b;
            String weak = strong.equals(a) ? b : a;
            List<StrongWeak.Scored> scored = StrongWeak.score(test, strong, weak);
            if (!scored.isEmpty()) {
                strongWeak = StrongWeak.of(strong, weak, scored);
            }
        }

        List<HeldOutRequest> costedTest = keepModels(test, excluded.keySet());
        CostQuality costQuality = costedTest.isEmpty() ? null
                : CostQuality.of(costedTest, keepModels(train, excluded.keySet()), margins);
        return new DataSetEvidence(source, test.size(), List.copyOf(models), excluded, logged, estimated, assumedTokens,
                costQuality, strongWeak);
    }

    /** The request's answering models with their costs (NaN when unknown) and outcomes; models without weights are left out. */
    private static HeldOutRequest request(TrafficRecord r, java.util.function.ToDoubleFunction<String> predicted,
                                          CostModel costs) {
        List<HeldOutRequest.Option> options = new ArrayList<>();
        for (LoggedResponse resp : r.withOutcomes()) {
            CostModel.Cost realised = costs.realised(r, resp);
            Double predictedCost = costs.predicted(r, resp);
            options.add(new HeldOutRequest.Option(resp.model(), resp.outcome(), predictedCost == null ? Double.NaN : predictedCost,
                    realised == null ? Double.NaN : realised.usd(), realised != null && realised.logged(),
                    predicted.applyAsDouble(resp.model())));
        }
        return new HeldOutRequest(r, new float[0], options);
    }

    private static List<HeldOutRequest> keepModels(List<HeldOutRequest> requests, Set<String> excluded) {
        List<HeldOutRequest> kept = new ArrayList<>();
        for (HeldOutRequest r : requests) {
            List<HeldOutRequest.Option> options = r.options().stream().filter(o -> !excluded.contains(o.model())).toList();
            if (!options.isEmpty()) {
                kept.add(new HeldOutRequest(r.record(), r.probabilities(), options));
            }
        }
        return kept;
    }

    private static double meanOutcome(List<HeldOutRequest> requests, String model) {
        double sum = 0;
        int n = 0;
        for (HeldOutRequest r : requests) {
            HeldOutRequest.Option o = r.option(model);
            if (o != null) {
                sum += o.outcome();
                n++;
            }
        }
        return n == 0 ? Double.NEGATIVE_INFINITY : sum / n;
    }

    static String source(TrafficRecord r) {
        return Objects.toString(r.source(), NO_SOURCE);
    }

    private static List<String> method() {
        return List.of(
                "Held-out part of the run's split (by prompt hash: no prompt is on both sides), per data set (the records' source).",
                "Quality = the logged outcome of the model that answered; every candidate of a request answered it in the logs.",
                String.format(Locale.ROOT, "Cost of a (request, model): the logged cost_usd, else input tokens x input price + output "
                        + "tokens x output price from the price table; input tokens = logged input_tokens, else prompt characters / %.0f; "
                        + "output tokens = logged output_tokens, else the model's mean logged output tokens on the same data set's "
                        + "training part, else %.0f.", CostModel.CHARS_PER_TOKEN, CostModel.DEFAULT_OUTPUT_TOKENS),
                "Router: RoutingPolicy.decide over the request's answering models, W from routing-weights.json, P(c|x) from the "
                        + "trained classifier; the policy sees a predicted cost (output tokens never from the answer itself).",
                "Always-strongest: the single model with the best mean held-out quality; always-cheapest: the lowest mean held-out "
                        + "cost; random mix: each request to the strongest with probability p, else the cheapest (expected values).",
                "Task oracle: knows each request's true task label; per task, the cheapest model whose mean training-part quality on "
                        + "that task reaches the target, else the best on that task.",
                "Headlines: cost to match = the cheapest curve point whose quality reaches the best single model's, as a % of that "
                        + "model's cost; quality at 10 % = linear interpolation on the curve's upper envelope at 10 % of its cost.",
                "Two-model sets: RouteLLM's PGR = (q - q_weak)/(q_strong - q_weak) as the share of strong calls sweeps 0..100 % "
                        + "(requests ranked by E[q_strong|x] - E[q_weak|x]); CPT(x) = smallest share with PGR >= x; APGR = area under "
                        + "PGR over the share (trapezoids at every request); a random router has APGR 0.5.");
    }
}
