package io.routewise.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Set;

/**
 * One model in the catalog.
 *
 * @param id                  what clients put in {@code model}
 * @param provider            the {@link ProviderConfig#name()} that serves it
 * @param upstreamModel       the provider's name for it
 * @param inputUsdPer1m       list price of prompt tokens, USD per million ({@code input_usd_per_1m})
 * @param outputUsdPer1m      list price of completion tokens, USD per million
 * @param cachedInputUsdPer1m price of cached prompt tokens, or null when the provider has no discount
 * @param contextWindow       the most prompt tokens the model accepts
 * @param maxOutputTokens     the most completion tokens it produces per request
 * @param capabilities        what it supports beyond plain text chat
 * @param tier                capability tier, 1 (small) and up; used for routing priors
 * @param pool                latency pool ({@code interactive} or {@code batch}), or null for both
 * @param enabled             false keeps it in the catalog but out of routing
 * @param fallbacks           model ids tried in order when this one fails before the first byte
 * @param simulate            the simulator's behaviour when a simulator serves this model
 */
public record ModelConfig(String id, String provider, String upstreamModel,
                          @JsonProperty("input_usd_per_1m") Double inputUsdPer1m,
                          @JsonProperty("output_usd_per_1m") Double outputUsdPer1m,
                          @JsonProperty("cached_input_usd_per_1m") Double cachedInputUsdPer1m, Integer contextWindow,
                          Integer maxOutputTokens, Set<Capability> capabilities, Integer tier, String pool,
                          Boolean enabled, List<String> fallbacks, SimulationProfile simulate) {

    public ModelConfig {
        upstreamModel = upstreamModel == null ? id : upstreamModel;
        capabilities = capabilities == null ? Set.of() : Set.copyOf(capabilities);
        tier = tier == null ? 1 : tier;
        enabled = enabled == null || enabled;
        fallbacks = fallbacks == null ? List.of() : List.copyOf(fallbacks);
        simulate = simulate == null ? SimulationProfile.DEFAULT : simulate;
    }

    public boolean supports(Capability capability) {
        return capabilities.contains(capability);
    }

    /** USD for this many tokens at list price (cached input at its discount where priced). */
    public double costUsd(int inputTokens, int cachedInputTokens, int outputTokens) {
        double cachedPrice = cachedInputUsdPer1m != null ? cachedInputUsdPer1m : inputUsdPer1m;
        int uncached = Math.max(0, inputTokens - cachedInputTokens);
        return (uncached * inputUsdPer1m + cachedInputTokens * cachedPrice + outputTokens * outputUsdPer1m) / 1_000_000.0;
    }
}
