package io.routewise.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.routewise.chat.ChatRequest;
import io.routewise.chat.ChatResponse;
import io.routewise.chat.InvalidRequestException;
import io.routewise.chat.Message;
import io.routewise.chat.Role;
import io.routewise.chat.RoutingOptions;
import io.routewise.chat.StreamEvent;
import io.routewise.chat.Usage;
import io.routewise.config.ModelConfig;
import io.routewise.dispatch.Attempt;
import io.routewise.dispatch.AttemptAccounting;
import io.routewise.dispatch.Attempts;
import io.routewise.dispatch.Completion;
import io.routewise.dispatch.DispatchException;
import io.routewise.dispatch.StreamObserver;
import io.routewise.policy.Chain;
import io.routewise.policy.ChainPlanner;
import io.routewise.policy.RouteDecision;
import io.routewise.providers.SseFrame;
import io.routewise.providers.StreamEncoder;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code POST /v1/chat/completions}: parse, plan, dispatch, render. The {@link ChainPlanner} decides
 * which models the request tries (the routing engine's choice for {@code model: "auto"}, the named
 * model and its fallbacks otherwise, then the hot standby); the dispatcher tries them; every way of
 * failing becomes an HTTP answer in {@link ApiFailures}; one log line and the metrics close the request.
 */
final class ChatCompletionsHandler implements Handler {

    private static final ObjectMapper JSON = io.routewise.json.Json.MAPPER;

    private final Gateway gw;
    private final InboundApi api;

    /** The handler of one inbound API ({@link InboundApi#CHAT_COMPLETIONS}, {@link InboundApi#MESSAGES}). */
    ChatCompletionsHandler(Gateway gateway, InboundApi api) {
        this.gw = gateway;
        this.api = api;
    }

    /** What the request asked for, once parsed. */
    private record Inbound(ChatRequest request, String prompt) {
    }

    /** A request that got an answer (whole, or a stream that may have broken after its first byte). */
    private record Served(ModelConfig model, List<Attempt> attempts, long upstreamNanos, Usage usage, String brokenStream) {
    }

    @Override
    public void handle(Context ctx) throws Exception {
        gw.metrics().requestStarted();
        long start = System.nanoTime();
        String requestId = ctx.attribute(RouterHttp.REQUEST_ID);
        // One snapshot for the whole request (a canary's for its share): a reload meanwhile does not reach it.
        Serving s = gw.servingFor(requestId, AccessControl.caller(ctx));
        Inbound in = null;
        ChainPlanner.Plan plan = null;
        AttemptAccounting accounting = null;
        try {
            in = parse(ctx, s);
            AccessControl.Caller caller = AccessControl.caller(ctx);
            ChatRequest request = admit(caller, in.request(), s);
            plan = plan(request, requestId, s);
            accounting = new AttemptAccounting(gw.ledger().attempts(), requestId, caller.ledgerId(), plan.decision(),
                    s.config().version());
            Served served = request.stream() ? stream(ctx, request, plan.chain(), accounting, start, s)
                    : complete(ctx, request, plan.chain(), accounting, start, s);
            finish(ctx, requestId, start, in, plan.decision(), accounting, served, null, s);
        } catch (Exception e) {
            ApiFailures.Failure failure = ApiFailures.of(e, accounting);
            if (failure == null) {
                throw e;
            }
            if (failure.reply() != null) {
                RouterHttp.sendError(ctx, failure.reply());
            }
            finish(ctx, requestId, start, in, plan != null ? plan.decision() : failure.decision(), accounting, null, failure,
                    s);
        } finally {
            gw.metrics().requestEnded();
        }
    }

    private Inbound parse(Context ctx, Serving s) {
        JsonNode body = RequestBodies.readJson(ctx, s.config().server().maxBodyBytes());
        ChatRequest request = api.codec().decodeRequest(body, null);
        request = request.withRouting(request.routing().orElse(RequestBodies.routingHeaders(ctx)));
        rejectSeveralChoices(request);
        return new Inbound(request, s.config().logging().logPrompts() ? lastUserText(request) : null);
    }

    /**
     * The request as this caller may make it: a named model its key allows, within its token rate, and
     * (for {@code auto} and every fallback) only the models the key may use.
     */
    private ChatRequest admit(AccessControl.Caller caller, ChatRequest request, Serving s) {
        if (caller.key() == null) {
            return request;
        }
        AccessControl.checkModel(caller, request.model());
        ApiError overTokens = gw.access().admitTokens(caller, io.routewise.catalog.Requirements.estimateInputTokens(request)
                + (request.maxTokens() != null ? request.maxTokens() : s.config().routing().expectedOutputTokens()));
        if (overTokens != null) {
            throw new ApiRefusal(overTokens);
        }
        // Routing rules may name the caller's key; auto chooses only among the models it may use.
        RoutingOptions routing = request.routing().forCaller(caller.key().name());
        return request.withRouting(caller.key().models().isEmpty() ? routing : routing.onlyModels(caller.key().models()));
    }

    private ChainPlanner.Plan plan(ChatRequest request, String requestId, Serving s) {
        long decideStart = System.nanoTime();
        ChainPlanner.Plan plan;
        try {
            plan = s.planner().plan(request, requestId);
        } finally {
            if ("auto".equals(request.model())) {
                gw.metrics().recordDecision(System.nanoTime() - decideStart);
            }
        }
        return plan;
    }

    /** One answer per request: every adapter and the router's own rendering return choice 0 only. */
    private static void rejectSeveralChoices(ChatRequest request) {
        JsonNode n = request.extra().get("n");
        if (n != null && !n.isNull() && !(n.canConvertToInt() && n.asInt() == 1)) {
            throw InvalidRequestException.badField("n", "Only n = 1 is supported: Routewise returns one choice per request.");
        }
    }

    private Served complete(Context ctx, ChatRequest request, Chain chain, AttemptAccounting accounting, long start,
                            Serving s) throws DispatchException {
        Completion done = s.dispatcher().complete(request, chain, accounting);
        ModelConfig served = done.model();
        ChatResponse response = done.response().withModel(served.id());
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(api.codec().encodeResponse(response));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        routingHeaders(ctx.res(), served, done.attempts(), start, done.upstreamNanos());
        ctx.status(200).contentType("application/json").result(bytes);
        return new Served(served, done.attempts(), done.upstreamNanos(), response.usage(), null);
    }

    /** What a stream's observer learns as the answer goes out. */
    private static final class StreamTap {
        ModelConfig model;
        Usage usage;
        StreamEncoder encoder;
    }

    private Served stream(Context ctx, ChatRequest request, Chain chain, AttemptAccounting accounting, long start,
                          Serving s) throws DispatchException {
        HttpServletResponse res = ctx.res();
        String responseId = api.idPrefix() + ctx.attribute(RouterHttp.REQUEST_ID);
        long created = System.currentTimeMillis() / 1000;
        StreamTap tap = new StreamTap();
        StreamObserver observer = new StreamObserver() {
            @Override
            public void begin(ModelConfig model, List<Attempt> failedBefore, long upstreamNanos) {
                res.setStatus(200);
                res.setContentType("text/event-stream");
                res.setCharacterEncoding("utf-8");
                res.setHeader("Cache-Control", "no-cache");
                res.setHeader("X-Accel-Buffering", "no");
                tap.model = model;
                routingHeaders(res, model, failedBefore, start, upstreamNanos);
                tap.encoder = api.codec().newStreamEncoder(responseId, model.id(), created, request.includeUsage());
                write(res, tap.encoder.start());
            }

            @Override
            public void onEvent(StreamEvent event) {
                if (event instanceof StreamEvent.UsageReport u) {
                    tap.usage = u.usage();
                }
                write(res, tap.encoder.encode(event));
            }
        };
        try {
            List<Attempt> attempts = s.dispatcher().stream(request, chain, observer, accounting);
            write(res, tap.encoder.end());
            return new Served(tap.model, attempts, ApiFailures.upstreamNanos(attempts), tap.usage, null);
        } catch (DispatchException e) {
            if (!e.afterFirstByte()) {
                throw e;
            }
            // Never end a failed stream cleanly: send the API's error event and close without its end frames.
            write(res, tap.encoder.fail(api.errorBody(ApiError.of(e))));
            return new Served(tap.model, e.attempts(), ApiFailures.upstreamNanos(e.attempts()), tap.usage, e.getMessage());
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

    /** The request's log line and metrics, whether it was served ({@code served}) or failed ({@code failure}). */
    private void finish(Context ctx, String requestId, long start, Inbound in, RouteDecision decision,
                        AttemptAccounting accounting, Served served, ApiFailures.Failure failure, Serving s) {
        long total = System.nanoTime() - start;
        List<Attempt> attempts = served != null ? served.attempts() : failure.attempts();
        long upstream = served != null ? served.upstreamNanos() : failure.upstreamNanos();
        long overhead = Math.max(0, total - upstream);
        ModelConfig model = served == null ? null : served.model();
        Usage usage = served == null ? null : served.usage();
        int status = served != null ? 200 : failure.status();
        gw.reloader().recordOutcome(s, status);
        String modelId = model == null ? "none" : model.id();
        String provider = model == null ? "none" : model.provider();
        boolean stream = in != null && in.request().stream();
        gw.metrics().recordRequest(modelId, provider, status, stream, total, overhead);
        if (attempts != null) {
            gw.metrics().recordAttempts(attempts, model == null ? null : model.id());
        }
        if (usage != null) {
            gw.metrics().recordTokens(modelId, provider, usage.inputTokens(), usage.outputTokens());
        }
        if (decision != null) {
            gw.metrics().recordSetAside(decision.setAside());
        }
        if (accounting != null) {
            gw.metrics().recordCost(modelId, provider, accounting.costUsd());
        }
        RequestLog.Entry entry = new RequestLog.Entry(requestId, ctx.path(), status,
                in == null ? RequestLog.Asked.UNKNOWN : new RequestLog.Asked(in.request().model(), stream, in.prompt()),
                new RequestLog.Answered(model == null ? null : model.id(), model == null ? null : model.provider(), attempts,
                        usage, accounting == null ? null : accounting.costUsd()),
                total / 1e6, overhead / 1e6, served != null ? served.brokenStream() : failure.error(),
                s.config().version(), decision);
        gw.log().write(entry);
        gw.decisions().record(entry, java.time.Instant.now());
    }

    /**
     * Milliseconds with three decimals, as {@code String.format("%.3f", nanos / 1e6)} writes them, without the
     * formatter: it was 4.6 % of the router's CPU on the passthrough path (JFR, scripts/bench-overhead's request).
     */
    static String formatMs(long nanos) {
        if (nanos < 0) {
            return String.format(java.util.Locale.ROOT, "%.3f", nanos / 1e6); // a clock that ran backwards
        }
        long micros = nanos / 1_000 + (nanos % 1_000 >= 500 ? 1 : 0); // half up, as the formatter rounds
        long fraction = micros % 1_000;
        StringBuilder out = new StringBuilder(24).append(micros / 1_000).append('.');
        if (fraction < 100) {
            out.append(fraction < 10 ? "00" : "0");
        }
        return out.append(fraction).toString();
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
}
