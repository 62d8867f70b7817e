package io.routewise.server;

import io.routewise.ledger.LedgerRuntime;
import io.routewise.providers.ApiCodec;

/**
 * What the HTTP handlers need: the snapshot to serve with ({@link Serving}: config, catalog, engine,
 * planner, dispatcher; replaced by config reloads and new routing weights), the client-facing codec
 * (OpenAI), metrics, the request log, the cost ledger, access control and the config reloader.
 */
record Gateway(ServingState state, ApiCodec clientWire, RouterMetrics metrics, RequestLog log, LedgerRuntime ledger,
               AccessControl access, ConfigReloader reloader) {

    /** The snapshot in force now; a request takes it once. */
    Serving serving() {
        return state.current();
    }
}
