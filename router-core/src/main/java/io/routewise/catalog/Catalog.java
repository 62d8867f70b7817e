package io.routewise.catalog;

import io.routewise.config.ModelConfig;
import io.routewise.config.RoutewiseConfig;
import java.util.ArrayList;
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

    /** Every model, enabled or not, in config order. */
    public List<ModelConfig> all() {
        return ordered;
    }

    public List<ModelConfig> enabled() {
        return ordered.stream().filter(ModelConfig::enabled).toList();
    }

    /**
     * The models to try for an explicit model: the model itself, then its configured fallbacks that
     * are enabled and can serve the request. The primary is kept even when it seems unable (the
     * client asked for it by name, and the provider's answer is the most useful error).
     */
    public List<ModelConfig> chainFor(ModelConfig primary, Requirements needs) {
        List<ModelConfig> chain = new ArrayList<>();
        chain.add(primary);
        for (String id : primary.fallbacks()) {
            ModelConfig fallback = byId.get(id);
            if (fallback != null && fallback.enabled() && needs.unmetBy(fallback) == null && !chain.contains(fallback)) {
                chain.add(fallback);
            }
        }
        return List.copyOf(chain);
    }
}
