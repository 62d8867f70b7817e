package io.routewise.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.routewise.config.SimulationProfile;
import java.util.List;

/**
 * The simulator's control endpoints under {@code /_sim}, for tests and fault injection:
 * <ul>
 *   <li>{@code GET /_sim/models/<model>}: the behaviour a model has now</li>
 *   <li>{@code PUT /_sim/models/<model>}: replace it with a profile (snake_case JSON, like the config)</li>
 *   <li>{@code DELETE /_sim/models/<model>}: back to the configured behaviour</li>
 *   <li>{@code POST /_sim/references}: add reference answers ({@code {"prompt", "reference", "verbatim"}}, or an array)</li>
 *   <li>{@code DELETE /_sim/references}: forget them all</li>
 *   <li>{@code PUT /_sim/nonce}: set the run nonce ({@code {"nonce": "run-2"}})</li>
 *   <li>{@code GET /_sim/stats}, {@code DELETE /_sim/stats}: per-model counts, and clearing them</li>
 * </ul>
 */
final class ControlApi {

    private final Simulator simulator;

    ControlApi(Simulator simulator) {
        this.simulator = simulator;
    }

    void register(RoutesConfig routes) {
        routes.get("/_sim/models/<model>", this::getModel);
        routes.put("/_sim/models/<model>", this::putModel);
        routes.delete("/_sim/models/<model>", this::deleteModel);
        routes.post("/_sim/references", this::postReferences);
        routes.delete("/_sim/references", ctx -> {
            simulator.references().clear();
            ok(ctx, object().put("total", 0));
        });
        routes.put("/_sim/nonce", this::putNonce);
        routes.get("/_sim/stats", this::getStats);
        routes.delete("/_sim/stats", ctx -> {
            simulator.stats().clear();
            ok(ctx, object().put("cleared", true));
        });
    }

    private void getModel(Context ctx) {
        SimulatedModel model = simulator.model(ctx.pathParam("model"));
        ObjectNode body = object().put("model", model.name());
        body.set("profile", ProfileJson.MAPPER.valueToTree(model.profile()));
        if (model.forcedStatus() != null) {
            body.put("forced_status", model.forcedStatus());
        }
        ok(ctx, body);
    }

    private void putModel(Context ctx) {
        String model = ctx.pathParam("model");
        SimulationProfile profile;
        try {
            profile = ProfileJson.MAPPER.readValue(ctx.body(), SimulationProfile.class);
        } catch (JsonProcessingException e) {
            badRequest(ctx, "not a simulation profile: " + e.getOriginalMessage());
            return;
        }
        if (profile == null) {
            badRequest(ctx, "the body must be a simulation profile object, e.g. {\"error_rate\": 0.5}");
            return;
        }
        List<String> problems = ProfileJson.problems(profile);
        if (!problems.isEmpty()) {
            badRequest(ctx, String.join("; ", problems));
            return;
        }
        simulator.setProfile(model, profile);
        ObjectNode body = object().put("model", model);
        body.set("profile", ProfileJson.MAPPER.valueToTree(profile));
        ok(ctx, body);
    }

    private void deleteModel(Context ctx) {
        String model = ctx.pathParam("model");
        simulator.resetProfile(model);
        ok(ctx, object().put("model", model).put("reset", true));
    }

    private void postReferences(Context ctx) {
        int added;
        try {
            added = simulator.references().addJson(ProfileJson.MAPPER.readTree(ctx.body()));
        } catch (JsonProcessingException e) {
            badRequest(ctx, "the body is not valid JSON: " + e.getOriginalMessage());
            return;
        } catch (IllegalArgumentException e) {
            badRequest(ctx, e.getMessage());
            return;
        }
        ok(ctx, object().put("added", added).put("total", simulator.references().size()));
    }

    private void putNonce(Context ctx) {
        JsonNode nonce;
        try {
            nonce = ProfileJson.MAPPER.readTree(ctx.body()).get("nonce");
        } catch (JsonProcessingException e) {
            badRequest(ctx, "the body is not valid JSON: " + e.getOriginalMessage());
            return;
        }
        if (nonce == null || !nonce.isTextual()) {
            badRequest(ctx, "expected {\"nonce\": \"<text>\"}");
            return;
        }
        simulator.setRunNonce(nonce.asText());
        ok(ctx, object().put("nonce", simulator.runNonce()));
    }

    private void getStats(Context ctx) {
        ObjectNode body = object();
        body.set("models", ProfileJson.MAPPER.valueToTree(simulator.stats().snapshot()));
        ok(ctx, body);
    }

    private static ObjectNode object() {
        return ProfileJson.MAPPER.createObjectNode();
    }

    private static void ok(Context ctx, ObjectNode body) {
        ctx.status(200).contentType("application/json").result(body.toString());
    }

    private static void badRequest(Context ctx, String message) {
        ObjectNode body = object();
        body.putObject("error").put("type", "invalid_request_error").put("message", message);
        ctx.status(400).contentType("application/json").result(body.toString());
    }
}
