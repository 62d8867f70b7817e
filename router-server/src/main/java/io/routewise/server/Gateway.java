package io.routewise.server;

import io.routewise.catalog.Catalog;
import io.routewise.config.RoutewiseConfig;
import io.routewise.dispatch.Dispatcher;
import io.routewise.ledger.LedgerRuntime;
import io.routewise.policy.ChainPlanner;
import io.routewise.policy.RoutingEngine;
import io.routewise.providers.ApiCodec;
import java.util.function.Supplier;

/**
 * What the HTTP handlers need from the domain: the config, the catalog, the dispatcher, the routing
 * engine for {@code model: "auto"} (through a supplier: hot-reloaded weights swap it), the chain planner, the client-facing wire format (OpenAI), metrics, the request log and
 * the cost ledger.
 */
record Gateway(RoutewiseConfig config, Catalog catalog, Dispatcher dispatcher, Supplier<RoutingEngine> engines,
               ChainPlanner planner, ApiCodec clientWire, RouterMetrics metrics, RequestLog log,
               LedgerRuntime ledger, AccessControl access) {

    /** The engine deciding now (replaced when recalibrated routing weights are loaded). */
    RoutingEngine engine() {
        return engines.get();
    }
}
