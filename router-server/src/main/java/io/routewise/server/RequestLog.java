package io.routewise.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.routewise.chat.Usage;
import io.routewise.dispatch.Attempt;
import io.routewise.dispatch.Attempts;
import io.routewise.policy.RouteDecision;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one JSON line per request to the {@code routewise.request} logger: the routing decision
 * (for {@code model: "auto"} and {@code /v1/route}) and the outcome. Prompt text appears only when prompt logging is on; API keys never reach this class.
 */
final class RequestLog {

    private static final Logger LOG = LoggerFactory.getLogger("routewise.request");
    private static final JsonFactory JSON = new JsonFactory();

    /** Everything one line says about a request. Fields may be null when they do not apply. */
    record Entry(String requestId, String path, int status, Asked asked, Answered answered, double totalMs,
                 double overheadMs, String error, String configVersion, RouteDecision decision) {
    }

    /**
     * What the caller asked for.
     *
     * @param model  the model it named ({@code auto} included), or null when the body could not be read
     * @param prompt its last user turn, only when {@code logging.log_prompts} is on
     */
    record Asked(String model, boolean stream, String prompt) {
        static final Asked UNKNOWN = new Asked(null, false, null);
    }

    /**
     * Who answered, and at what cost.
     *
     * @param model    the model that answered, or null
     * @param attempts every upstream attempt and skip, or null when none was made
     * @param usage    the tokens the answer reported, or null
     * @param costUsd  what every attempt cost (failed ones that may have been billed included), or null
     */
    record Answered(String model, String provider, List<Attempt> attempts, Usage usage, Double costUsd) {
        static final Answered NOBODY = new Answered(null, null, null, null, null);
    }

    void write(Entry e) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        LOG.info(render(e));
    }

    static String render(Entry e) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("ts", Instant.now().toString());
            g.writeStringField("request_id", e.requestId());
            g.writeStringField("path", e.path());
            g.writeNumberField("status", e.status());
            Answered answered = e.answered();
            writeNullable(g, "requested_model", e.asked().model());
            writeNullable(g, "model", answered.model());
            writeNullable(g, "provider", answered.provider());
            g.writeBooleanField("stream", e.asked().stream());
            if (answered.attempts() != null && !answered.attempts().isEmpty()) {
                g.writeNumberField("fallbacks", Attempts.fallbacks(answered.attempts(), answered.model()));
                g.writeNumberField("retries", Attempts.retries(answered.attempts()));
                g.writeArrayFieldStart("attempts");
                for (Attempt a : answered.attempts()) {
                    g.writeStartObject();
                    g.writeStringField("model", a.model());
                    g.writeStringField("provider", a.provider());
                    g.writeNumberField("ms", round(a.nanos() / 1e6));
                    if (a.skipped()) {
                        g.writeStringField("skipped", a.skipReason());
                        g.writeStringField("skip_cause", a.skip().cause().tag());
                    } else if (a.error() != null) {
                        g.writeStringField("error", a.error().kind().name().toLowerCase());
                        if (a.error().upstreamStatus() > 0) {
                            g.writeNumberField("upstream_status", a.error().upstreamStatus());
                        }
                    }
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            if (answered.usage() != null) {
                g.writeNumberField("input_tokens", answered.usage().inputTokens());
                g.writeNumberField("output_tokens", answered.usage().outputTokens());
            }
            if (answered.costUsd() != null) {
                // Every attempt's cost (failed attempts that may have been billed included).
                g.writeNumberField("cost_usd", Math.round(answered.costUsd() * 1e8) / 1e8);
            }
            g.writeNumberField("total_ms", round(e.totalMs()));
            g.writeNumberField("overhead_ms", round(e.overheadMs()));
            writeNullable(g, "error", e.error());
            if (e.decision() != null) {
                writeDecision(g, e.decision());
            }
            writeNullable(g, "config_version", e.configVersion());
            writeNullable(g, "prompt", e.asked().prompt());
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toString();
    }

    /** The decision's gist: what was chosen, what it should achieve and cost, and what the classifier saw. */
    private static void writeDecision(JsonGenerator g, RouteDecision d) throws IOException {
        g.writeObjectFieldStart("decision");
        writeNullable(g, "model", d.model());
        g.writeNumberField("expected_quality", Math.round(d.expectedQuality() * 1e4) / 1e4);
        g.writeNumberField("expected_cost_usd", d.expectedCostUsd());
        g.writeNumberField("quality_target", Math.round(d.qualityTarget() * 1e4) / 1e4);
        if (d.qualityMargin() != null) {
            g.writeNumberField("quality_margin", d.qualityMargin());
        }
        if (d.usdPerQualityPoint() != null) {
            g.writeNumberField("usd_per_quality_point", d.usdPerQualityPoint());
        }
        writeNullable(g, "top_class", d.topClass());
        if (d.topClass() != null) {
            g.writeNumberField("top_class_p", Math.round(d.classProbabilities().get(d.topClass()) * 1e4) / 1e4);
        }
        writeNullable(g, "task", d.task());
        writeNullable(g, "rule", d.rule());
        g.writeNumberField("fallbacks", d.fallbacks().size());
        if (!d.setAside().isEmpty()) {
            // How many candidates were set aside, by cause: {"breaker_open": 1, "budget_hard": 2}.
            g.writeObjectFieldStart("set_aside");
            java.util.Map<String, Integer> byCause = new java.util.TreeMap<>();
            for (io.routewise.policy.ExcludedModel x : d.setAside()) {
                byCause.merge(x.cause(), 1, Integer::sum);
            }
            for (var c : byCause.entrySet()) {
                g.writeNumberField(c.getKey(), c.getValue());
            }
            g.writeEndObject();
        }
        if (!d.routed()) {
            g.writeStringField("reason", String.join("; ", d.reasons()));
        }
        writeNullable(g, "model_version", d.modelVersion());
        g.writeEndObject();
    }

    private static void writeNullable(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private static double round(double ms) {
        return Math.round(ms * 1000.0) / 1000.0;
    }
}
