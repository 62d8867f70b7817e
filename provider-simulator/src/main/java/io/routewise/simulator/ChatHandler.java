package io.routewise.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.routewise.chat.ChatRequest;
import io.routewise.chat.ChatResponse;
import io.routewise.chat.InvalidRequestException;
import io.routewise.chat.StreamEvent;
import io.routewise.config.ProviderKind;
import io.routewise.json.Json;
import io.routewise.providers.SseFrame;
import io.routewise.providers.StreamEncoder;
import io.routewise.providers.ApiCodec;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Acts out simulated chat requests in one wire format: reads the caller's request with the
 * format's server side, asks the {@link Simulator} for a plan, and answers, fails, stalls or
 * drops the connection accordingly. The hot path (no latency, no faults) does no logging and
 * no sleeping.
 */
final class ChatHandler {

    private static final String JSON_TYPE = "application/json";

    private final ApiCodec wire;
    private final Simulator simulator;
    private final HeldRequests held;
    private final String idPrefix;

    ChatHandler(ApiCodec wire, Simulator simulator, HeldRequests held) {
        this.wire = wire;
        this.simulator = simulator;
        this.held = held;
        this.idPrefix = wire.kind() == ProviderKind.OPENAI ? "chatcmpl-sim" : "sim";
    }

    /**
     * @param modelFromPath  the model named in the URL (Gemini), or null
     * @param streamFromPath whether the URL asks for a stream (Gemini), or null when the body says
     */
    void handle(Context ctx, String modelFromPath, Boolean streamFromPath) {
        ChatRequest request;
        String model = modelFromPath;
        try {
            JsonNode body = Json.MAPPER.readTree(ctx.bodyInputStream());
            if (body == null || !body.isObject()) {
                throw new InvalidRequestException(400, "The request body must be a JSON object.", null, "invalid_json");
            }
            if (model == null && body.path("model").isTextual()) {
                model = body.get("model").asText(); // for the stats of a request that fails to decode
            }
            request = wire.decodeRequest(body, modelFromPath);
        } catch (JsonProcessingException e) {
            simulator.stats().recordInvalid(modelFromPath);
            sendError(ctx, 400, "invalid_request_error",
                    "The request body is not valid JSON: " + e.getOriginalMessage(), 0);
            return;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the request body", e);
        } catch (InvalidRequestException e) {
            simulator.stats().recordInvalid(model);
            sendError(ctx, e.status(), "invalid_request_error", e.getMessage(), 0);
            return;
        }
        if (streamFromPath != null) {
            request = request.withStream(streamFromPath, true);
        }
        act(ctx, request, simulator.plan(request));
    }

    private void act(Context ctx, ChatRequest request, RequestPlan plan) {
        Outcome outcome = plan.outcome();
        switch (outcome.kind()) {
            case HTTP_ERROR -> sendError(ctx, outcome.status(), outcome.errorType(),
                    outcome.errorMessage(plan.model()), outcome.retryAfterS());
            case RESET -> ConnectionAbort.reset(ctx);
            case TIMEOUT -> ctx.future(() -> held.hold(() -> ConnectionAbort.reset(ctx)));
            case ANSWER, STREAM_CUT -> {
                if (request.stream()) {
                    stream(ctx, request, plan);
                } else {
                    answer(ctx, plan);
                }
            }
            default -> throw new IllegalStateException("unknown outcome " + outcome.kind());
        }
    }

    private void answer(Context ctx, RequestPlan plan) {
        SimulatedAnswer a = plan.answer();
        if (!pause(TimeUnit.MILLISECONDS.toNanos(plan.pacing().totalMillis(a.usage().outputTokens())))) {
            ConnectionAbort.reset(ctx);
            return;
        }
        ChatResponse response = new ChatResponse(idPrefix + "-" + simulator.nextResponseId(), plan.model(),
                simulator.nowSeconds(), a.message(), a.finishReason(), a.usage());
        send(ctx, 200, wire.encodeResponse(response));
    }

    private void stream(Context ctx, ChatRequest request, RequestPlan plan) {
        Pacing pacing = plan.pacing();
        boolean paced = pacing.tokensPerS() > 0;
        AnswerStream script = AnswerStream.of(plan.answer(), paced);
        int count = script.deltas().size();
        boolean cut = plan.outcome().kind() == Outcome.Kind.STREAM_CUT;
        int limit = cut ? Math.min(count - 1, Math.max(1, (int) (count * plan.cutAt()))) : count;

        HttpServletResponse res = ctx.res();
        res.setStatus(200);
        res.setContentType("text/event-stream");
        res.setHeader("Cache-Control", "no-cache");
        if (!pause(TimeUnit.MILLISECONDS.toNanos(pacing.ttftMs()))) {
            ConnectionAbort.reset(ctx);
            return;
        }
        StreamEncoder encoder = wire.newStreamEncoder(idPrefix + "-" + simulator.nextResponseId(), plan.model(),
                simulator.nowSeconds(), request.includeUsage());
        try {
            ServletOutputStream out = res.getOutputStream();
            write(out, encoder.start());
            long firstToken = System.nanoTime();
            long tokensSent = 0;
            for (int i = 0; i < limit; i++) {
                if (paced && i > 0) {
                    out.flush();
                    if (!pause(firstToken + pacing.nanosFor(tokensSent) - System.nanoTime())) {
                        ConnectionAbort.reset(ctx);
                        return;
                    }
                }
                write(out, encoder.encode(script.deltas().get(i)));
                tokensSent += script.tokens()[i];
            }
            out.flush();
            if (cut) {
                ConnectionAbort.cut(ctx);
                return;
            }
            write(out, encoder.encode(new StreamEvent.Finish(plan.answer().finishReason())));
            write(out, encoder.encode(new StreamEvent.UsageReport(plan.answer().usage())));
            write(out, encoder.end());
            out.flush();
        } catch (IOException clientGone) {
            // The caller hung up mid-stream (clients time out or cancel): there is no one left to
            // answer, and an abandoned stream is not an error of the simulator.
        }
    }

    private void sendError(Context ctx, int status, String type, String message, int retryAfterS) {
        if (retryAfterS > 0) {
            ctx.header("Retry-After", Integer.toString(retryAfterS));
        }
        send(ctx, status, wire.encodeError(status, errorType(type, status), message));
    }

    /** OpenAI names its 5xx errors {@code server_error}; the other formats map types from the status. */
    private String errorType(String type, int status) {
        return wire.kind() == ProviderKind.OPENAI && status >= 500 ? "server_error" : type;
    }

    private static void send(Context ctx, int status, ObjectNode body) {
        try {
            ctx.status(status).contentType(JSON_TYPE).result(Json.MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("could not render a simulated response", e);
        }
    }

    private static void write(ServletOutputStream out, List<SseFrame> frames) throws IOException {
        for (SseFrame frame : frames) {
            out.write(frame.render().getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Sleeps this long (nothing when zero or less).
     *
     * @return false when interrupted (the server is stopping)
     */
    private static boolean pause(long nanos) {
        long deadline = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
        }
        return true;
    }
}
