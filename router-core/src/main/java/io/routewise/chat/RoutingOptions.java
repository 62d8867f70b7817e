package io.routewise.chat;

/**
 * Per-request routing knobs, from the body's {@code routewise} object or {@code x-routewise-*}
 * headers. Every field is null when not given; defaults come from the config.
 *
 * @param allowedModels the catalog models this request may be routed to (its caller key's list), or
 *                      empty for any; set by the server from the caller's key, never from the body
 * @param callerKey     the name of the caller's key (for routing rules), or null; set by the server, never
 *                      from the body
 */
public record RoutingOptions(Double qualityTarget, Double maxCostUsd, Long latencyBudgetMs, String pool,
                             Double qualityMargin, Double usdPerQualityPoint, java.util.Set<String> allowedModels,
                             String callerKey) {

    public static final RoutingOptions NONE = new RoutingOptions(null, null, null, null, null, null);

    public RoutingOptions {
        allowedModels = allowedModels == null ? java.util.Set.of() : java.util.Set.copyOf(allowedModels);
    }

    /** Knobs restricted to these models, for no named caller. */
    public RoutingOptions(Double qualityTarget, Double maxCostUsd, Long latencyBudgetMs, String pool,
                          Double qualityMargin, Double usdPerQualityPoint, java.util.Set<String> allowedModels) {
        this(qualityTarget, maxCostUsd, latencyBudgetMs, pool, qualityMargin, usdPerQualityPoint, allowedModels, null);
    }

    /** The same knobs, for the caller whose key has this name. */
    public RoutingOptions forCaller(String keyName) {
        return new RoutingOptions(qualityTarget, maxCostUsd, latencyBudgetMs, pool, qualityMargin, usdPerQualityPoint,
                allowedModels, keyName);
    }

    /** Knobs without a model restriction. */
    public RoutingOptions(Double qualityTarget, Double maxCostUsd, Long latencyBudgetMs, String pool,
                          Double qualityMargin, Double usdPerQualityPoint) {
        this(qualityTarget, maxCostUsd, latencyBudgetMs, pool, qualityMargin, usdPerQualityPoint, null);
    }

    /** The same knobs, routed only to these models (empty: any). */
    public RoutingOptions onlyModels(java.util.Set<String> models) {
        return new RoutingOptions(qualityTarget, maxCostUsd, latencyBudgetMs, pool, qualityMargin, usdPerQualityPoint,
                models, callerKey);
    }

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
                usdPerQualityPoint != null ? usdPerQualityPoint : other.usdPerQualityPoint,
                !allowedModels.isEmpty() ? allowedModels : other.allowedModels,
                callerKey != null ? callerKey : other.callerKey);
    }
}
