package io.routewise.policy;

import io.routewise.catalog.Catalog;
import io.routewise.catalog.Requirements;
import io.routewise.chat.ChatRequest;
import io.routewise.chat.InvalidRequestException;
import io.routewise.chat.RoutingOptions;
import io.routewise.config.ModelConfig;
import io.routewise.config.RoutewiseConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The one place that decides which models a request will try, in order. For {@code model: "auto"}:
 * the routing engine's choice and its fallbacks; for a named model: that model (kept even when it
 * seems unable: the client asked for it, and the provider's answer is the most useful error) and its
 * configured fallbacks. Then, for both, the {@code routing.hot_standby} models. Every member after the
 * first must be enabled and able to serve the request for what it is: capabilities, context, the
 * caller key's allowed models and the request's pool ({@link CatalogCandidates#unmetByModel}); health
 * is the dispatcher's business when it reaches them.
 *
 * <p>The request's {@link RoutingOptions} are the merged ones (body over headers, the key's allowed
 * models). Thread-safe; the engine is read through a supplier because recalibrated weights replace it.
 */
public final class ChainPlanner {

    private final Catalog catalog;
    private final List<String> hotStandby;
    private final Supplier<RoutingEngine> engines;

    public ChainPlanner(Catalog catalog, List<String> hotStandby, Supplier<RoutingEngine> engines) {
        this.catalog = catalog;
        this.hotStandby = List.copyOf(hotStandby);
        this.engines = engines;
    }

    /** The planner for {@code config}'s catalog and hot standby, deciding {@code auto} with the engine of the moment. */
    public static ChainPlanner of(RoutewiseConfig config, Supplier<RoutingEngine> engines) {
        return new ChainPlanner(Catalog.of(config), config.routing().hotStandby(), engines);
    }

    /**
     * What a request will try.
     *
     * @param decision the routing decision behind it for {@code auto}, or null for a named model
     * @param chain    the models in order
     */
    public record Plan(RouteDecision decision, Chain chain) {
    }

    /**
     * Plans one request.
     *
     * @throws InvalidRequestException (404) for a named model that is not in the catalog or is disabled
     * @throws NoCandidateException    when {@code auto} finds no model that can serve the request
     */
    public Plan plan(ChatRequest request, String requestId) {
        if ("auto".equals(request.model())) {
            RouteDecision decision = engines.get().decide(request, requestId, request.routing());
            return new Plan(decision, chainFor(decision, request));
        }
        ModelConfig named = catalog.require(request.model());
        Requirements needs = Requirements.of(request);
        List<ModelConfig> tried = new ArrayList<>();
        tried.add(named);
        for (String id : named.fallbacks()) {
            catalog.find(id).filter(m -> canFollow(m, needs, request.routing(), tried)).ifPresent(tried::add);
        }
        return new Plan(null, withHotStandby(tried, needs, request.routing()));
    }

    /**
     * The chain for a routed decision: the chosen model, the decision's fallbacks, then the hot standby.
     *
     * @throws NoCandidateException when the decision chose nothing
     */
    public Chain chainFor(RouteDecision decision, ChatRequest request) {
        if (!decision.routed()) {
            throw new NoCandidateException(decision);
        }
        List<ModelConfig> tried = new ArrayList<>();
        tried.add(inCatalog(decision.model()));
        for (RouteDecision.Fallback f : decision.fallbacks()) {
            ModelConfig m = inCatalog(f.model());
            if (!tried.contains(m)) {
                tried.add(m);
            }
        }
        return withHotStandby(tried, Requirements.of(request), request.routing());
    }

    private Chain withHotStandby(List<ModelConfig> tried, Requirements needs, RoutingOptions options) {
        List<ModelConfig> standby = new ArrayList<>();
        for (String id : hotStandby) {
            catalog.find(id).filter(m -> canFollow(m, needs, options, tried) && !standby.contains(m)).ifPresent(standby::add);
        }
        return Chain.of(tried, standby);
    }

    /** Whether {@code m} may join a chain that holds {@code tried} already. */
    private static boolean canFollow(ModelConfig m, Requirements needs, RoutingOptions options, List<ModelConfig> tried) {
        return m.enabled() && !tried.contains(m) && CatalogCandidates.unmetByModel(m, needs, options) == null;
    }

    private ModelConfig inCatalog(String id) {
        return catalog.find(id).orElseThrow(() -> new IllegalStateException("decided on '" + id
                + "', which is not in the catalog"));
    }
}
