package io.routewise.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.catalog.Requirements;
import io.routewise.chat.ChatRequest;
import io.routewise.chat.InvalidRequestException;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * {@code POST /v1/messages/count_tokens}, Anthropic's: how many input tokens a Messages request would take, which
 * clients such as Claude Code ask before they send, to manage their context. The body is a Messages request
 * ({@code max_tokens} may be left out, as Anthropic's API allows here); the answer is
 * {@code {"input_tokens": N}}, errors in Anthropic's shape.
 *
 * <p>The count is the router's own estimate ({@link Requirements#estimateInputTokens}: characters / 4, images at
 * their worst case), the one its budgets and token-rate limits reserve by, not a provider's tokenizer: it is the
 * same whichever model is named, nothing is sent to a provider and nothing is spent or recorded in the ledger.
 */
final class CountTokensHandler implements Handler {

    private final Gateway gw;

    CountTokensHandler(Gateway gw) {
        this.gw = gw;
    }

    @Override
    public void handle(Context ctx) {
        try {
            JsonNode body = RequestBodies.readJson(ctx, gw.serving().config().server().maxBodyBytes());
            if (body instanceof ObjectNode o && !o.has("max_tokens")) {
                o.put("max_tokens", 1); // the Messages decoder needs one; counting does not
            }
            ChatRequest request = InboundApi.MESSAGES.codec().decodeRequest(body, null);
            if (!"auto".equals(request.model())) {
                gw.serving().catalog().require(request.model());
            }
            AccessControl.checkModel(AccessControl.caller(ctx), request.model());
            ObjectNode out = io.routewise.json.Json.object();
            out.put("input_tokens", Requirements.estimateInputTokens(request));
            ctx.contentType("application/json").result(out.toString());
        } catch (InvalidRequestException | ApiRefusal e) {
            RouterHttp.sendError(ctx, ApiFailures.of(e, null).reply());
        }
    }
}
