package io.routewise.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.routewise.json.Json;
import java.util.List;

/**
 * {@code GET /admin/config} (the version in force, where it came from, the last refused reload with its
 * problems, what needs a restart) and {@code POST /admin/config/reload}. Admin credential only.
 */
final class ConfigAdminHandlers {

    private final ConfigReloader reloader;
    private final ServingState serving;
    private final io.routewise.ledger.ConfigComparison comparison;
    private final long maxBodyBytes;

    ConfigAdminHandlers(ConfigReloader reloader, ServingState serving, io.routewise.ledger.Ledger ledger, long maxBodyBytes) {
        this.reloader = reloader;
        this.serving = serving;
        this.comparison = new io.routewise.ledger.ConfigComparison(ledger);
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * {@code POST /admin/config/canary}: {@code {"config": "<the YAML text>", "percent": 10, "by": "request" | "key",
     * "abort_error_margin": 0.05, "min_requests": 200}}.
     */
    void canaryStart(Context ctx) {
        com.fasterxml.jackson.databind.JsonNode body = RequestBodies.readJson(ctx, maxBodyBytes);
        Canary.Settings settings;
        String text;
        try {
            com.fasterxml.jackson.databind.JsonNode config = body.get("config");
            if (config == null || !config.isTextual() || config.asText().isBlank()) {
                throw new IllegalArgumentException("config: the candidate config's YAML text is required");
            }
            text = config.asText();
            com.fasterxml.jackson.databind.JsonNode percent = body.get("percent");
            if (percent == null || !percent.isNumber()) {
                throw new IllegalArgumentException("percent: a number in (0, 100] is required");
            }
            settings = new Canary.Settings(percent.asDouble(), Canary.By.parse(body.path("by").asText("request")),
                    body.path("abort_error_margin").asDouble(0.05), body.path("min_requests").asLong(200));
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            int colon = message.indexOf(':');
            RouterHttp.sendError(ctx, ApiError.badParam(colon > 0 ? message.substring(0, colon) : null, message));
            return;
        }
        ConfigReloader.Result r = reloader.startCanary(text, settings);
        if (r.status() == ConfigReloader.Status.REFUSED) {
            refused(ctx, "The canary was not started", r);
            return;
        }
        ctx.status(201).contentType("application/json").result(canaryJson().toString());
    }

    /** {@code GET /admin/config/canary}: the split, live counts and the ledger's side-by-side figures. */
    void canaryStatus(Context ctx) {
        ctx.contentType("application/json").result(canaryJson().toString());
    }

    void canaryPromote(Context ctx) {
        ConfigReloader.Result r = reloader.promoteCanary();
        if (r.status() == ConfigReloader.Status.REFUSED) {
            refused(ctx, "The canary was not promoted", r);
            return;
        }
        ctx.contentType("application/json").result(json(r).toString());
    }

    void canaryAbort(Context ctx) {
        if (!reloader.abortCanary("aborted by the admin API")) {
            RouterHttp.sendError(ctx, new ApiError(409, "No canary is running.", "invalid_request_error", null,
                    "no_canary", null));
            return;
        }
        ctx.contentType("application/json").result(canaryJson().toString());
    }

    private ObjectNode canaryJson() {
        ObjectNode out = Json.object();
        Canary c = serving.canary();
        out.put("active", c != null);
        if (c == null) {
            out.put("last_end", reloader.lastCanaryEnd());
            out.put("stable_version", serving.current().config().version());
            return out;
        }
        out.put("stable_version", c.stableVersion);
        out.put("candidate_version", c.candidate.config().version());
        out.put("percent", c.settings.percent());
        out.put("by", c.settings.by().name().toLowerCase(java.util.Locale.ROOT));
        out.put("started_at", c.started.toString());
        out.put("abort_error_margin", c.settings.abortMargin());
        out.put("min_requests", c.settings.minRequests());
        ObjectNode live = out.putObject("live");
        live.set("stable", side(c.stable));
        live.set("candidate", side(c.canary));
        ObjectNode ledger = out.putObject("ledger");
        ledger.set("stable", figures(comparison.figures(c.stableVersion, c.started)));
        ledger.set("candidate", figures(comparison.figures(c.candidate.config().version(), c.started)));
        return out;
    }

    private static ObjectNode side(Canary.Side side) {
        ObjectNode out = Json.object();
        out.put("requests", side.requests.get());
        out.put("errors", side.errors.get());
        out.put("error_rate", side.errorRate());
        return out;
    }

    private static ObjectNode figures(io.routewise.ledger.ConfigComparison.Figures f) {
        ObjectNode out = Json.object();
        out.put("config_version", f.configVersion());
        out.put("requests", f.requests());
        out.put("succeeded", f.succeeded());
        out.put("error_rate", f.errorRate());
        out.put("fallback_share", f.fallbackShare());
        if (f.p50LatencyMs() == null) {
            out.putNull("p50_latency_ms");
            out.putNull("p95_latency_ms");
        } else {
            out.put("p50_latency_ms", f.p50LatencyMs());
            out.put("p95_latency_ms", f.p95LatencyMs());
        }
        out.put("cost_per_success_usd", f.costPerSuccessUsd());
        ObjectNode mix = out.putObject("served_by");
        f.servedBy().forEach(mix::put);
        return out;
    }

    private static void refused(Context ctx, String what, ConfigReloader.Result r) {
        ApiError error = new ApiError(400, what + "; " + r.version() + " stays in force. " + String.join(" | ", r.problems()),
                "invalid_request_error", null, "config_invalid", null);
        ObjectNode body = error.body();
        strings(((ObjectNode) body.get("error")).putArray("problems"), r.problems());
        ctx.status(400).contentType("application/json").result(body.toString());
    }

    void status(Context ctx) {
        ObjectNode out = Json.object();
        ConfigReloader.Result applied = reloader.lastApplied();
        out.put("version", applied.version());
        out.put("file", reloader.file() == null ? null : reloader.file().toString());
        out.put("applied_at", applied.at().toString());
        out.put("source", applied.source());
        strings(out.putArray("restart_needed"), applied.restartNeeded());
        ConfigReloader.Result refused = reloader.lastRefused();
        if (refused == null) {
            out.putNull("last_refused");
        } else {
            out.set("last_refused", json(refused));
        }
        ctx.contentType("application/json").result(out.toString());
    }

    /** Reloads the file now: 200 when applied or unchanged, 400 naming every problem when refused. */
    void reload(Context ctx) {
        ConfigReloader.Result r = reloader.reload("admin");
        if (r.status() == ConfigReloader.Status.REFUSED) {
            refused(ctx, "The config was not applied", r);
            return;
        }
        ctx.contentType("application/json").result(json(r).toString());
    }

    static ObjectNode json(ConfigReloader.Result r) {
        ObjectNode out = Json.object();
        out.put("status", r.status().name().toLowerCase(java.util.Locale.ROOT));
        out.put("source", r.source());
        out.put("version", r.version());
        out.put("previous_version", r.previousVersion());
        out.put("candidate_version", r.candidate());
        out.put("at", r.at().toString());
        strings(out.putArray("problems"), r.problems());
        strings(out.putArray("restart_needed"), r.restartNeeded());
        return out;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
