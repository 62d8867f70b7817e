package io.routewise.server;

import io.routewise.catalog.Catalog;
import io.routewise.config.RoutewiseConfig;
import io.routewise.dispatch.Dispatcher;
import io.routewise.policy.ChainPlanner;
import io.routewise.policy.RoutingEngine;

/**
 * Everything a request is served with, as one immutable snapshot: the config, its catalog, the routing
 * engine (on the current routing weights), the chain planner and the dispatcher (over the providers of
 * that config). A request takes the snapshot once, when it starts, and finishes on it whatever is
 * reloaded meanwhile, so no request ever sees half of a config.
 */
record Serving(RoutewiseConfig config, Catalog catalog, RoutingEngine engine, ChainPlanner planner, Dispatcher dispatcher) {

    static Serving of(RoutewiseConfig config, RoutingEngine engine, Dispatcher dispatcher) {
        Catalog catalog = Catalog.of(config);
        return new Serving(config, catalog, engine, new ChainPlanner(catalog, config.routing().hotStandby(), () -> engine),
                dispatcher);
    }

    /** The same config and providers, routed by {@code next} (new routing weights). */
    Serving withEngine(RoutingEngine next) {
        return new Serving(config, catalog, next, new ChainPlanner(catalog, config.routing().hotStandby(), () -> next),
                dispatcher);
    }
}
