package io.routewise.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.catalog.Exclusion;
import io.routewise.catalog.Requirements;
import io.routewise.chat.ChatRequest;
import io.routewise.chat.RoutingOptions;
import io.routewise.config.Capability;
import io.routewise.config.ModelConfig;
import io.routewise.config.RoutewiseConfig;
import io.routewise.config.RoutingRule;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The config's {@code routing.rules}, evaluated in order before the learned policy: the first rule
 * whose conditions all hold fires. It can narrow the candidates (a model, a set, tiers; the others are
 * set aside with cause {@link Exclusion.Cause#RULE}) and set knobs for the request. Immutable; built
 * once per engine.
 */
final class RuleBook {

    static final RuleBook NONE = new RuleBook(List.of(), Map.of(), Clock.systemUTC());

    /** A rule that fired: its name, the models it allows (null: any) and its action. */
    record Fired(String name, Set<String> allowed, RoutingRule.Then then) {

        /** The request's knobs with the rule's where the request set none; a rule's cost cap only lowers the request's. */
        RoutingOptions apply(RoutingOptions o) {
            Double maxCost = o.maxCostUsd();
            if (then.maxCostUsd() != null) {
                maxCost = maxCost == null ? then.maxCostUsd() : Double.valueOf(Math.min(maxCost, then.maxCostUsd()));
            }
            boolean requestHasKnob = o.qualityTarget() != null || o.qualityMargin() != null || o.usdPerQualityPoint() != null;
            return new RoutingOptions(requestHasKnob ? o.qualityTarget() : then.qualityTarget(), maxCost, o.latencyBudgetMs(),
                    o.pool(), requestHasKnob ? o.qualityMargin() : then.qualityMargin(),
                    requestHasKnob ? o.usdPerQualityPoint() : then.usdPerQualityPoint(), o.allowedModels(), o.callerKey());
        }

        /** The candidate, set aside when the rule does not allow its model. */
        Candidate screen(Candidate c) {
            if (allowed == null || c.excluded() != null || allowed.contains(c.model())) {
                return c;
            }
            return new Candidate(c.model(), c.provider(), c.quality(), c.expectedCostUsd(),
                    Exclusion.of(Exclusion.Cause.RULE, "rule '" + name + "' routes only to " + String.join(", ", allowed)),
                    c.penalty());
        }

        String reason() {
            StringBuilder sb = new StringBuilder("rule '" + name + "' fired");
            if (allowed != null) {
                sb.append(": routes only to ").append(String.join(", ", allowed));
            }
            return sb.toString();
        }
    }

    private final List<RoutingRule> rules;
    /** Catalog model ids by tier, for rules that name tiers. */
    private final Map<Integer, List<String>> byTier;
    private final Clock clock;

    private RuleBook(List<RoutingRule> rules, Map<Integer, List<String>> byTier, Clock clock) {
        this.rules = List.copyOf(rules);
        this.byTier = byTier;
        this.clock = clock;
    }

    static RuleBook of(RoutewiseConfig config, Clock clock) {
        Map<Integer, List<String>> byTier = new java.util.HashMap<>();
        for (ModelConfig m : config.models()) {
            byTier.computeIfAbsent(m.tier(), t -> new java.util.ArrayList<>()).add(m.id());
        }
        return new RuleBook(config.routing().rules(), Map.copyOf(byTier), clock);
    }

    boolean isEmpty() {
        return rules.isEmpty();
    }

    /**
     * The first rule that matches, or null.
     *
     * @param topClass the classifier's most probable class ({@code hard.math}), or null
     */
    Fired match(ChatRequest request, RoutingOptions options, String topClass) {
        for (RoutingRule rule : rules) {
            if (matches(rule.when(), request, options, topClass)) {
                return new Fired(rule.name(), allowed(rule.then()), rule.then());
            }
        }
        return null;
    }

    private Set<String> allowed(RoutingRule.Then then) {
        if (!then.narrows()) {
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        if (then.model() != null) {
            out.add(then.model());
        }
        out.addAll(then.models());
        for (int tier : then.tiers()) {
            out.addAll(byTier.getOrDefault(tier, List.of()));
        }
        return out;
    }

    private boolean matches(RoutingRule.When w, ChatRequest request, RoutingOptions options, String topClass) {
        if (w == null) {
            return true;
        }
        if (!w.keys().isEmpty() && (options.callerKey() == null || !w.keys().contains(options.callerKey()))) {
            return false;
        }
        String pool = options.pool() == null ? "interactive" : options.pool();
        if (!w.pools().isEmpty() && !w.pools().contains(pool)) {
            return false;
        }
        if (!w.tasks().isEmpty() || !w.complexities().isEmpty()) {
            int dot = topClass == null ? -1 : topClass.indexOf('.');
            if (dot < 0) {
                return false; // the model's classes carry no task or complexity
            }
            if (!w.complexities().isEmpty() && !w.complexities().contains(topClass.substring(0, dot))) {
                return false;
            }
            if (!w.tasks().isEmpty() && !w.tasks().contains(topClass.substring(dot + 1))) {
                return false;
            }
        }
        if (w.minPromptTokens() != null || w.maxPromptTokens() != null || !w.needs().isEmpty()) {
            Requirements needs = Requirements.of(request);
            if (w.minPromptTokens() != null && needs.inputTokens() < w.minPromptTokens()) {
                return false;
            }
            if (w.maxPromptTokens() != null && needs.inputTokens() > w.maxPromptTokens()) {
                return false;
            }
            for (Capability c : w.needs()) {
                if (!needs.capabilities().contains(c)) {
                    return false;
                }
            }
        }
        if (!w.users().isEmpty() && (request.user() == null || !w.users().contains(request.user()))) {
            return false;
        }
        if (!w.metadata().isEmpty()) {
            JsonNode metadata = request.extra().get("metadata");
            for (Map.Entry<String, String> e : w.metadata().entrySet()) {
                if (metadata == null || !metadata.path(e.getKey()).isTextual()
                        || !metadata.get(e.getKey()).asText().equals(e.getValue())) {
                    return false;
                }
            }
        }
        return w.hoursUtc() == null || inHours(w.hoursUtc(), clock.instant().atZone(ZoneOffset.UTC).getHour());
    }

    /** Whether {@code hour} falls in {@code "HH-HH"} (end exclusive; a range past midnight wraps). */
    static boolean inHours(String range, int hour) {
        int from = Integer.parseInt(range.substring(0, 2));
        int to = Integer.parseInt(range.substring(3, 5));
        return from <= to ? hour >= from && hour < to : hour >= from || hour < to;
    }
}
