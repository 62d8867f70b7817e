package io.routewise.config;

import java.util.List;
import java.util.Map;

/**
 * One operator rule of {@code routing.rules}: when a request matches {@link When}, {@link Then} decides
 * (a pinned model, a set of models or tiers to choose among, knobs). Rules are evaluated in order before
 * the learned policy; the first that matches fires, and the decision's reasons name it.
 *
 * @param name a unique name, shown in decisions and logs
 */
public record RoutingRule(String name, When when, Then then) {

    /**
     * What a request must be; every condition given must hold, an absent one matches anything.
     *
     * @param keys            the caller key's name is one of these
     * @param pools           the request's pool ({@code interactive} unless it says otherwise) is one of these
     * @param tasks           the predicted task (the task part of the classifier's top class) is one of these
     * @param complexities    the predicted complexity (its complexity part: easy, medium, hard) is one of these
     * @param minPromptTokens the prompt is at least this long (estimated tokens)
     * @param maxPromptTokens the prompt is at most this long
     * @param needs           the request uses all of these capabilities (tools, json, vision, streaming)
     * @param metadata        the request's {@code metadata} object has these values
     * @param users           the request's {@code user} is one of these
     * @param hoursUtc        the time of day, UTC, is in this range: {@code "09-17"} (from 09:00 to 16:59;
     *                        {@code "22-06"} wraps past midnight)
     */
    public record When(List<String> keys, List<String> pools, List<String> tasks, List<String> complexities,
                       Integer minPromptTokens, Integer maxPromptTokens, List<Capability> needs,
                       Map<String, String> metadata, List<String> users, String hoursUtc) {

        public When {
            keys = keys == null ? List.of() : List.copyOf(keys);
            pools = pools == null ? List.of() : List.copyOf(pools);
            tasks = tasks == null ? List.of() : List.copyOf(tasks);
            complexities = complexities == null ? List.of() : List.copyOf(complexities);
            needs = needs == null ? List.of() : List.copyOf(needs);
            metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
            users = users == null ? List.of() : List.copyOf(users);
        }
    }

    /**
     * What the rule does. {@code model}, {@code models} and {@code tiers} narrow the candidates (the
     * learned policy still chooses among them, so a pinned model that cannot serve the request leaves
     * no candidate); the knobs replace the config's for this request (a request's own knob still wins,
     * and {@code max_cost_usd} only ever lowers the request's).
     */
    public record Then(String model, List<String> models, List<Integer> tiers, Double qualityTarget,
                       Double qualityMargin, Double usdPerQualityPoint, Double maxCostUsd) {

        public Then {
            models = models == null ? List.of() : List.copyOf(models);
            tiers = tiers == null ? List.of() : List.copyOf(tiers);
        }

        /** Whether it narrows the candidates at all. */
        public boolean narrows() {
            return model != null || !models.isEmpty() || !tiers.isEmpty();
        }

        /** Whether it does anything. */
        public boolean acts() {
            return narrows() || qualityTarget != null || qualityMargin != null || usdPerQualityPoint != null
                    || maxCostUsd != null;
        }
    }
}
