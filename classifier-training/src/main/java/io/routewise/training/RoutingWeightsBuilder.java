package io.routewise.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.classifier.RoutingWeights;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Estimates {@code W[model][class]} from logged outcomes: for each model and class, the mean
 * outcome of that model on requests of that class, shrunk toward the model's overall mean
 * outcome with {@code k} pseudo-observations, {@code (sum + k * prior) / (n + k)}, so a cell
 * backed by a handful of requests cannot swing a decision. Costs are the mean logged
 * {@code cost_usd} per request for models whose responses carry one.
 */
final class RoutingWeightsBuilder {

    static final String PRIOR = "per-model mean outcome over all its training requests";

    private RoutingWeightsBuilder() {
    }

    /**
     * @param labelled   requests with their classes (outcomes feed W)
     * @param costRecords requests whose costs feed the per-model mean cost
     * @param classes    all classes, in classifier output order (every model gets every class)
     * @param k          smoothing strength
     */
    static RoutingWeights build(List<TrafficRecord> labelled, List<String> labelledClasses, List<TrafficRecord> costRecords,
                                List<String> classes, double k, JsonNode source) {
        return build(labelled, labelledClasses, costRecords, classes, k, source, ModelTiers.defaults());
    }

    /** As above, plus one row per tier of {@code tiers} (see {@link TierRows}); the source records the table. */
    static RoutingWeights build(List<TrafficRecord> labelled, List<String> labelledClasses, List<TrafficRecord> costRecords,
                                List<String> classes, double k, JsonNode source, ModelTiers tiers) {
        Map<String, double[]> total = new TreeMap<>();                 // model -> {sum, n}
        Map<String, Map<String, double[]>> perClass = new HashMap<>();  // model -> class -> {sum, n}
        for (int i = 0; i < labelled.size(); i++) {
            String cls = labelledClasses.get(i);
            for (LoggedResponse r : labelled.get(i).withOutcomes()) {
                double[] t = total.computeIfAbsent(r.model(), m -> new double[2]);
                t[0] += r.outcome();
                t[1]++;
                double[] c = perClass.computeIfAbsent(r.model(), m -> new HashMap<>())
                        .computeIfAbsent(cls, x -> new double[2]);
                c[0] += r.outcome();
                c[1]++;
            }
        }
        Map<String, double[]> costs = new HashMap<>();                  // model -> {sum, n}
        for (TrafficRecord rec : costRecords) {
            for (LoggedResponse r : rec.responses()) {
                if (r.costUsd() != null) {
                    double[] c = costs.computeIfAbsent(r.model(), m -> new double[2]);
                    c[0] += r.costUsd();
                    c[1]++;
                }
            }
        }
        Map<String, RoutingWeights.ModelWeights> models = new TreeMap<>();
        for (Map.Entry<String, double[]> e : total.entrySet()) {
            String model = e.getKey();
            double prior = e.getValue()[0] / e.getValue()[1];
            Map<String, RoutingWeights.ClassWeight> cells = new TreeMap<>();
            for (String cls : classes) {
                double[] c = perClass.getOrDefault(model, Map.of()).getOrDefault(cls, new double[2]);
                cells.put(cls, new RoutingWeights.ClassWeight((c[0] + k * prior) / (c[1] + k), (long) c[1]));
            }
            double[] cost = costs.get(model);
            models.put(model, new RoutingWeights.ModelWeights(prior, (long) e.getValue()[1],
                    cost == null ? null : cost[0] / cost[1], cost == null ? 0 : (long) cost[1], cells));
        }
        JsonNode recorded = source;
        if (source instanceof ObjectNode object) {
            ObjectNode copy = object.deepCopy();
            copy.put("tier_table", tiers.name());
            copy.put("tier_rows", "mean of the tier's logged models' rows, each model once; catalog models without "
                    + "a row of their own use their tier's row until an evaluation recalibrates them");
            ArrayNode unlisted = copy.putArray("models_without_tier");
            TierRows.unlisted(models, tiers).forEach(unlisted::add);
            recorded = copy;
        }
        return new RoutingWeights(RoutingWeights.FORMAT_VERSION, classes, k, PRIOR, models, recorded,
                TierRows.of(models, classes, tiers));
    }
}
