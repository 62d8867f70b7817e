package io.routewise.server;

import io.routewise.catalog.Catalog;
import io.routewise.config.RoutewiseConfig;
import io.routewise.dispatch.Dispatcher;
import io.routewise.ledger.LedgerRuntime;
import io.routewise.policy.RoutingEngine;
import io.routewise.providers.WireFormat;

/**
 * What the HTTP handlers need from the domain: the config, the catalog, the dispatcher, the routing
 * engine for {@code model: "auto"}, the client-facing wire format (OpenAI), metrics, the request log and
 * the cost ledger.
 */
record Gateway(RoutewiseConfig config, Catalog catalog, Dispatcher dispatcher, RoutingEngine engine,
               WireFormat clientWire, RouterMetrics metrics, RequestLog log,
               LedgerRuntime ledger) {
}
