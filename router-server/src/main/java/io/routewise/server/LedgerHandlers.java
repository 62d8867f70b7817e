package io.routewise.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.routewise.chat.InvalidRequestException;
import io.routewise.json.Json;
import io.routewise.ledger.LedgerRuntime;
import io.routewise.ledger.SpendQuery;
import io.routewise.ledger.TimeBound;
import io.routewise.ledger.UnknownRequestException;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /v1/spend} (spend and request counts per provider, model or key over a time range) and
 * {@code POST /v1/feedback} (a score for a served request, for training).
 */
final class LedgerHandlers {

    private final LedgerRuntime ledger;
    private final long maxBodyBytes;
    private final boolean authRequired;

    /**
     * @param authRequired whether every caller has a key ({@code auth.required}); then only the admin sees
     *                     every caller's spend and scores any request
     */
    LedgerHandlers(LedgerRuntime ledger, long maxBodyBytes, boolean authRequired) {
        this.ledger = ledger;
        this.maxBodyBytes = maxBodyBytes;
        this.authRequired = authRequired;
    }

    /** Whose rows this caller may see and score: null for everyone's. */
    private String scope(Context ctx) {
        AccessControl.Caller caller = AccessControl.caller(ctx);
        return caller.seesEveryone(authRequired) ? null : caller.ledgerId() == null ? "" : caller.ledgerId();
    }

    void spend(Context ctx) {
        String groupBy = ctx.queryParam("group_by");
        SpendQuery.GroupBy g;
        try {
            g = SpendQuery.GroupBy.parse(groupBy == null ? "provider" : groupBy);
        } catch (IllegalArgumentException e) {
            RouterHttp.sendError(ctx, ApiError.badParam("group_by", e.getMessage()));
            return;
        }
        Instant since;
        Instant until;
        try {
            since = instant("since", ctx.queryParam("since"));
            until = instant("until", ctx.queryParam("until"));
        } catch (InvalidRequestException e) {
            RouterHttp.sendError(ctx, ApiError.of(e));
            return;
        }
        String only = scope(ctx);
        List<SpendQuery.SpendRow> rows = ledger.spend().spend(g, since, until, only);
        ObjectNode root = Json.object();
        root.put("object", "spend");
        root.put("group_by", g.name().toLowerCase(java.util.Locale.ROOT));
        root.put("since", since == null ? null : since.toString());
        root.put("until", until == null ? null : until.toString());
        if (only != null) {
            root.put("scope", "this API key's own requests");
        }
        double total = 0;
        long requests = 0;
        ArrayNode data = root.putArray("data");
        for (SpendQuery.SpendRow r : rows) {
            ObjectNode o = data.addObject();
            o.put("group", r.group());
            o.put("requests", r.requests());
            o.put("attempts", r.attempts());
            o.put("cost_usd", r.costUsd());
            o.put("input_tokens", r.inputTokens());
            o.put("output_tokens", r.outputTokens());
            o.put("estimated_attempts", r.estimatedRows());
            total += r.costUsd();
            requests += r.requests();
        }
        root.put("total_cost_usd", total);
        root.put("total_requests", requests);
        if (only == null) {
            // Every budget's current period, for callers who see everyone's spend.
            budgetStates(ledger.budgets(), root.putArray("budgets"));
        }
        ctx.contentType("application/json").result(root.toString());
    }

    /** Each configured budget's current period: cap, soft threshold, spent, reserved by calls in flight, remaining. */
    static void budgetStates(io.routewise.ledger.BudgetStore store, ArrayNode out) {
        for (io.routewise.config.BudgetConfig b : store.budgets()) {
            io.routewise.ledger.BudgetUsage u = store.usage(b);
            ObjectNode o = out.addObject();
            o.put("scope", b.scope());
            o.put("name", b.name());
            o.put("period", b.period());
            o.put("period_start", u.periodStart());
            o.put("cap_usd", b.usd());
            o.put("soft_threshold", b.softThreshold());
            o.put("soft_usd", b.usd() * b.softThreshold());
            o.put("spent_usd", u.spentUsd());
            o.put("reserved_usd", u.reservedUsd());
            o.put("remaining_usd", Math.max(0, b.usd() - u.spentUsd() - u.reservedUsd()));
        }
    }

    void feedback(Context ctx) {
        String id;
        double score;
        try {
            JsonNode body = RequestBodies.readJson(ctx, maxBodyBytes);
            JsonNode idNode = body.get("request_id");
            JsonNode scoreNode = body.get("score");
            if (idNode == null || !idNode.isTextual() || idNode.asText().isBlank()) {
                throw new InvalidRequestException(400, "request_id is required: the x-request-id of the answer being scored.",
                        "request_id", "invalid_value");
            }
            if (scoreNode == null || !scoreNode.isNumber() || !(scoreNode.asDouble() >= 0 && scoreNode.asDouble() <= 1)) {
                throw new InvalidRequestException(400, "score must be a number from 0 (bad answer) to 1 (good answer).",
                        "score", "invalid_value");
            }
            id = idNode.asText();
            score = scoreNode.asDouble();
        } catch (InvalidRequestException e) {
            RouterHttp.sendError(ctx, ApiError.of(e));
            return;
        }
        try {
            ledger.feedback().record(id, score, "api", scope(ctx));
        } catch (UnknownRequestException e) {
            RouterHttp.sendError(ctx, new ApiError(404, e.getMessage(), "not_found_error", "request_id",
                    "unknown_request", null));
            return;
        } catch (IllegalArgumentException e) {
            RouterHttp.sendError(ctx, ApiError.badParam("score", e.getMessage()));
            return;
        }
        ctx.status(204);
    }

    /** A {@code since}/{@code until} bound (see {@link TimeBound}); a bad one is a 400 naming the parameter. */
    static Instant instant(String param, String value) {
        try {
            return TimeBound.parse(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(400, param + " " + e.getMessage() + ".", param, "invalid_value");
        }
    }
}
