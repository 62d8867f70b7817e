package io.routewise.policy;

import java.util.List;

/**
 * What the policy chose for one request, and why. {@code fallbacks} are the next models to try, in
 * order, when the chosen one fails before its first byte.
 *
 * @param model           the chosen model, or null when no candidate could serve the request
 * @param expectedQuality its {@code E[q|x]}
 * @param reasons         sentences a person can read
 * @param qualityThreshold the expected quality that counted as good enough (the target, or the best less the margin)
 * @param setAside        the candidates excluded or penalised, each with its typed reason
 */
public record Decision(String model, String provider, double expectedQuality, double expectedCostUsd,
                       List<Choice> fallbacks, List<String> reasons, double qualityThreshold,
                       List<ExcludedModel> setAside) {

    /** Another model the decision would fall back to. */
    public record Choice(String model, String provider, double expectedQuality, double expectedCostUsd) {
    }

    public boolean routed() {
        return model != null;
    }
}
