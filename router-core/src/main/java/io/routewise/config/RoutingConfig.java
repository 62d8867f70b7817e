package io.routewise.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Routing defaults.
 *
 * @param qualityTarget    an absolute expected quality a model must reach for {@code model: "auto"}, or null
 *                         (then {@code qualityMargin} decides)
 * @param hotStandby       model ids tried when every candidate of a decision has failed
 * @param pools            latency pools by name ({@code interactive}, {@code batch}) with their budgets
 * @param breaker          circuit-breaker settings for every deployment (a provider may override keys)
 * @param health           active health checks
 * @param latency          latency tracking per deployment
 * @param rateLimitBackoff how a provider's admitted rate falls on 429s and recovers
 * @param expectedOutputTokens the answer length a decision prices when the request sets no smaller
 *                         {@code max_tokens} and the model has no answer-length history in the ledger
 * @param qualityMargin    good enough = within this much of the best candidate's expected quality (the
 *                         default knob, 0.05 when neither this nor {@code qualityTarget} is set)
 * @param usdPerQualityPoint instead of a threshold, a willingness to pay: what one whole point of expected
 *                         quality is worth per request (wins over a margin, loses to a target), or null
 * @param rules            operator rules evaluated before the learned policy, in order (see {@link RoutingRule})
 */
public record RoutingConfig(Double qualityTarget, List<String> hotStandby, Map<String, PoolConfig> pools,
                            BreakerConfig breaker, HealthCheckConfig health, LatencyConfig latency,
                            RateLimitBackoffConfig rateLimitBackoff, Integer expectedOutputTokens,
                            Double qualityMargin, Double usdPerQualityPoint, List<RoutingRule> rules) {

    /** The default of {@code routing.expected_output_tokens}: a typical chat answer. */
    public static final int DEFAULT_EXPECTED_OUTPUT_TOKENS = 300;

    /** The default pools: interactive traffic needs a first token within 2 s at p95; batch has no budget. */
    public static final Map<String, PoolConfig> DEFAULT_POOLS = defaultPools();

    // After DEFAULT_POOLS: the constructor reads it.
    public static final RoutingConfig DEFAULT = new RoutingConfig(null, null);

    public RoutingConfig {
        hotStandby = hotStandby == null ? List.of() : List.copyOf(hotStandby);
        pools = pools == null ? DEFAULT_POOLS : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(pools));
        breaker = breaker == null ? BreakerConfig.DEFAULT : breaker.over(BreakerConfig.DEFAULT);
        health = health == null ? HealthCheckConfig.DEFAULT : health;
        latency = latency == null ? LatencyConfig.DEFAULT : latency;
        rateLimitBackoff = rateLimitBackoff == null ? RateLimitBackoffConfig.DEFAULT : rateLimitBackoff;
        expectedOutputTokens = expectedOutputTokens == null ? DEFAULT_EXPECTED_OUTPUT_TOKENS : expectedOutputTokens;
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /** The shape before {@code rules} existed. */
    public RoutingConfig(Double qualityTarget, List<String> hotStandby, Map<String, PoolConfig> pools,
                         BreakerConfig breaker, HealthCheckConfig health, LatencyConfig latency,
                         RateLimitBackoffConfig rateLimitBackoff, Integer expectedOutputTokens, Double qualityMargin,
                         Double usdPerQualityPoint) {
        this(qualityTarget, hotStandby, pools, breaker, health, latency, rateLimitBackoff, expectedOutputTokens,
                qualityMargin, usdPerQualityPoint, null);
    }

    /** The shape with only the routing targets (everything else at its default). */
    public RoutingConfig(Double qualityTarget, List<String> hotStandby) {
        this(qualityTarget, hotStandby, null, null, null, null, null, null, null, null);
    }

    /** The shape before {@code expected_output_tokens} existed. */
    public RoutingConfig(Double qualityTarget, List<String> hotStandby, Map<String, PoolConfig> pools,
                         BreakerConfig breaker, HealthCheckConfig health, LatencyConfig latency,
                         RateLimitBackoffConfig rateLimitBackoff) {
        this(qualityTarget, hotStandby, pools, breaker, health, latency, rateLimitBackoff, null, null, null);
    }

    /** The shape before {@code quality_margin} existed. */
    public RoutingConfig(Double qualityTarget, List<String> hotStandby, Map<String, PoolConfig> pools,
                         BreakerConfig breaker, HealthCheckConfig health, LatencyConfig latency,
                         RateLimitBackoffConfig rateLimitBackoff, Integer expectedOutputTokens) {
        this(qualityTarget, hotStandby, pools, breaker, health, latency, rateLimitBackoff, expectedOutputTokens, null,
                null);
    }

    /**
     * This config with {@code running}'s health checks, latency windows and rate-limit backoff: the parts a
     * running router reads at start only (a reload keeps them).
     */
    public RoutingConfig withStartOnlyPartsOf(RoutingConfig running) {
        return new RoutingConfig(qualityTarget, hotStandby, pools, breaker, running.health, running.latency,
                running.rateLimitBackoff, expectedOutputTokens, qualityMargin, usdPerQualityPoint, rules);
    }

    /** The time-to-first-token budget of a pool in ms, or null when the pool has none or is unknown. */
    public Integer ttftBudgetMs(String pool) {
        PoolConfig p = pool == null ? null : pools.get(pool);
        return p == null ? null : p.ttftBudgetMs();
    }

    private static Map<String, PoolConfig> defaultPools() {
        Map<String, PoolConfig> pools = new LinkedHashMap<>();
        pools.put("interactive", new PoolConfig(2_000));
        pools.put("batch", new PoolConfig(null));
        return java.util.Collections.unmodifiableMap(pools);
    }
}
