package io.routewise.ledger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.json.Json;
import io.routewise.policy.RouteDecision;
import java.time.Instant;
import java.util.Objects;

/**
 * One upstream attempt, as the ledger stores it.
 *
 * @param requestId     the client request it served (several attempts share it)
 * @param ts            when the attempt ended (UTC)
 * @param apiKeyId      a non-secret id of the caller's key (see {@link ApiKeyIds}), or null when anonymous
 * @param provider      provider name
 * @param model         catalog model id
 * @param inputTokens   prompt tokens (reported, or estimated when {@code costEstimated})
 * @param outputTokens  completion tokens
 * @param cachedTokens  prompt tokens served from the provider's cache (0 when not reported)
 * @param costUsd       what the attempt cost at catalog prices
 * @param costEstimated the provider reported no usage, so tokens and cost are estimates
 * @param latencyMs     attempt duration
 * @param ttftMs        time to first token, or null (not streamed, or failed before any token)
 * @param status        the HTTP status ({@code "200"}) or the error kind ({@code "TIMEOUT"})
 * @param error         the error message, or null on success
 * @param decisionId    the routing decision that chose this attempt
 * @param classes       classifier output as JSON ({@code {"top": "code", "probabilities": {...}}}), or null
 * @param configVersion version of the config that routed it
 * @param modelVersion  version of the classifier model that routed it
 * @param pool          latency pool
 * @param fallbackIndex 0 for the first choice, 1 for the first fallback, ...
 * @param stream        the client asked for a stream
 * @param messages      the prompt as JSON (canonical messages), only when prompt logging is on; else null
 */
public record LedgerRow(String requestId, Instant ts, String apiKeyId, String provider, String model,
                        int inputTokens, int outputTokens, int cachedTokens, double costUsd, boolean costEstimated,
                        long latencyMs, Long ttftMs, String status, String error, String decisionId, String classes,
                        String configVersion, String modelVersion, String pool, int fallbackIndex, boolean stream,
                        String messages) {

    public LedgerRow {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(ts, "ts");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(status, "status");
    }

    /** True when the attempt produced an answer. */
    public boolean succeeded() {
        return error == null && status.startsWith("2");
    }

    /**
     * The most probable class in a row's {@code classes} JSON (as {@link Builder#decision} writes it), or null
     * for a request that was not routed or a value that cannot be read.
     */
    public static String topClass(String classes) {
        if (classes == null) {
            return null;
        }
        try {
            com.fasterxml.jackson.databind.JsonNode top = Json.MAPPER.readTree(classes).get("top");
            return top == null || top.isNull() ? null : top.asText();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a row field by field; unset numbers are 0, unset texts null. */
    public static final class Builder {
        private String requestId;
        private Instant ts = Instant.now();
        private String apiKeyId;
        private String provider;
        private String model;
        private int inputTokens;
        private int outputTokens;
        private int cachedTokens;
        private double costUsd;
        private boolean costEstimated;
        private long latencyMs;
        private Long ttftMs;
        private String status = "200";
        private String error;
        private String decisionId;
        private String classes;
        private String configVersion;
        private String modelVersion;
        private String pool;
        private int fallbackIndex;
        private boolean stream;
        private String messages;

        private Builder() {
        }

        public Builder requestId(String v) { requestId = v; return this; }
        public Builder ts(Instant v) { ts = v; return this; }
        public Builder apiKeyId(String v) { apiKeyId = v; return this; }
        public Builder provider(String v) { provider = v; return this; }
        public Builder model(String v) { model = v; return this; }
        public Builder inputTokens(int v) { inputTokens = v; return this; }
        public Builder outputTokens(int v) { outputTokens = v; return this; }
        public Builder cachedTokens(int v) { cachedTokens = v; return this; }
        public Builder costUsd(double v) { costUsd = v; return this; }
        public Builder costEstimated(boolean v) { costEstimated = v; return this; }
        public Builder latencyMs(long v) { latencyMs = v; return this; }
        public Builder ttftMs(Long v) { ttftMs = v; return this; }
        public Builder status(String v) { status = v; return this; }
        public Builder error(String v) { error = v; return this; }
        public Builder decisionId(String v) { decisionId = v; return this; }
        public Builder classes(String v) { classes = v; return this; }
        public Builder configVersion(String v) { configVersion = v; return this; }
        public Builder modelVersion(String v) { modelVersion = v; return this; }
        public Builder pool(String v) { pool = v; return this; }
        public Builder fallbackIndex(int v) { fallbackIndex = v; return this; }
        public Builder stream(boolean v) { stream = v; return this; }
        public Builder messages(String v) { messages = v; return this; }

        /**
         * The routing decision behind the attempt: its id (the decision's request id: one decision per
         * request), the classifier's view as JSON ({@code {"top": "code", "probabilities": {...}}}), and the
         * config and model versions.
         */
        public Builder decision(RouteDecision d) {
            decisionId = d.requestId();
            ObjectNode json = Json.object();
            json.put("top", d.topClass());
            ObjectNode probabilities = json.putObject("probabilities");
            if (d.classProbabilities() != null) {
                d.classProbabilities().forEach((k, v) -> probabilities.put(k, v));
            }
            classes = json.toString();
            configVersion = d.configVersion();
            modelVersion = d.modelVersion();
            return this;
        }

        /** Tokens and cost from a {@link CostCalculator} result. */
        public Builder cost(Cost cost) {
            inputTokens = cost.inputTokens();
            outputTokens = cost.outputTokens();
            cachedTokens = cost.cachedTokens();
            costUsd = cost.usd();
            costEstimated = cost.estimated();
            return this;
        }

        public LedgerRow build() {
            return new LedgerRow(requestId, ts, apiKeyId, provider, model, inputTokens, outputTokens, cachedTokens,
                    costUsd, costEstimated, latencyMs, ttftMs, status, error, decisionId, classes, configVersion,
                    modelVersion, pool, fallbackIndex, stream, messages);
        }
    }
}
