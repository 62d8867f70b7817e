package io.routewise.config;

import java.util.List;

/**
 * Routing defaults.
 *
 * @param qualityTarget default expected quality a model must reach for {@code model: "auto"}
 * @param hotStandby    model ids tried when every candidate of a decision has failed
 */
public record RoutingConfig(Double qualityTarget, List<String> hotStandby) {

    public static final RoutingConfig DEFAULT = new RoutingConfig(null, null);

    public RoutingConfig {
        qualityTarget = qualityTarget == null ? 0.7 : qualityTarget;
        hotStandby = hotStandby == null ? List.of() : List.copyOf(hotStandby);
    }
}
