package io.routewise.server;

import io.routewise.catalog.Catalog;
import io.routewise.config.RoutewiseConfig;
import io.routewise.dispatch.Dispatcher;
import io.routewise.providers.WireFormat;

/**
 * What the HTTP handlers need from the domain: the config, the catalog, the dispatcher, the
 * client-facing wire format (OpenAI), metrics and the request log.
 */
record Gateway(RoutewiseConfig config, Catalog catalog, Dispatcher dispatcher, WireFormat clientWire,
               RouterMetrics metrics, RequestLog log) {
}
