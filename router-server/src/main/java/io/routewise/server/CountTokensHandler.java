package io.routewise.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.catalog.Requirements;
import io.routewise.chat.ChatRequest;
import io.routewise.chat.InvalidRequestException;
import io.routewise.config.ModelConfig;
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
            ApiError refused = refusal(ctx, request.model());
            if (refused != null) {
                RouterHttp.sendError(ctx, refused);
                return;
            }
            ObjectNode out = io.routewise.json.Json.object();
            out.put("input_tokens", Requirements.estimateInputTokens(request));
            ctx.contentType("application/json").result(out.toString());
        } catch (InvalidRequestException e) {
            RouterHttp.sendError(ctx, ApiError.of(e));
        }
    }

    /** A 404 for a model the catalog does not serve, a 403 for one the caller's key may not use, else null. */
    private ApiError refusal(Context ctx, String model) {
        if (!"auto".equals(model)
                && gw.serving().catalog().find(model).filter(ModelConfig::enabled).isEmpty()) {
            return ApiError.of(new InvalidRequestException(404, "The model '" + model + "' does not exist in this "
                    + "router's catalog; GET /v1/models lists them.", "model", "model_not_found"));
        }
        AccessControl.Caller caller = AccessControl.caller(ctx);
        if (caller.key() != null && !"auto".equals(model) && !caller.key().allows(model)) {
            return AccessControl.modelForbidden(caller.key(), model);
        }
        return null;
    }
}
