package io.routewise.catalog;

import io.routewise.chat.InvalidRequestException;
import io.routewise.config.ModelConfig;
import io.routewise.config.RoutewiseConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The models clients can ask for, by id, in config order. */
public final class Catalog {

    private final Map<String, ModelConfig> byId;
    private final List<ModelConfig> ordered;

    public Catalog(List<ModelConfig> models) {
        Map<String, ModelConfig> map = new LinkedHashMap<>();
        for (ModelConfig m : models) {
            map.put(m.id(), m);
        }
        this.byId = Map.copyOf(map);
        this.ordered = List.copyOf(models);
    }

    public static Catalog of(RoutewiseConfig config) {
        return new Catalog(config.models());
    }

    public Optional<ModelConfig> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /**
     * The enabled model a request names.
     *
     * @throws InvalidRequestException a 404 ({@code model_not_found}) for an id the catalog does not hold or has disabled
     */
    public ModelConfig require(String modelId) {
        ModelConfig model = find(modelId).orElseThrow(() -> new InvalidRequestException(404,
                "The model '" + modelId + "' does not exist in this router's catalog; GET /v1/models lists them.",
                "model", "model_not_found"));
        if (!model.enabled()) {
            throw new InvalidRequestException(404, "The model '" + modelId + "' is disabled in this router's config.",
                    "model", "model_not_found");
        }
        return model;
    }

    /** Every model, enabled or not, in config order. */
    public List<ModelConfig> all() {
        return ordered;
    }

    public List<ModelConfig> enabled() {
        return ordered.stream().filter(ModelConfig::enabled).toList();
    }
}
