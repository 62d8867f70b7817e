package io.routewise.chat;

/**
 * Per-request routing knobs, from the body's {@code routewise} object or {@code x-routewise-*}
 * headers. Every field is null when not given; defaults come from the config.
 */
public record RoutingOptions(Double qualityTarget, Double maxCostUsd, Long latencyBudgetMs, String pool,
                             Double qualityMargin, Double usdPerQualityPoint) {

    public static final RoutingOptions NONE = new RoutingOptions(null, null, null, null, null, null);

    /** Knobs without a quality margin or price. */
    public RoutingOptions(Double qualityTarget, Double maxCostUsd, Long latencyBudgetMs, String pool) {
        this(qualityTarget, maxCostUsd, latencyBudgetMs, pool, null, null);
    }

    /** Knobs without a price. */
    public RoutingOptions(Double qualityTarget, Double maxCostUsd, Long latencyBudgetMs, String pool,
                          Double qualityMargin) {
        this(qualityTarget, maxCostUsd, latencyBudgetMs, pool, qualityMargin, null);
    }

    /** This request's value where it has one, else the other's (e.g. body over header). */
    public RoutingOptions orElse(RoutingOptions other) {
        return new RoutingOptions(
                qualityTarget != null ? qualityTarget : other.qualityTarget,
                maxCostUsd != null ? maxCostUsd : other.maxCostUsd,
                latencyBudgetMs != null ? latencyBudgetMs : other.latencyBudgetMs,
                pool != null ? pool : other.pool,
                qualityMargin != null ? qualityMargin : other.qualityMargin,
                usdPerQualityPoint != null ? usdPerQualityPoint : other.usdPerQualityPoint);
    }
}
