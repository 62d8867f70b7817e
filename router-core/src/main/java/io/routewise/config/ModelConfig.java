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
 * @param passthrough         request fields the router does not interpret that may reach this model's provider
 *                            as sent ({@link #DEFAULT_PASSTHROUGH} when not set); anything else is dropped, so a
 *                            caller cannot pick, say, a pricier {@code service_tier} than the catalog prices
 */
public record ModelConfig(String id, String provider, String upstreamModel,
                          @JsonProperty("input_usd_per_1m") Double inputUsdPer1m,
                          @JsonProperty("output_usd_per_1m") Double outputUsdPer1m,
                          @JsonProperty("cached_input_usd_per_1m") Double cachedInputUsdPer1m, Integer contextWindow,
                          Integer maxOutputTokens, Set<Capability> capabilities, Integer tier, String pool,
                          Boolean enabled, List<String> fallbacks, SimulationProfile simulate,
                          List<String> passthrough) {

    /**
     * Fields passed through unless a model lists its own: sampling and output-shape knobs whose effect on
     * cost shows in the usage the provider reports. Not among them: {@code service_tier} (a price the
     * catalog does not know), {@code store} (retention at the provider), audio and other modalities.
     */
    public static final List<String> DEFAULT_PASSTHROUGH = List.of("frequency_penalty", "presence_penalty", "logit_bias",
            "logprobs", "top_logprobs", "n", "parallel_tool_calls", "reasoning_effort");

    /** A model with the default pass-through fields. */
    public ModelConfig(String id, String provider, String upstreamModel, Double inputUsdPer1m, Double outputUsdPer1m,
                       Double cachedInputUsdPer1m, Integer contextWindow, Integer maxOutputTokens,
                       Set<Capability> capabilities, Integer tier, String pool, Boolean enabled, List<String> fallbacks,
                       SimulationProfile simulate) {
        this(id, provider, upstreamModel, inputUsdPer1m, outputUsdPer1m, cachedInputUsdPer1m, contextWindow,
                maxOutputTokens, capabilities, tier, pool, enabled, fallbacks, simulate, null);
    }

    public ModelConfig {
        upstreamModel = upstreamModel == null ? id : upstreamModel;
        capabilities = capabilities == null ? Set.of() : Set.copyOf(capabilities);
        tier = tier == null ? 1 : tier;
        enabled = enabled == null || enabled;
        fallbacks = fallbacks == null ? List.of() : List.copyOf(fallbacks);
        simulate = simulate == null ? SimulationProfile.DEFAULT : simulate;
        passthrough = passthrough == null ? DEFAULT_PASSTHROUGH : List.copyOf(passthrough);
    }

    /** The uninterpreted request fields this model may receive: those of {@code extra} it lets through. */
    public java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> allowedExtra(
            java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> extra) {
        if (extra.isEmpty() || passthrough.containsAll(extra.keySet())) {
            return extra;
        }
        java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> kept = new java.util.HashMap<>();
        extra.forEach((k, v) -> {
            if (passthrough.contains(k)) {
                kept.put(k, v);
            }
        });
        return kept;
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
