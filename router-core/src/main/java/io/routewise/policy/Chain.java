package io.routewise.policy;

import io.routewise.config.ModelConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The models one request will try, in order, each with the part it plays: the first choice, the
 * fallbacks, and the hot-standby models (the last resort, which the dispatcher holds to no latency
 * budget). Built by {@link ChainPlanner}; the dispatcher walks it.
 */
public record Chain(List<Link> links) {

    /** What a chain member is there for. */
    public enum Role {
        /** The decision's choice, or the model the client named. */
        FIRST,
        /** A fallback: the decision's next candidates, or the named model's configured fallbacks. */
        FALLBACK,
        /** A {@code routing.hot_standby} model: tried last, with no latency budget. */
        HOT_STANDBY
    }

    /** One member of the chain. */
    public record Link(ModelConfig model, Role role) {
    }

    public Chain {
        if (links.isEmpty()) {
            throw new IllegalArgumentException("a chain needs at least one model");
        }
        links = List.copyOf(links);
    }

    /** {@code models} in order: the first is the first choice, the rest fallbacks. */
    public static Chain of(List<ModelConfig> models) {
        return of(models, List.of());
    }

    /** {@code models} as {@link #of(List)}, then the hot-standby models. */
    public static Chain of(List<ModelConfig> models, List<ModelConfig> hotStandby) {
        List<Link> links = new ArrayList<>(models.size() + hotStandby.size());
        for (int i = 0; i < models.size(); i++) {
            links.add(new Link(models.get(i), i == 0 ? Role.FIRST : Role.FALLBACK));
        }
        for (ModelConfig m : hotStandby) {
            links.add(new Link(m, Role.HOT_STANDBY));
        }
        return new Chain(links);
    }

    /** The models, in order. */
    public List<ModelConfig> models() {
        return links.stream().map(Link::model).toList();
    }

    public int size() {
        return links.size();
    }

    public Link get(int index) {
        return links.get(index);
    }

    /** The same chain without the models {@code keep} rejects; null when none is left. */
    public Chain filter(java.util.function.Predicate<ModelConfig> keep) {
        List<Link> kept = links.stream().filter(l -> keep.test(l.model())).toList();
        return kept.isEmpty() ? null : new Chain(kept);
    }
}
