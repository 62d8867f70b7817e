package io.routewise.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.routewise.auth.CallerKey;
import io.routewise.auth.CallerKeyStore;
import io.routewise.auth.NewKey;
import io.routewise.chat.InvalidRequestException;
import io.routewise.json.Json;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code /admin/keys}: create, list and revoke caller keys (behind the admin credential, see
 * {@link AccessControl}). A created key is in the response once and nowhere else.
 */
final class KeyAdminHandlers {

    private final CallerKeyStore store;
    private final long maxBodyBytes;

    KeyAdminHandlers(CallerKeyStore store, long maxBodyBytes) {
        this.store = store;
        this.maxBodyBytes = maxBodyBytes;
    }

    void create(Context ctx) {
        NewKey spec;
        try {
            spec = parse(RequestBodies.readJson(ctx, maxBodyBytes));
        } catch (InvalidRequestException e) {
            RouterHttp.sendError(ctx, ApiError.of(e));
            return;
        }
        CallerKeyStore.Created created;
        try {
            created = store.create(spec, Instant.now());
        } catch (IllegalArgumentException e) {
            RouterHttp.sendError(ctx, new ApiError(409, e.getMessage().replaceFirst("^name: ", ""), "invalid_request_error",
                    "name", "key_exists", null));
            return;
        }
        ObjectNode out = json(created.key());
        out.put("key", created.plaintext());
        ctx.status(201).contentType("application/json").result(out.toString());
    }

    void list(Context ctx) {
        ObjectNode root = Json.object();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        store.list().forEach(k -> data.add(json(k)));
        ctx.contentType("application/json").result(root.toString());
    }

    void revoke(Context ctx) {
        String name = ctx.pathParam("name");
        if (!store.revoke(name, Instant.now())) {
            RouterHttp.sendError(ctx, new ApiError(404, "No active key named '" + (name.length() > 64 ? name.substring(0, 64)
                    + "..." : name) + "'.", "not_found_error", "name", "unknown_key", null));
            return;
        }
        ctx.status(204);
    }

    /** A key as the API shows it: everything but the key. */
    static ObjectNode json(CallerKey k) {
        ObjectNode o = Json.object();
        o.put("object", "api_key");
        o.put("id", k.id());
        o.put("name", k.name());
        o.put("ledger_id", k.ledgerId());
        o.put("created_at", k.createdAt().toString());
        o.put("expires_at", k.expiresAt() == null ? null : k.expiresAt().toString());
        o.put("revoked_at", k.revokedAt() == null ? null : k.revokedAt().toString());
        o.put("last_used_at", k.lastUsedAt() == null ? null : k.lastUsedAt().toString());
        if (k.budgetUsd() != null) {
            o.put("budget_usd", k.budgetUsd());
            o.put("budget_period", k.budgetPeriod().label());
        }
        if (k.rpm() != null) {
            o.put("rpm", k.rpm());
        }
        if (k.tpm() != null) {
            o.put("tpm", k.tpm());
        }
        ArrayNode models = o.putArray("models");
        new java.util.TreeSet<>(k.models()).forEach(models::add);
        return o;
    }

    static NewKey parse(JsonNode body) {
        try {
            Set<String> models = new LinkedHashSet<>();
            JsonNode m = body.get("models");
            if (m != null && !m.isNull()) {
                if (!m.isArray()) {
                    throw new IllegalArgumentException("models: must be an array of model ids");
                }
                for (JsonNode id : m) {
                    if (!id.isTextual()) {
                        throw new IllegalArgumentException("models: must be an array of model ids");
                    }
                    models.add(id.asText());
                }
            }
            return new NewKey(text(body, "name"), number(body, "budget_usd"),
                    body.hasNonNull("budget_period") ? CallerKey.BudgetPeriod.parse(text(body, "budget_period")) : null,
                    integer(body, "rpm"), integer(body, "tpm"), models, NewKey.expiry(text(body, "expires_at")));
        } catch (IllegalArgumentException e) {
            String field = e.getMessage().contains(":") ? e.getMessage().substring(0, e.getMessage().indexOf(':')) : null;
            throw new InvalidRequestException(400, e.getMessage(), field, "invalid_value");
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new IllegalArgumentException(field + ": must be a string");
        }
        return n.asText();
    }

    private static Double number(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isNumber()) {
            throw new IllegalArgumentException(field + ": must be a number");
        }
        return n.asDouble();
    }

    private static Integer integer(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.canConvertToInt() || !n.isIntegralNumber()) {
            throw new IllegalArgumentException(field + ": must be a whole number");
        }
        return n.asInt();
    }
}
