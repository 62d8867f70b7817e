package io.routewise.eval.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.config.DriftConfig;
import io.routewise.json.Json;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of comparing one evaluation run with its baseline: one {@link ModelDrift} per model
 * of the current run, sorted by model id, and the config that judged them.
 *
 * @param config the drift thresholds used (every key filled)
 * @param models per model, its verdict
 */
public record DriftReport(DriftConfig config, List<ModelDrift> models) {

    public DriftReport {
        models = List.copyOf(models);
    }

    /** The verdict for one model, if it was in the current run. */
    public Optional<ModelDrift> of(String model) {
        return models.stream().filter(m -> m.model().equals(model)).findFirst();
    }

    /** The ids of the models with any drift flagged, sorted. */
    public List<String> driftedModels() {
        return models.stream().filter(ModelDrift::drifted).map(ModelDrift::model).toList();
    }

    /** Whether any model drifted. */
    public boolean anyDrift() {
        return models.stream().anyMatch(ModelDrift::drifted);
    }

    /**
     * The report as JSON for a database column or a report file: {@code any_drift},
     * {@code drifted_models}, {@code config} (alpha, margin, min_samples, latency_margin,
     * error_margin, latency_floor_ms) and {@code models} (see {@link ModelDrift#toJson()}). Field names are stable.
     */
    public JsonNode toJson() {
        ObjectNode o = Json.object();
        o.put("any_drift", anyDrift());
        ArrayNode drifted = o.putArray("drifted_models");
        driftedModels().forEach(drifted::add);
        ObjectNode c = o.putObject("config");
        c.put("alpha", config.alpha());
        c.put("margin", config.margin());
        c.put("min_samples", config.minSamples());
        c.put("latency_margin", config.latencyMargin());
        c.put("error_margin", config.errorMargin());
        c.put("latency_floor_ms", config.latencyFloorMs());
        ArrayNode m = o.putArray("models");
        models.forEach(d -> m.add(d.toJson()));
        return o;
    }
}
