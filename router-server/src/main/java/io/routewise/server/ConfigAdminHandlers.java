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

    ConfigAdminHandlers(ConfigReloader reloader) {
        this.reloader = reloader;
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
            ApiError error = new ApiError(400, "The config was not applied; " + r.version() + " stays in force. "
                    + String.join(" | ", r.problems()), "invalid_request_error", null, "config_invalid", null);
            ObjectNode body = error.body();
            strings(((ObjectNode) body.get("error")).putArray("problems"), r.problems());
            ctx.status(400).contentType("application/json").result(body.toString());
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
