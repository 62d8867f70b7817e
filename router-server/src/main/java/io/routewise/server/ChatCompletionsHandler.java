package io.routewise.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.routewise.catalog.Requirements;
import io.routewise.chat.ChatRequest;
import io.routewise.chat.ChatResponse;
import io.routewise.chat.InvalidRequestException;
import io.routewise.chat.Message;
import io.routewise.chat.Role;
import io.routewise.chat.StreamEvent;
import io.routewise.chat.Usage;
import io.routewise.config.ModelConfig;
import io.routewise.dispatch.Attempt;
import io.routewise.dispatch.Attempts;
import io.routewise.dispatch.Completion;
import io.routewise.dispatch.AttemptAccounting;
import io.routewise.dispatch.DispatchException;
import io.routewise.dispatch.StreamObserver;
import io.routewise.policy.RouteDecision;
import io.routewise.providers.SseFrame;
import io.routewise.providers.StreamEncoder;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/chat/completions}: parse, pick the model chain, dispatch, render. Explicit model
 * names are served by that model and its configured fallbacks; {@code model: "auto"} by the
 * routing engine's choice, its fallbacks and the hot-standby models.
 */
final class ChatCompletionsHandler implements Handler {

    private static final Logger LOG = LoggerFactory.getLogger(ChatCompletionsHandler.class);
    private static final ObjectMapper JSON = io.routewise.json.Json.MAPPER;

    private final Gateway gw;

    ChatCompletionsHandler(Gateway gateway) {
        this.gw = gateway;
    }

    @Override
    public void handle(Context ctx) {
        gw.metrics().requestStarted();
        try {
            handle(ctx, System.nanoTime());
        } finally {
            gw.metrics().requestEnded();
        }
    }

    private void handle(Context ctx, long start) {
        String requestId = ctx.attribute(RouterHttp.REQUEST_ID);
        Outcome out = new Outcome();
        try {
            JsonNode body = RequestBodies.readJson(ctx, gw.config().server().maxBodyBytes());
            ChatRequest request = gw.clientWire().decodeRequest(body, null);
            request = request.withRouting(request.routing().orElse(RequestBodies.routingHeaders(ctx)));
            rejectSeveralChoices(request);
            out.requestedModel = request.model();
            out.stream = request.stream();
            if (gw.config().logging().logPrompts()) {
                out.prompt = lastUserText(request);
            }
            AccessControl.Caller caller = AccessControl.caller(ctx);
            if (caller.key() != null && !"auto".equals(request.model()) && !caller.key().allows(request.model())) {
                throw new CallerRefusal(AccessControl.modelForbidden(caller.key(), request.model()));
            }
            ApiError overTokens = gw.access().admitTokens(caller, io.routewise.catalog.Requirements.estimateInputTokens(request)
                    + (request.maxTokens() != null ? request.maxTokens() : gw.config().routing().expectedOutputTokens()));
            if (overTokens != null) {
                throw new CallerRefusal(overTokens);
            }
            if (caller.key() != null && !caller.key().models().isEmpty()) {
                // auto chooses among the models the key may use, not among all and then drops some.
                request = request.withRouting(request.routing().onlyModels(caller.key().models()));
            }
            List<ModelConfig> chain = "auto".equals(request.model())
                    ? route(request, requestId, out)
                    : withHotStandby(gw.catalog().chainFor(resolve(request.model()), Requirements.of(request)),
                    Requirements.of(request));
            if (caller.key() != null) {
                chain = allowedOnly(chain, caller);
            }
            out.accounting = new AttemptAccounting(gw.ledger().attempts(), requestId, caller.ledgerId(), out.decision,
                    gw.config().version());
            if (request.stream()) {
                stream(ctx, request, chain, start, out);
            } else {
                complete(ctx, request, chain, start, out);
            }
        } catch (BudgetRefusal e) {
            out.fail(e.error);
        } catch (CallerRefusal e) {
            out.fail(e.error);
        } catch (InvalidRequestException e) {
            out.fail(ApiError.of(e));
        } catch (DispatchException e) {
            out.attempts = e.attempts();
            if (e.afterFirstByte()) {
                out.status = 200;
                out.error = e.getMessage();
            } else if (out.accounting != null && out.accounting.onlyBudgetRefusals(e.attempts())) {
                out.fail(ApiError.budgetExceeded(out.accounting.refusals().stream().map(Throwable::getMessage).toList()));
            } else {
                out.fail(ApiError.of(e));
            }
        } catch (UncheckedIOException e) {
            // The client went away mid-stream; nothing can be sent any more.
            out.status = 499;
            out.error = "client disconnected: " + e.getCause().getMessage();
        }
        if (out.apiError != null) {
            RouterHttp.sendError(ctx, out.apiError);
        }
        finish(ctx, requestId, start, out);
    }

    /** A request this caller's key does not allow (a model it may not use, more tokens a minute than it has). */
    private static final class CallerRefusal extends RuntimeException {
        final transient ApiError error;

        CallerRefusal(ApiError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }
    }

    /**
     * The chain without models the caller's key may not use (for {@code auto}, the decision is made
     * over the whole catalog and a model the key excludes gives way to its allowed fallbacks); a 403
     * when none is left.
     */
    private static List<ModelConfig> allowedOnly(List<ModelConfig> chain, AccessControl.Caller caller) {
        List<ModelConfig> allowed = chain.stream().filter(m -> caller.key().allows(m.id())).toList();
        if (allowed.isEmpty()) {
            throw new CallerRefusal(AccessControl.modelForbidden(caller.key(), chain.isEmpty() ? "auto" : chain.get(0).id()));
        }
        return allowed;
    }

    /** One answer per request: every adapter and the router's own rendering return choice 0 only. */
    private static void rejectSeveralChoices(ChatRequest request) {
        JsonNode n = request.extra().get("n");
        if (n != null && !n.isNull() && !(n.canConvertToInt() && n.asInt() == 1)) {
            throw InvalidRequestException.badField("n", "Only n = 1 is supported: Routewise returns one choice per request.");
        }
    }

    /** The chain the routing engine chooses for {@code model: "auto"}; a 400 naming the reasons when there is none. */
    private List<ModelConfig> route(ChatRequest request, String requestId, Outcome out) {
        long decideStart = System.nanoTime();
        RouteDecision decision = gw.engine().decide(request, requestId, request.routing());
        gw.metrics().recordDecision(System.nanoTime() - decideStart);
        out.decision = decision;
        if (!decision.routed()) {
            List<String> why = decision.reasons().subList(1, decision.reasons().size());
            // Budget filters are asked only about models that could otherwise serve the request: one
            // budget exclusion means money, not the request, is what stands in the way.
            List<String> budgets = why.stream().filter(r -> r.contains(" excluded: budget ")).toList();
            if (!budgets.isEmpty()) {
                throw new BudgetRefusal(ApiError.budgetExceeded(budgets));
            }
            throw new InvalidRequestException(400, "No model in this router's catalog can serve this request: "
                    + (why.isEmpty() ? "no model is enabled" : String.join("; ", why))
                    + ". Relax the request (tools, response_format, images, max_tokens) or the routewise options, "
                    + "or name a model from GET /v1/models.", "model", "no_eligible_model");
        }
        return gw.engine().chain(decision, request, request.routing());
    }

    /**
     * A named model's chain: the model, its configured fallbacks, then the {@code routing.hot_standby}
     * models that can serve the request and are not in it yet.
     */
    private List<ModelConfig> withHotStandby(List<ModelConfig> chain, Requirements needs) {
        List<ModelConfig> all = new java.util.ArrayList<>(chain);
        for (String id : gw.config().routing().hotStandby()) {
            gw.catalog().find(id)
                    .filter(m -> m.enabled() && needs.unmetBy(m) == null && !all.contains(m))
                    .ifPresent(all::add);
        }
        return all;
    }

    private ModelConfig resolve(String modelId) {
        ModelConfig model = gw.catalog().find(modelId).orElseThrow(() -> new InvalidRequestException(404,
                "The model '" + modelId + "' does not exist in this router's catalog; GET /v1/models lists them.",
                "model", "model_not_found"));
        if (!model.enabled()) {
            throw new InvalidRequestException(404, "The model '" + modelId + "' is disabled in this router's config.",
                    "model", "model_not_found");
        }
        return model;
    }

    private void complete(Context ctx, ChatRequest request, List<ModelConfig> chain, long start, Outcome out)
            throws DispatchException {
        Completion done = gw.dispatcher().complete(request, chain, out.accounting);
        ModelConfig served = done.model();
        out.served(served, done.attempts(), done.upstreamNanos());
        ChatResponse response = done.response().withModel(served.id());
        out.usage = response.usage();
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(gw.clientWire().encodeResponse(response));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        routingHeaders(ctx.res(), served, done.attempts(), start, done.upstreamNanos());
        ctx.status(200).contentType("application/json").result(bytes);
        out.status = 200;
    }

    private void stream(Context ctx, ChatRequest request, List<ModelConfig> chain, long start, Outcome out)
            throws DispatchException {
        HttpServletResponse res = ctx.res();
        String responseId = "chatcmpl-" + ctx.attribute(RouterHttp.REQUEST_ID);
        long created = System.currentTimeMillis() / 1000;
        StreamEncoder[] encoder = new StreamEncoder[1];
        StreamObserver observer = new StreamObserver() {
            @Override
            public void begin(ModelConfig model, List<Attempt> failedBefore, long upstreamNanos) {
                res.setStatus(200);
                res.setContentType("text/event-stream");
                res.setCharacterEncoding("utf-8");
                res.setHeader("Cache-Control", "no-cache");
                res.setHeader("X-Accel-Buffering", "no");
                out.model = model.id();
                out.provider = model.provider();
                routingHeaders(res, model, failedBefore, start, upstreamNanos);
                encoder[0] = gw.clientWire().newStreamEncoder(responseId, model.id(), created, request.includeUsage());
                write(res, encoder[0].start());
            }

            @Override
            public void onEvent(StreamEvent event) {
                if (event instanceof StreamEvent.UsageReport u) {
                    out.usage = u.usage();
                }
                write(res, encoder[0].encode(event));
            }
        };
        try {
            List<Attempt> attempts = gw.dispatcher().stream(request, chain, observer, out.accounting);
            out.attempts = attempts;
            write(res, encoder[0].end());
            out.status = 200;
            out.upstreamNanos = sumNanos(attempts);
        } catch (DispatchException e) {
            out.upstreamNanos = sumNanos(e.attempts());
            if (e.afterFirstByte()) {
                // Never end a failed stream cleanly: send an error event and close without [DONE].
                ApiError error = ApiError.of(e);
                write(res, List.of(SseFrame.data(error.body().toString())));
            }
            throw e;
        }
    }

    private static void write(HttpServletResponse res, List<SseFrame> frames) {
        if (frames.isEmpty()) {
            return;
        }
        try {
            ServletOutputStream os = res.getOutputStream();
            for (SseFrame f : frames) {
                os.write(f.render().getBytes(StandardCharsets.UTF_8));
            }
            os.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The x-routewise-* headers; {@code x-routewise-fallbacks} lists the models that failed or were skipped
     * before the one that answered, {@code x-routewise-retries} counts repeated calls to one model.
     */
    private static void routingHeaders(HttpServletResponse res, ModelConfig served, List<Attempt> attempts, long start,
                                       long upstreamNanos) {
        res.setHeader("x-routewise-model", served.id());
        res.setHeader("x-routewise-provider", served.provider());
        long overhead = Math.max(0, System.nanoTime() - start - upstreamNanos);
        res.setHeader("x-routewise-overhead-ms", formatMs(overhead));
        List<String> failed = Attempts.fallbackModels(attempts, served.id());
        if (!failed.isEmpty()) {
            res.setHeader("x-routewise-fallbacks", String.join(",", failed));
        }
        int retries = Attempts.retries(attempts);
        if (retries > 0) {
            res.setHeader("x-routewise-retries", Integer.toString(retries));
        }
    }

    private void finish(Context ctx, String requestId, long start, Outcome out) {
        long total = System.nanoTime() - start;
        long overhead = Math.max(0, total - out.upstreamNanos);
        String model = out.model == null ? "none" : out.model;
        String provider = out.provider == null ? "none" : out.provider;
        gw.metrics().recordRequest(model, provider, out.status, out.stream, total, overhead);
        if (out.attempts != null) {
            gw.metrics().recordAttempts(out.attempts, out.model);
        }
        if (out.usage != null) {
            gw.metrics().recordTokens(model, provider, out.usage.inputTokens(), out.usage.outputTokens());
        }
        gw.log().write(new RequestLog.Entry(requestId, ctx.path(), out.status, out.requestedModel, out.model,
                out.provider, out.stream, out.attempts, out.usage == null ? null : out.usage.inputTokens(),
                out.usage == null ? null : out.usage.outputTokens(), total / 1e6, overhead / 1e6, out.error,
                gw.config().version(), out.prompt, out.decision,
                out.accounting == null ? null : out.accounting.costUsd()));
        if (out.status >= 500 && out.apiError == null) {
            LOG.warn("request {} ended with status {}: {}", requestId, out.status, out.error);
        }
    }

    private static long sumNanos(List<Attempt> attempts) {
        long sum = 0;
        for (Attempt a : attempts) {
            sum += a.nanos();
        }
        return sum;
    }

    static String formatMs(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.3f", nanos / 1e6);
    }

    /** The token of an {@code Authorization: Bearer ...} header, or null; only ever hashed, never kept. */
    static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String v = authorization.strip();
        return v.regionMatches(true, 0, "Bearer ", 0, 7) ? v.substring(7).strip() : null;
    }

    private static String lastUserText(ChatRequest request) {
        List<Message> messages = request.messages();
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role() == Role.USER) {
                return messages.get(i).text();
            }
        }
        return null;
    }

    /** {@code model: "auto"} found no candidate because budgets excluded the ones that could serve. */
    private static final class BudgetRefusal extends RuntimeException {
        final transient ApiError error;

        BudgetRefusal(ApiError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }
    }

    /** What the log line and the metrics say about one request; filled in as it goes. */
    private static final class Outcome {
        int status = 500;
        String requestedModel;
        String model;
        String provider;
        boolean stream;
        List<Attempt> attempts;
        long upstreamNanos;
        Usage usage;
        String error;
        String prompt;
        ApiError apiError;
        RouteDecision decision;
        AttemptAccounting accounting;

        void served(ModelConfig m, List<Attempt> all, long upstream) {
            model = m.id();
            provider = m.provider();
            attempts = all;
            upstreamNanos = upstream;
        }

        void fail(ApiError e) {
            apiError = e;
            status = e.status();
            error = e.message();
        }
    }
}
