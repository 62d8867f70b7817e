package io.routewise.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.routewise.chat.ChatRequest;
import io.routewise.chat.InvalidRequestException;
import io.routewise.policy.RouteDecision;

/**
 * {@code POST /v1/route}: the routing decision for a chat-completions body, without calling a
 * provider. The body's {@code model} may be omitted (it is routed as {@code auto} either way).
 * A request no model can serve still gets its decision (200, {@code model: null}, the reasons).
 */
final class RouteHandler implements Handler {

    private final Gateway gw;

    RouteHandler(Gateway gateway) {
        this.gw = gateway;
    }

    @Override
    public void handle(Context ctx) throws Exception {
        long start = System.nanoTime();
        String requestId = ctx.attribute(RouterHttp.REQUEST_ID);
        Serving s = gw.servingFor(requestId, AccessControl.caller(ctx));
        RouteDecision decision = null;
        int status;
        String error = null;
        try {
            JsonNode body = RequestBodies.readJson(ctx, s.config().server().maxBodyBytes());
            ChatRequest request = gw.clientWire().decodeRequest(body, "auto");
            request = request.withRouting(request.routing().orElse(RequestBodies.routingHeaders(ctx)));
            AccessControl.Caller caller = AccessControl.caller(ctx);
            if (caller.key() != null) {
                // The decision a caller sees is the one its chat requests would get: its key's rules and models.
                request = request.withRouting(request.routing().forCaller(caller.key().name()));
                if (!caller.key().models().isEmpty()) {
                    request = request.withRouting(request.routing().onlyModels(caller.key().models()));
                }
            }
            long decideStart = System.nanoTime();
            decision = s.engine().decide(request, requestId, request.routing());
            gw.metrics().recordDecision(System.nanoTime() - decideStart);
            ctx.status(200).contentType("application/json").result(io.routewise.json.Json.MAPPER.writeValueAsBytes(decision));
            status = 200;
        } catch (InvalidRequestException e) {
            ApiError apiError = ApiError.of(e);
            RouterHttp.sendError(ctx, apiError);
            status = apiError.status();
            error = apiError.message();
        }
        double totalMs = (System.nanoTime() - start) / 1e6;
        RequestLog.Answered answered = decision == null ? RequestLog.Answered.NOBODY
                : new RequestLog.Answered(decision.model(), decision.provider(), null, null, null);
        gw.log().write(new RequestLog.Entry(requestId, ctx.path(), status, new RequestLog.Asked("auto", false, null), answered,
                totalMs, totalMs, error, s.config().version(), decision));
    }
}
