package io.routewise.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.routewise.config.ModelConfig;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's HTTP surface: every route in one place, each handler a thin translation between
 * HTTP and the domain.
 */
public final class RouterHttp implements AutoCloseable {

    static final String REQUEST_ID = "routewise.request_id";
    /** Set when a handler has written its own error body, so the status-code mappers leave it alone. */
    private static final String ERROR_WRITTEN = "routewise.error_written";
    private static final Logger LOG = LoggerFactory.getLogger(RouterHttp.class);
    private static final ObjectMapper JSON = io.routewise.json.Json.MAPPER;

    private final Javalin app;
    /** Connections the operating system queues for the listener before the router accepts them. */
    static final int ACCEPT_QUEUE = 1024;

    RouterHttp(Gateway gw, BooleanSupplier ready, DashboardHandlers dashboard) {
        ChatCompletionsHandler chat = new ChatCompletionsHandler(gw, InboundApi.CHAT_COMPLETIONS);
        ChatCompletionsHandler messages = new ChatCompletionsHandler(gw, InboundApi.MESSAGES);
        ChatCompletionsHandler responses = new ChatCompletionsHandler(gw, InboundApi.RESPONSES);
        RouteHandler route = new RouteHandler(gw);
        // The server section needs a restart to change: read once.
        io.routewise.config.ServerConfig serverConfig = gw.serving().config().server();
        LedgerHandlers ledger = new LedgerHandlers(gw.ledger(), serverConfig.maxBodyBytes(), gw.access().config().required());
        KeyAdminHandlers keys = new KeyAdminHandlers(gw.access().store(), serverConfig.maxBodyBytes());
        ConfigAdminHandlers configs = new ConfigAdminHandlers(gw.reloader(), gw.state(), gw.ledger().ledger(),
                serverConfig.maxBodyBytes());
        BrowserGuard browsers = new BrowserGuard(serverConfig.corsOrigins());
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            // SSE must reach the client frame by frame; compression would buffer it.
            cfg.http.compressionStrategy = CompressionStrategy.NONE;
            cfg.http.maxRequestSize = serverConfig.maxBodyBytes();
            cfg.jetty.modifyServer(server -> {
                server.setStopTimeout(5_000);
                server.setErrorHandler(new JsonErrorHandler());
                // A burst of new connections (hundreds of clients at once) must queue, not be dropped: the
                // listen backlog otherwise defaults to 50, and connections past it failed with an empty reply.
                server.addEventListener(new org.eclipse.jetty.util.component.LifeCycle.Listener() {
                    @Override
                    public void lifeCycleStarting(org.eclipse.jetty.util.component.LifeCycle event) {
                        for (org.eclipse.jetty.server.Connector c : server.getConnectors()) {
                            if (c instanceof org.eclipse.jetty.server.ServerConnector sc) {
                                sc.setAcceptQueueSize(ACCEPT_QUEUE);
                            }
                        }
                    }
                });
            });
            cfg.routes.before(ctx -> {
                String id = RequestIds.resolve(ctx.header("x-request-id"), ctx.header("traceparent"));
                boolean callerChosen = ctx.header("x-request-id") != null || ctx.header("traceparent") != null;
                if (callerChosen && gw.ledger().knowsRequest(id)) {
                    id = RequestIds.generate(); // a caller-chosen id never names a second request in the ledger
                }
                ctx.attribute(REQUEST_ID, id);
                ctx.header("x-request-id", id);
                ApiError refusal = browsers.check(ctx);
                if (refusal != null) {
                    throw new Refused(refusal);
                }
                if (!gw.access().check(ctx)) {
                    throw new Refused(null);
                }
            });
            cfg.routes.options("/*", browsers::preflight);
            cfg.routes.post("/v1/chat/completions", chat);
            cfg.routes.post("/v1/messages", messages);
            cfg.routes.post("/v1/messages/count_tokens", new CountTokensHandler(gw));
            cfg.routes.post("/v1/responses", responses);
            cfg.routes.post("/v1/route", route);
            cfg.routes.get("/v1/spend", ledger::spend);
            cfg.routes.post("/v1/feedback", ledger::feedback);
            cfg.routes.get("/v1/models", ctx -> ctx.contentType("application/json").result(modelList(gw.serving())));
            cfg.routes.get("/v1/models/{id}", ctx -> {
                ModelConfig m = gw.serving().catalog().find(ctx.pathParam("id")).filter(ModelConfig::enabled).orElse(null);
                if (m == null && !"auto".equals(ctx.pathParam("id"))) {
                    sendError(ctx, new ApiError(404, "The model '" + ctx.pathParam("id") + "' does not exist in this "
                            + "router's catalog; GET /v1/models lists them.", "invalid_request_error", "model",
                            "model_not_found", null));
                    return;
                }
                ctx.contentType("application/json").result(JSON.writeValueAsBytes(m == null
                        ? modelObject("auto", "routewise") : modelObject(m.id(), m.provider())));
            });
            cfg.routes.get("/health", ctx -> ctx.json(java.util.Map.of("status", "ok")));
            cfg.routes.get("/ready", ctx -> {
                boolean ok = ready.getAsBoolean();
                Serving now = gw.serving();
                ctx.status(ok ? 200 : 503).contentType("application/json").result(JSON.writeValueAsBytes(
                        java.util.Map.of("status", ok ? "ready" : "not ready", "config_version",
                                String.valueOf(now.config().version()), "model_version",
                                now.engine().modelVersion())));
            });
            cfg.routes.get("/admin/config", configs::status);
            cfg.routes.post("/admin/config/reload", configs::reload);
            cfg.routes.post("/admin/config/canary", configs::canaryStart);
            cfg.routes.get("/admin/config/canary", configs::canaryStatus);
            cfg.routes.post("/admin/config/canary/promote", configs::canaryPromote);
            cfg.routes.post("/admin/config/canary/abort", configs::canaryAbort);
            cfg.routes.post("/admin/keys", keys::create);
            cfg.routes.get("/admin/keys", keys::list);
            cfg.routes.delete("/admin/keys/{name}", keys::revoke);
            cfg.routes.get("/admin/dashboard/spend", DashboardHandlers.guarded(dashboard::spend));
            cfg.routes.get("/admin/dashboard/routing", DashboardHandlers.guarded(dashboard::routing));
            cfg.routes.get("/admin/dashboard/providers", DashboardHandlers.guarded(dashboard::providers));
            cfg.routes.get("/admin/dashboard/quality", DashboardHandlers.guarded(dashboard::quality));
            cfg.routes.get("/admin/dashboard/reports/{file}", DashboardHandlers.guarded(dashboard::report));
            cfg.routes.get("/", ctx -> ctx.redirect("/ui/"));
            cfg.routes.get("/ui", DashboardAssets::serve); // "/ui/" too
            cfg.routes.get("/ui/{file}", DashboardAssets::serve);
            cfg.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(gw.metrics().scrape()));
            cfg.routes.error(404, ctx -> {
                if (ctx.attribute(ERROR_WRITTEN) == null) {
                    sendError(ctx, ApiError.notFound("No route " + ctx.method() + " " + ctx.path()
                            + "; see the README's HTTP API reference."));
                }
            });
            cfg.routes.error(405, ctx -> sendError(ctx, new ApiError(405, "Method " + ctx.method()
                    + " is not allowed on " + ctx.path() + ".", "invalid_request_error", null, "method_not_allowed", null)));
            cfg.routes.exception(Refused.class, (e, ctx) -> {
                if (e.error != null) {
                    sendError(ctx, e.error);
                }
            });
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                String id = ctx.attribute(REQUEST_ID);
                LOG.error("request {} failed unexpectedly", id, e);
                sendError(ctx, ApiError.internal(id));
            });
        });
    }

    /** Ends a request in the before-handler (its answer, when not yet written, is {@code error}). */
    private static final class Refused extends RuntimeException {
        final transient ApiError error;

        Refused(ApiError error) {
            super(null, null, false, false);
            this.error = error;
        }
    }

    static void sendError(Context ctx, ApiError error) {
        ctx.attribute(ERROR_WRITTEN, Boolean.TRUE);
        if (error.retryAfterSeconds() != null) {
            ctx.header("Retry-After", Long.toString(error.retryAfterSeconds()));
        }
        // Every error a route answers is in its API's shape (Anthropic's for /v1/messages, OpenAI's elsewhere).
        ctx.status(error.status()).contentType("application/json")
                .result(InboundApi.forPath(ctx.path()).errorBody(error).toString());
    }

    /** A model object as the OpenAI SDKs read it. */
    private static ObjectNode modelObject(String id, String ownedBy) {
        ObjectNode e = JSON.createObjectNode();
        e.put("id", id);
        e.put("object", "model");
        e.put("created", 0);
        e.put("owned_by", ownedBy);
        return e;
    }

    private static byte[] modelList(Serving gw) {
        ObjectNode root = JSON.createObjectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (ModelConfig m : gw.catalog().enabled()) {
            ObjectNode e = data.addObject();
            e.put("id", m.id());
            e.put("object", "model");
            e.put("created", 0);
            e.put("owned_by", m.provider());
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    RouterHttp start(String host, int port) {
        app.start(host, port);
        return this;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
