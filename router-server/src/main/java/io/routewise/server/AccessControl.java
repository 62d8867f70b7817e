package io.routewise.server;

import io.javalin.http.Context;
import io.routewise.auth.AdminCredential;
import io.routewise.auth.CallerKey;
import io.routewise.auth.CallerKeyAuthenticator;
import io.routewise.auth.CallerKeyStore;
import io.routewise.auth.KeyCheck;
import io.routewise.auth.KeyRateLimiter;
import io.routewise.auth.KeySecrets;
import io.routewise.config.AuthConfig;
import io.routewise.ledger.ApiKeyIds;
import java.util.Set;

/**
 * Who is calling, decided once per request before any handler runs: the operator (the admin
 * credential), a caller key, or nobody. {@code /health} and {@code /ready} are open; {@code /admin/*}
 * (and {@code /metrics} when {@code auth.protect_metrics}) need the admin credential; with
 * {@code auth.required} everything else needs a valid caller key. Without it, a caller key is still
 * checked when one is presented (so it names its caller), and anything else is an anonymous caller
 * known by a hash of its bearer string, as before.
 */
final class AccessControl {

    static final String CALLER = "routewise.caller";
    private static final Set<String> OPEN = Set.of("/health", "/ready");

    /**
     * The caller of one request.
     *
     * @param admin    the operator
     * @param key      the caller key, or null
     * @param ledgerId the id ledger rows and budgets know the caller by (a key's {@code key_<id>}, or a
     *                 hash of an unregistered bearer string), or null
     */
    record Caller(boolean admin, CallerKey key, String ledgerId) {

        static final Caller ANONYMOUS = new Caller(false, null, null);

        /** Whether this caller may see what the ledger holds about another caller. */
        boolean seesEveryone(boolean authRequired) {
            return admin || (!authRequired && key == null);
        }
    }

    private final AuthConfig config;
    private final AdminCredential admin;
    private final CallerKeyStore store;
    private final CallerKeyAuthenticator keys;
    private final KeyRateLimiter rates;

    /** @param shared rate buckets shared with the other replicas (a PostgreSQL ledger), or null for this replica's own */
    AccessControl(AuthConfig config, AdminCredential admin, CallerKeyStore store, CallerKeyAuthenticator keys,
                  io.routewise.ledger.SharedRateBuckets shared) {
        this.rates = new KeyRateLimiter(java.time.Clock.systemUTC(), shared);
        this.config = config;
        this.admin = admin;
        this.store = store;
        this.keys = keys;
    }

    /** The caller keys, for {@code /admin/keys}. */
    CallerKeyStore store() {
        return store;
    }

    AuthConfig config() {
        return config;
    }

    AdminCredential admin() {
        return admin;
    }

    /** The caller a handler serves (set by {@link #check}). */
    static Caller caller(Context ctx) {
        Caller c = ctx.attribute(CALLER);
        return c == null ? Caller.ANONYMOUS : c;
    }

    /** Decides the caller, or answers 401/403 and returns false. */
    boolean check(Context ctx) {
        String path = ctx.path();
        // The dashboard's pages and scripts hold no data (they read /admin/dashboard/* with the admin credential).
        if (OPEN.contains(path) || "OPTIONS".equals(ctx.method().name()) || DashboardAssets.isAsset(path)) {
            return true;
        }
        String presented = presented(ctx);
        boolean adminOnly = path.startsWith("/admin/") || path.equals("/admin")
                || (path.equals("/metrics") && config.protectMetrics());
        if (adminOnly) {
            if (!admin.configured()) {
                return refuse(ctx, 403, "This endpoint needs the admin credential, and none is configured: set the "
                        + "environment variable " + config.adminKeyEnv() + " (or auth.admin_key_file) and restart.",
                        "admin_not_configured");
            }
            if (!admin.matches(presented)) {
                return refuse(ctx, 401, "This endpoint needs the admin credential (Authorization: Bearer ...).",
                        "invalid_admin_key");
            }
            ctx.attribute(CALLER, new Caller(true, null, null));
            return true;
        }
        if (admin.matches(presented)) {
            ctx.attribute(CALLER, new Caller(true, null, null));
            return true;
        }
        boolean looksLikeKey = presented != null && presented.strip().startsWith(KeySecrets.PREFIX);
        if (config.required() || looksLikeKey) {
            KeyCheck check = keys.check(presented);
            if (!check.valid()) {
                return refuse(ctx, 401, check.outcome().message() + ".", "invalid_api_key");
            }
            CallerKey key = check.key();
            if (key.rpm() != null) {
                long wait = rates.tryAcquire(key.id(), key.rpm());
                if (wait > 0) {
                    RouterHttp.sendError(ctx, new ApiError(429, "This API key allows " + key.rpm() + " requests per minute; "
                            + "retry in " + wait + " s.", "rate_limit_error", null, "rate_limit_exceeded", wait));
                    return false;
                }
            }
            ctx.attribute(CALLER, new Caller(false, key, key.ledgerId()));
            return true;
        }
        ctx.attribute(CALLER, new Caller(false, null, ApiKeyIds.of(presented)));
        return true;
    }

    /** The credential presented: {@code Authorization: Bearer ...}, else {@code x-api-key}. */
    static String presented(Context ctx) {
        String bearer = ChatCompletionsHandler.bearer(ctx.header("Authorization"));
        if (bearer != null) {
            return bearer;
        }
        String apiKey = ctx.header("x-api-key");
        return apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
    }

    private static boolean refuse(Context ctx, int status, String message, String code) {
        RouterHttp.sendError(ctx, new ApiError(status, message, status == 401 ? "authentication_error"
                : "permission_error", null, code, null));
        if (status == 401) {
            ctx.header("WWW-Authenticate", "Bearer");
        }
        return false;
    }

    /**
     * Takes a request's estimated tokens from its key's tokens-per-minute bucket.
     *
     * @return null when admitted (or the key has no such limit), else the 429 to send
     */
    ApiError admitTokens(Caller caller, int estimatedTokens) {
        CallerKey key = caller.key();
        if (key == null || key.tpm() == null) {
            return null;
        }
        long wait = rates.tryTake(key.id() + "/tokens", key.tpm(), estimatedTokens);
        return wait == 0 ? null : new ApiError(429, "This API key allows " + key.tpm() + " tokens per minute (this request "
                + "is estimated at " + estimatedTokens + "); retry in " + wait + " s.", "rate_limit_error", null,
                "rate_limit_exceeded", wait);
    }

    /**
     * Refuses a model the caller's key may not use ({@code auto} is always allowed: it chooses only among the
     * key's models).
     *
     * @throws ApiRefusal a 403 naming the models the key may use
     */
    static void checkModel(Caller caller, String model) {
        if (caller.key() != null && !"auto".equals(model) && !caller.key().allows(model)) {
            throw new ApiRefusal(modelForbidden(caller.key(), model));
        }
    }

    /** A 403 for a model this caller's key may not use. */
    static ApiError modelForbidden(CallerKey key, String model) {
        return new ApiError(403, "This API key may not use model '" + model + "'; it may use: "
                + String.join(", ", new java.util.TreeSet<>(key.models())) + ".", "permission_error", "model",
                "model_not_allowed", null);
    }
}
