package io.routewise.training.evidence;

import java.util.List;
import java.util.Map;

/**
 * The evidence for one data set (the {@code source} of the logged requests) on the held-out part.
 *
 * @param source           the data set
 * @param heldOutRequests  its held-out requests
 * @param models           the models that answered them
 * @param excludedModels   models left out, with the reason (no price and no logged cost, no routing weights)
 * @param loggedCosts      realised costs taken from the logs
 * @param estimatedCosts   realised costs estimated from the price table
 * @param assumedOutputTokens per model, the output tokens assumed where none were logged
 * @param costQuality      the cost/quality curve and baselines, or null with fewer than two costed models
 * @param strongWeak       RouteLLM's metrics, for data sets with exactly two models; else null
 */
public record DataSetEvidence(String source, int heldOutRequests, List<String> models, Map<String, String> excludedModels,
                              long loggedCosts, long estimatedCosts, Map<String, Double> assumedOutputTokens,
                              CostQuality costQuality, StrongWeak strongWeak) {

    public DataSetEvidence {
        models = List.copyOf(models);
        // Sorted, so that evidence.json is the same file for the same run (Map.copyOf's order changes per JVM).
        excludedModels = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(excludedModels));
        assumedOutputTokens = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(assumedOutputTokens));
    }
}
