package io.routewise.policy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * A routing decision as {@code /v1/route}, {@code routewise route} and the request log report it
 * (DESIGN.md, "Data formats"): the chosen model, why, what it is expected to cost and achieve, the
 * classifier's view of the request, the fallbacks, and the config and model versions behind it.
 *
 * @param requestId          the request this decision is for
 * @param model              the chosen model, or null when no candidate can serve the request
 * @param provider           its provider (null in catalog-free mode, where providers are unknown)
 * @param expectedQuality    its {@code E[q|x]}
 * @param expectedCostUsd    its expected cost for this request
 * @param qualityTarget      the expected quality that counted as good enough: the absolute target (request,
 *                           header or config), or the best candidate's expected quality less the margin
 * @param classProbabilities {@code P(c|x)} by class name, in the classifier's order
 * @param topClass           the most probable class
 * @param task               the most probable task when the classes include one ({@code hard.math}),
 *                           else null
 * @param fallbacks          the next models to try, in order
 * @param reasons            sentences a person can read
 * @param configVersion      the config's version, or null without a config
 * @param modelVersion       the model directory's version
 * @param qualityMargin      the margin the decision was made with, or null when it used another knob
 * @param usdPerQualityPoint the price of a quality point the decision was made with, or null
 * @param setAside           the candidates excluded or penalised, each with its cause and detail
 * @param rule               the name of the {@code routing.rules} rule that fired, or null
 * @param ease               the prompt's ease as the model directory's tier prior reads it (1 easy, 0 hard; its
 *                           scale's anchors are in the model card), or null without a tier prior
 */
@JsonPropertyOrder({"request_id", "model", "provider", "expected_quality", "expected_cost_usd", "quality_target",
        "quality_margin", "usd_per_quality_point", "class_probabilities", "top_class", "task", "ease", "fallbacks", "reasons", "rule", "set_aside", "config_version", "model_version"})
public record RouteDecision(
        @JsonProperty("request_id") String requestId,
        @JsonProperty("model") String model,
        @JsonProperty("provider") String provider,
        @JsonProperty("expected_quality") double expectedQuality,
        @JsonProperty("expected_cost_usd") double expectedCostUsd,
        @JsonProperty("quality_target") double qualityTarget,
        @JsonProperty("class_probabilities") Map<String, Float> classProbabilities,
        @JsonProperty("top_class") String topClass,
        @JsonProperty("task") String task,
        @JsonProperty("fallbacks") List<Fallback> fallbacks,
        @JsonProperty("reasons") List<String> reasons,
        @JsonProperty("config_version") String configVersion,
        @JsonProperty("model_version") String modelVersion,
        @JsonProperty("quality_margin") @JsonInclude(JsonInclude.Include.NON_NULL) Double qualityMargin,
        @JsonProperty("usd_per_quality_point") @JsonInclude(JsonInclude.Include.NON_NULL) Double usdPerQualityPoint,
        @JsonProperty("set_aside") List<ExcludedModel> setAside,
        @JsonProperty("rule") @JsonInclude(JsonInclude.Include.NON_NULL) String rule,
        @JsonProperty("ease") @JsonInclude(JsonInclude.Include.NON_NULL) Double ease) {

    public RouteDecision {
        setAside = setAside == null ? List.of() : List.copyOf(setAside);
        expectedCostUsd = toPicoDollar(expectedCostUsd);
    }

    /**
     * A cost to the pico-dollar: what a price per million tokens times a token count can mean, without the
     * binary noise of the product ({@code 2.4050000000000002e-05}) in decisions, logs and the API.
     */
    static double toPicoDollar(double usd) {
        return Math.round(usd * 1e12) / 1e12;
    }

    /** A decision made against an absolute target (no margin). */
    public RouteDecision(String requestId, String model, String provider, double expectedQuality, double expectedCostUsd,
                         double qualityTarget, Map<String, Float> classProbabilities, String topClass, String task,
                         List<Fallback> fallbacks, List<String> reasons, String configVersion, String modelVersion) {
        this(requestId, model, provider, expectedQuality, expectedCostUsd, qualityTarget, classProbabilities, topClass, task,
                fallbacks, reasons, configVersion, modelVersion, null, null, List.of(), null, null);
    }

    /** A model the decision falls back to. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Fallback(
            @JsonProperty("model") String model,
            @JsonProperty("provider") String provider,
            @JsonProperty("expected_quality") double expectedQuality,
            @JsonProperty("expected_cost_usd") double expectedCostUsd) {

        public Fallback {
            expectedCostUsd = toPicoDollar(expectedCostUsd);
        }
    }

    /** The candidates set aside for {@code cause}. */
    public List<ExcludedModel> setAside(io.routewise.catalog.Exclusion.Cause cause) {
        return setAside.stream().filter(e -> e.exclusion().cause() == cause).toList();
    }

    /** Whether a model was chosen. */
    @JsonIgnore
    public boolean routed() {
        return model != null;
    }
}
