package io.routewise.config;

import java.util.List;

/**
 * Routing defaults.
 *
 * @param qualityTarget        default expected quality a model must reach for {@code model: "auto"}
 * @param hotStandby           model ids tried when every candidate of a decision has failed
 * @param expectedOutputTokens the answer length a decision prices when the request sets no smaller
 *                             {@code max_tokens}
 */
public record RoutingConfig(Double qualityTarget, List<String> hotStandby, Integer expectedOutputTokens) {

    public static final RoutingConfig DEFAULT = new RoutingConfig(null, null, null);

    /** The default of {@code routing.expected_output_tokens}: a typical chat answer. */
    public static final int DEFAULT_EXPECTED_OUTPUT_TOKENS = 300;

    public RoutingConfig {
        qualityTarget = qualityTarget == null ? 0.7 : qualityTarget;
        hotStandby = hotStandby == null ? List.of() : List.copyOf(hotStandby);
        expectedOutputTokens = expectedOutputTokens == null ? DEFAULT_EXPECTED_OUTPUT_TOKENS : expectedOutputTokens;
    }

    /** The shape before {@code expected_output_tokens} existed. */
    public RoutingConfig(Double qualityTarget, List<String> hotStandby) {
        this(qualityTarget, hotStandby, null);
    }
}
