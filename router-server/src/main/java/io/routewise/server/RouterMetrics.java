package io.routewise.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.routewise.dispatch.Attempt;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The router's Prometheus metrics. Meters are looked up once per (model, provider, ...) key and
 * cached, so recording a request costs a map lookup, not a registry search.
 */
public final class RouterMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<List<String>, Counter> requests = new ConcurrentHashMap<>();
    private final Map<List<String>, Timer> latency = new ConcurrentHashMap<>();
    private final Map<List<String>, Timer> overhead = new ConcurrentHashMap<>();
    private final Map<List<String>, Counter> upstreamErrors = new ConcurrentHashMap<>();
    private final Map<List<String>, DistributionSummary> tokens = new ConcurrentHashMap<>();
    private final Timer decisions = Timer.builder("routewise_decision_duration")
            .description("Time to decide where model auto goes (featurize, classify, policy), per decision")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(100_000))
            .maximumExpectedValue(Duration.ofSeconds(5))
            .register(registry);

    /** One finished request. {@code model} and {@code provider} are "none" when no model was chosen. */
    public void recordRequest(String model, String provider, int status, boolean stream, long totalNanos,
                              long overheadNanos) {
        String streamTag = stream ? "true" : "false";
        requests.computeIfAbsent(List.of(model, provider, Integer.toString(status), streamTag),
                k -> Counter.builder("routewise_requests")
                        .description("Chat completion requests by served model, provider and HTTP status")
                        .tags("model", k.get(0), "provider", k.get(1), "status", k.get(2), "stream", k.get(3))
                        .register(registry)).increment();
        latency.computeIfAbsent(List.of(model, provider),
                k -> Timer.builder("routewise_request_duration")
                        .description("Whole request latency as the client sees it")
                        .tags("model", k.get(0), "provider", k.get(1))
                        .publishPercentileHistogram()
                        .maximumExpectedValue(Duration.ofMinutes(5))
                        .register(registry)).record(totalNanos, TimeUnit.NANOSECONDS);
        overhead.computeIfAbsent(List.of(model, provider),
                k -> Timer.builder("routewise_overhead")
                        .description("Time the router itself adds (request time minus upstream time)")
                        .tags("model", k.get(0), "provider", k.get(1))
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofNanos(10_000))
                        .maximumExpectedValue(Duration.ofSeconds(10))
                        .register(registry)).record(overheadNanos, TimeUnit.NANOSECONDS);
    }

    /** The failed attempts of a request. */
    public void recordAttempts(List<Attempt> attempts) {
        for (Attempt a : attempts) {
            if (a.error() != null && !a.skipped()) {
                upstreamErrors.computeIfAbsent(List.of(a.model(), a.provider(), a.error().kind().name().toLowerCase()),
                        k -> Counter.builder("routewise_upstream_errors")
                                .description("Failed upstream calls by model, provider and kind of failure")
                                .tags("model", k.get(0), "provider", k.get(1), "kind", k.get(2))
                                .register(registry)).increment();
            }
        }
    }

    /** One routing decision ({@code model: "auto"} or {@code /v1/route}). */
    public void recordDecision(long nanos) {
        decisions.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void recordTokens(String model, String provider, int input, int output) {
        tokenSummary(model, provider, "input").record(input);
        tokenSummary(model, provider, "output").record(output);
    }

    private DistributionSummary tokenSummary(String model, String provider, String direction) {
        return tokens.computeIfAbsent(List.of(model, provider, direction),
                k -> DistributionSummary.builder("routewise_tokens")
                        .description("Tokens per request by model, provider and direction")
                        .baseUnit("tokens")
                        .tags("model", k.get(0), "provider", k.get(1), "direction", k.get(2))
                        .register(registry));
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }
}
