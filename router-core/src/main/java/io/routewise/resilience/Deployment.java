package io.routewise.resilience;

import io.routewise.config.ModelConfig;
import java.util.Objects;

/**
 * One model at one provider: the unit that breaks, recovers and is measured.
 *
 * @param provider the provider name
 * @param model    the catalog model id
 */
public record Deployment(String provider, String model) {

    public Deployment {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
    }

    public static Deployment of(ModelConfig model) {
        return new Deployment(model.provider(), model.id());
    }

    /** {@code provider/model}, as in logs and metric labels. */
    @Override
    public String toString() {
        return provider + "/" + model;
    }
}
