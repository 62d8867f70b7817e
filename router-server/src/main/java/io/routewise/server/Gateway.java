package io.routewise.server;

import io.routewise.ledger.LedgerRuntime;
import io.routewise.providers.ApiCodec;

/**
 * What the HTTP handlers need: the snapshot to serve with ({@link Serving}: config, catalog, engine,
 * planner, dispatcher; replaced by config reloads and new routing weights), the client-facing codec
 * (OpenAI), metrics, the request log, the cost ledger, access control, the config reloader and the
 * recent routed requests (for the dashboard).
 */
record Gateway(ServingState state, ApiCodec clientWire, RouterMetrics metrics, RequestLog log, LedgerRuntime ledger,
               AccessControl access, ConfigReloader reloader, RecentDecisions decisions) {

    /** The stable snapshot in force now. */
    Serving serving() {
        return state.current();
    }

    /** The snapshot a request is served with (a canary's for its share); a request takes it once. */
    Serving servingFor(String requestId, AccessControl.Caller caller) {
        return state.pick(requestId, caller == null || caller.key() == null ? null : caller.key().name());
    }
}
