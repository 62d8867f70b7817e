package io.routewise.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.routewise.config.ProviderKind;
import io.routewise.config.SimulationProfile;
import io.routewise.json.Json;
import io.routewise.providers.ApiCodec;
import io.routewise.providers.WireFormats;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * An HTTP server that impersonates LLM providers, so the router's tests, demo and benchmarks
 * run with no network. It speaks three wire formats, each through that format's
 * {@link ApiCodec} server side:
 * <ul>
 *   <li>OpenAI: {@code POST /v1/chat/completions}, {@code GET /v1/models}</li>
 *   <li>Anthropic: {@code POST /v1/messages}</li>
 *   <li>Gemini: {@code POST /v1beta/models/{model}:generateContent} and
 *       {@code :streamGenerateContent} (server-sent events)</li>
 * </ul>
 * plus {@code GET /health} and the {@link ControlApi /_sim control API}. Each model behaves as
 * its {@link SimulationProfile} says (latency, errors, outages, answer quality); see
 * {@link Simulator} and {@link ModelSteering}. API keys are accepted and ignored.
 *
 * <pre>{@code
 * try (SimulatorServer sim = new SimulatorServer(Map.of("gpt-4o-mini", profile), 42).start("127.0.0.1", 0)) {
 *     URI base = URI.create(sim.baseUrl() + "/v1");
 * }
 * }</pre>
 */
public final class SimulatorServer implements AutoCloseable {

    /** Enough threads for hundreds of concurrent paced streams; timed-out requests hold none. */
    private static final int MAX_THREADS = 512;
    /** Anthropic accepts requests up to 32 MB; allow the same and more. */
    private static final long MAX_REQUEST_BYTES = 64L * 1024 * 1024;

    private final Simulator simulator;
    private final Map<ProviderKind, ApiCodec> wires;
    private Javalin app;
    private HeldRequests held;
    private String host;

    /**
     * A simulator for these models, speaking every wire format the router knows.
     *
     * @param profiles behaviour by upstream model name; other names get the default profile
     * @param seed     makes answers and fault draws reproducible
     */
    public SimulatorServer(Map<String, SimulationProfile> profiles, long seed) {
        this(new Simulator(profiles, seed), defaultWires());
    }

    /**
     * @param wires the formats to serve, by kind ({@code OPENAI}, {@code ANTHROPIC}, {@code GEMINI});
     *              the routes of a missing kind answer 404
     */
    public SimulatorServer(Simulator simulator, Map<ProviderKind, ApiCodec> wires) {
        this.simulator = simulator;
        this.wires = Map.copyOf(wires);
    }

    /** The wire formats available in router-core, by kind. */
    public static Map<ProviderKind, ApiCodec> defaultWires() {
        Map<ProviderKind, ApiCodec> wires = new EnumMap<>(ProviderKind.class);
        for (ProviderKind kind : new ProviderKind[] {ProviderKind.OPENAI, ProviderKind.ANTHROPIC, ProviderKind.GEMINI}) {
            wires.put(kind, WireFormats.server(kind));
        }
        return wires;
    }

    /**
     * Starts listening; scheduled outages count from now.
     *
     * @param port the port, or 0 for any free one (see {@link #port()})
     * @throws IllegalStateException when already started
     */
    public synchronized SimulatorServer start(String host, int port) {
        if (app != null) {
            throw new IllegalStateException("the simulator is already running on port " + port());
        }
        HeldRequests newHeld = new HeldRequests();
        Javalin newApp = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.compressionStrategy = CompressionStrategy.NONE;
            // Javalin's 1 MB default would turn long contexts and inline images into 413s.
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 8);
            threads.setName("simulator");
            config.jetty.threadPool = threads;
            routes(config.routes, newHeld);
        });
        try {
            newApp.start(host, port);
        } catch (RuntimeException e) {
            newHeld.releaseAll();
            throw new IllegalStateException("the simulator could not listen on " + host + ":" + port + ": "
                    + e.getMessage(), e);
        }
        // A held ("timed out") request must outlast any client timeout, so idle connections may too.
        for (Connector connector : newApp.jettyServer().server().getConnectors()) {
            if (connector instanceof ServerConnector sc) {
                sc.setIdleTimeout(HeldRequests.HOLD.toMillis() + 60_000);
            }
        }
        simulator.restartClock();
        this.held = newHeld;
        this.host = host;
        this.app = newApp;
        return this;
    }

    /** The port it listens on (the real one when started with port 0). */
    public synchronized int port() {
        if (app == null) {
            throw new IllegalStateException("the simulator is not running");
        }
        return app.port();
    }

    /** {@code http://host:port}, with a wildcard host replaced by the loopback address. */
    public synchronized String baseUrl() {
        String h = host == null || host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        return "http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port();
    }

    public synchronized boolean isRunning() {
        return app != null;
    }

    /** Stops listening, first letting go of every held (timed-out) request. Idempotent. */
    public synchronized void stop() {
        if (app == null) {
            return;
        }
        held.releaseAll();
        app.stop();
        app = null;
        held = null;
    }

    @Override
    public void close() {
        stop();
    }

    // ---- control, as Java methods (the same as the /_sim endpoints) ---------------------------

    /** Replaces a model's behaviour at runtime (name markers no longer apply to it). */
    public void setProfile(String model, SimulationProfile profile) {
        List<String> problems = ProfileJson.problems(profile);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid simulation profile for '" + model + "': "
                    + String.join("; ", problems));
        }
        simulator.setProfile(model, profile);
    }

    /** Returns a model to its configured behaviour. */
    public void resetProfile(String model) {
        simulator.resetProfile(model);
    }

    public ReferenceAnswers references() {
        return simulator.references();
    }

    public void setRunNonce(String nonce) {
        simulator.setRunNonce(nonce);
    }

    public SimulatorStats stats() {
        return simulator.stats();
    }

    public Simulator simulator() {
        return simulator;
    }

    // ---- routes -------------------------------------------------------------------------------

    private void routes(RoutesConfig routes, HeldRequests heldRequests) {
        ApiCodec openAi = wires.get(ProviderKind.OPENAI);
        if (openAi != null) {
            ChatHandler chat = new ChatHandler(openAi, simulator, heldRequests);
            routes.post("/v1/chat/completions", ctx -> chat.handle(ctx, null, null));
        }
        ApiCodec anthropic = wires.get(ProviderKind.ANTHROPIC);
        if (anthropic != null) {
            ChatHandler messages = new ChatHandler(anthropic, simulator, heldRequests);
            routes.post("/v1/messages", ctx -> messages.handle(ctx, null, null));
        }
        ApiCodec gemini = wires.get(ProviderKind.GEMINI);
        if (gemini != null) {
            ChatHandler generate = new ChatHandler(gemini, simulator, heldRequests);
            routes.post("/v1beta/models/{spec}", ctx -> geminiCall(ctx, generate, gemini));
        }
        routes.get("/v1/models", this::listModels);
        routes.get("/health", ctx -> ctx.contentType("application/json").result("{\"status\":\"ok\"}"));
        routes.before("/_sim/*", this::checkControlCredential);
        new ControlApi(simulator).register(routes);
    }

    /**
     * Puts {@code /_sim/*} behind a credential (the router's admin credential, when the router runs the
     * simulator): a request passes when {@code accepts} accepts its {@code Authorization: Bearer} value.
     * Without a call (the standalone {@code routewise simulate} on loopback) it stays open.
     */
    public synchronized SimulatorServer requireControlCredential(java.util.function.Predicate<String> accepts) {
        this.controlCheck = accepts;
        return this;
    }

    private volatile java.util.function.Predicate<String> controlCheck;

    private void checkControlCredential(Context ctx) {
        java.util.function.Predicate<String> check = controlCheck;
        if (check == null) {
            return;
        }
        String auth = ctx.header("Authorization");
        String presented = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).strip() : null;
        if (presented == null || !check.test(presented)) {
            throw new io.javalin.http.UnauthorizedResponse("the simulator's control API needs the router's admin "
                    + "credential (Authorization: Bearer ...); without one configured it is off");
        }
    }

    /** {@code <model>:generateContent} or {@code <model>:streamGenerateContent}; the colon is in one path segment. */
    private static void geminiCall(Context ctx, ChatHandler handler, ApiCodec gemini) {
        String spec = ctx.pathParam("spec");
        int colon = spec.lastIndexOf(':');
        String method = colon < 0 ? "" : spec.substring(colon + 1);
        String model = colon < 0 ? spec : spec.substring(0, colon);
        switch (method) {
            case "generateContent" -> handler.handle(ctx, model, false);
            case "streamGenerateContent" -> handler.handle(ctx, model, true);
            default -> {
                String message = "Unknown method '" + method + "': expected models/{model}:generateContent or "
                        + ":streamGenerateContent.";
                ctx.status(404).contentType("application/json")
                        .result(gemini.encodeError(404, "not_found_error", message).toString());
            }
        }
    }

    private void listModels(Context ctx) {
        ObjectNode body = Json.object();
        body.put("object", "list");
        ArrayNode data = body.putArray("data");
        for (String name : simulator.modelNames()) {
            data.addObject().put("id", name).put("object", "model").put("created", 0)
                    .put("owned_by", "routewise-simulator");
        }
        ctx.contentType("application/json").result(body.toString());
    }
}
