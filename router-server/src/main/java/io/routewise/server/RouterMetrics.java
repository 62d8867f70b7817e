package io.routewise.server;

import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Meter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.routewise.json.Json;
import io.routewise.config.BudgetConfig;
import io.routewise.ledger.BudgetUsage;
import io.routewise.ledger.BudgetStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.routewise.providers.ProviderException;
import io.routewise.resilience.BreakerState;
import io.routewise.resilience.Deployment;
import io.routewise.resilience.HealthListener;
import io.routewise.resilience.HealthStatus;
import io.routewise.resilience.Resilience;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
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

    private final Map<List<String>, Counter> costs = new ConcurrentHashMap<>();

    /**
     * What a request cost, every attempt included (failed ones that may have been billed), by the model that
     * answered ("none" when none did): with {@code routewise_requests_total{status="200"}} it gives the cost per
     * successful request.
     */
    public void recordCost(String model, String provider, double usd) {
        if (usd > 0) {
            costs.computeIfAbsent(List.of(model, provider),
                    k -> Counter.builder("routewise_cost_usd")
                            .description("Provider cost of requests in US dollars (every attempt), by the model that answered")
                            .tags("model", k.get(0), "provider", k.get(1))
                            .register(registry)).increment(usd);
        }
    }

    private final Map<List<String>, Counter> retries = new ConcurrentHashMap<>();
    private final Map<List<String>, Counter> fallbacks = new ConcurrentHashMap<>();
    private final Map<List<String>, Counter> skips = new ConcurrentHashMap<>();
    private final Map<List<String>, Counter> setAside = new ConcurrentHashMap<>();
    private final Map<List<String>, Counter> healthChecks = new ConcurrentHashMap<>();
    private final Map<List<String>, Timer> firstToken = new ConcurrentHashMap<>();
    private final Map<List<String>, Timer> upstreamLatency = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();

    public RouterMetrics() {
        Gauge.builder("routewise_in_flight_requests", inFlight, AtomicInteger::get)
                .description("Chat completion requests the router is handling now")
                .register(registry);
    }

    /** A chat completion request started; pair with {@link #requestEnded()}. */
    public void requestStarted() {
        inFlight.incrementAndGet();
    }

    public void requestEnded() {
        inFlight.decrementAndGet();
    }

    /** Exposes the score cache: requests found in it and scored anew, and the entries it holds. */
    public void bind(io.routewise.classifier.ScoreCache cache) {
        String requests = "auto decisions whose scores the score cache held (hit) or that were scored (miss)";
        FunctionCounter.builder("routewise_score_cache_requests", cache, io.routewise.classifier.ScoreCache::hits)
                .description(requests).tag("result", "hit").register(registry);
        FunctionCounter.builder("routewise_score_cache_requests", cache, io.routewise.classifier.ScoreCache::misses)
                .description(requests).tag("result", "miss").register(registry);
        Gauge.builder("routewise_score_cache_entries", cache, io.routewise.classifier.ScoreCache::size)
                .description("Requests' scores the score cache holds now").register(registry);
    }

    /**
     * Exposes the router's resilience state: per deployment its breaker state (0 closed, 1 half-open,
     * 2 open), breaker openings, health status (0 healthy, 1 recovering, 2 unhealthy) and health-check
     * results; per provider the requests in flight.
     */
    public void bind(Resilience resilience, List<String> providers) {
        bindGauges(resilience, providers);
        bindListeners(resilience);
    }

    /**
     * The gauges of every deployment and provider now configured; safe to call again after a config reload
     * (meters already registered are kept, new deployments and providers get theirs).
     */
    public void bindGauges(Resilience resilience, List<String> providers) {
        for (Deployment d : resilience.deployments()) {
            Gauge.builder("routewise_breaker_state", resilience.breakers(), b -> breakerValue(b.state(d)))
                    .description("Circuit breaker state per deployment: 0 closed, 1 half-open, 2 open")
                    .tags("model", d.model(), "provider", d.provider())
                    .register(registry);
            FunctionCounter.builder("routewise_breaker_openings", resilience.breakers(), b -> b.openings(d))
                    .description("Times a deployment's circuit breaker opened")
                    .tags("model", d.model(), "provider", d.provider())
                    .register(registry);
            Gauge.builder("routewise_health_status", resilience.health(), h -> healthValue(h.health(d).status()))
                    .description("Active health checks per deployment: 0 healthy, 1 recovering, 2 unhealthy")
                    .tags("model", d.model(), "provider", d.provider())
                    .register(registry);
            // Exported at 0 from the start, so a rate or an alert on it has a series before the first retry.
            retries(d.model(), d.provider());
        }
        for (String p : providers) {
            Gauge.builder("routewise_provider_in_flight", resilience.limits(), l -> l.load(p).inFlight())
                    .description("Requests in flight to a provider")
                    .tags("provider", p)
                    .register(registry);
            FunctionCounter.builder("routewise_provider_refusals", resilience.limits(), l -> l.load(p).refusals())
                    .description("Requests a saturated provider refused (sent to the next candidate instead)")
                    .tags("provider", p)
                    .register(registry);
            FunctionCounter.builder("routewise_provider_rate_limit_backoffs", resilience.limits(),
                            l -> l.load(p).rateLimitBackoffs())
                    .description("Times a 429 lowered a provider's admitted request rate")
                    .tags("provider", p)
                    .register(registry);
        }
    }

    private Counter retries(String model, String provider) {
        return retries.computeIfAbsent(List.of(model, provider),
                k -> Counter.builder("routewise_retries")
                        .description("Repeated calls to the same deployment within a request")
                        .tags("model", k.get(0), "provider", k.get(1))
                        .register(registry));
    }

    private void bindListeners(Resilience resilience) {
        resilience.health().addListener(new HealthListener() {
            @Override
            public void onProbe(Deployment d, Duration took, ProviderException failure) {
                String result = failure == null ? "ok" : failure.kind().name().toLowerCase(Locale.ROOT);
                healthChecks.computeIfAbsent(List.of(d.model(), d.provider(), result),
                        k -> Counter.builder("routewise_health_checks")
                                .description("Active health probes by deployment and result (ok or the kind of failure)")
                                .tags("model", k.get(0), "provider", k.get(1), "result", k.get(2))
                                .register(registry)).increment();
            }
        });
    }

    /** Exposes the ledger writer's queue: rows waiting, rows dropped (queue full) and rows the database refused. */
    /**
     * Budget state at scrape time, per configured budget (scope, name, period): spent, reserved by calls in
     * flight, and remaining in its current period; and how long callers waited for calls in flight to leave
     * room ({@code routewise_budget_wait_seconds}, by outcome admitted / refused).
     */
    public void bind(BudgetStore budgets) {
        Timer admitted = Timer.builder("routewise_budget_wait").description(
                        "Time a call waited for calls in flight to leave room in a budget, by outcome")
                .tags("outcome", "admitted").publishPercentileHistogram().maximumExpectedValue(Duration.ofMinutes(1))
                .register(registry);
        Timer refused = Timer.builder("routewise_budget_wait").description(
                        "Time a call waited for calls in flight to leave room in a budget, by outcome")
                .tags("outcome", "refused").publishPercentileHistogram().maximumExpectedValue(Duration.ofMinutes(1))
                .register(registry);
        budgets.onWait((took, ok) -> (ok ? admitted : refused).record(took));
        MultiGauge spent = MultiGauge
                .builder("routewise_budget_spent_usd").description("Money spent in a budget's current period")
                .register(registry);
        MultiGauge reserved = MultiGauge
                .builder("routewise_budget_reserved_usd").description("Money reserved by calls in flight in a budget")
                .register(registry);
        MultiGauge remaining = MultiGauge
                .builder("routewise_budget_remaining_usd").description("A budget's cap less what is spent and reserved")
                .register(registry);
        budgetGauges = () -> {
            List<MultiGauge.Row<?>> s = new java.util.ArrayList<>();
            List<MultiGauge.Row<?>> r = new java.util.ArrayList<>();
            List<MultiGauge.Row<?>> left = new java.util.ArrayList<>();
            for (BudgetConfig b : budgets.budgets()) {
                BudgetUsage u;
                try {
                    u = budgets.usage(b);
                } catch (RuntimeException e) {
                    continue; // the database is down: no sample rather than a wrong one
                }
                Tags tags = Tags.of("scope", b.scope(),
                        "name", b.name(), "period", b.period());
                s.add(MultiGauge.Row.of(tags, u.spentUsd()));
                r.add(MultiGauge.Row.of(tags, u.reservedUsd()));
                left.add(MultiGauge.Row.of(tags,
                        Math.max(0, b.usd() - u.spentUsd() - u.reservedUsd())));
            }
            spent.register(s, true);
            reserved.register(r, true);
            remaining.register(left, true);
        };
    }

    /** Re-reads the budgets' state just before a scrape (null until {@link #bind(BudgetStore)}). */
    private volatile Runnable budgetGauges;

    public void bind(io.routewise.ledger.AsyncLedgerWriter writer) {
        Gauge.builder("routewise_ledger_queued_rows", writer, w -> w.queuedRows())
                .description("Ledger rows waiting for the writer")
                .register(registry);
        FunctionCounter.builder("routewise_ledger_dropped_rows", writer, w -> w.droppedRows())
                .description("Ledger rows dropped because the writer's queue was full")
                .register(registry);
        FunctionCounter.builder("routewise_ledger_failed_rows", writer, w -> w.failedRows())
                .description("Ledger rows in batches the database refused")
                .register(registry);
    }

    /** Exposes the latest evaluation run and the routing-weights version in use. */
    void bind(EvalMetrics eval, java.util.function.IntSupplier weightsVersion) {
        eval.bindTo(registry, weightsVersion);
    }

    private static double breakerValue(BreakerState state) {
        return switch (state) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }

    private static double healthValue(HealthStatus status) {
        return switch (status) {
            case HEALTHY -> 0;
            case RECOVERING -> 1;
            case UNHEALTHY -> 2;
        };
    }

    /**
     * A request's attempts: failed calls by kind, retries, models left behind (failed or skipped), and
     * per deployment the latency of successful calls and the time to first token of streams.
     *
     * @param served the model that answered, or null
     */
    public void recordAttempts(List<Attempt> attempts, String served) {
        recordAttempts(attempts);
        String previous = null;
        for (Attempt a : attempts) {
            if (a.skipped()) {
                continue;
            }
            if (a.model().equals(previous)) {
                retries(a.model(), a.provider()).increment();
            }
            previous = a.model();
            if (a.succeeded()) {
                upstreamLatency.computeIfAbsent(List.of(a.model(), a.provider()),
                        k -> Timer.builder("routewise_upstream_duration")
                                .description("Latency of successful upstream calls per deployment (whole call)")
                                .tags("model", k.get(0), "provider", k.get(1))
                                .publishPercentileHistogram()
                                .maximumExpectedValue(Duration.ofMinutes(5))
                                .register(registry)).record(a.nanos(), TimeUnit.NANOSECONDS);
            }
            if (a.firstTokenNanos() > 0) {
                firstToken.computeIfAbsent(List.of(a.model(), a.provider()),
                        k -> Timer.builder("routewise_time_to_first_token")
                                .description("Time to the first streamed event per deployment")
                                .tags("model", k.get(0), "provider", k.get(1))
                                .publishPercentileHistogram()
                                .maximumExpectedValue(Duration.ofMinutes(1))
                                .register(registry)).record(a.firstTokenNanos(), TimeUnit.NANOSECONDS);
            }
        }
        java.util.Set<String> counted = new java.util.HashSet<>();
        for (Attempt a : attempts) {
            if (!a.succeeded() && !a.model().equals(served) && counted.add(a.model())) {
                String why = a.skipped() ? "skipped" : "failed";
                fallbacks.computeIfAbsent(List.of(a.model(), a.provider(), why),
                        k -> Counter.builder("routewise_fallbacks")
                                .description("Models a request moved past, by model and whether it failed or was skipped")
                                .tags("model", k.get(0), "provider", k.get(1), "reason", k.get(2))
                                .register(registry)).increment();
            }
        }
    }

    /** The failed calls of a request (skipped candidates are not failures). */
    public void recordAttempts(List<Attempt> attempts) {
        for (Attempt a : attempts) {
            if (a.skipped()) {
                skips.computeIfAbsent(List.of(a.model(), a.provider(), a.skip().cause().tag()),
                        k -> Counter.builder("routewise_skips")
                                .description("Deployments passed over without a call, by model, provider and cause")
                                .tags("model", k.get(0), "provider", k.get(1), "cause", k.get(2))
                                .register(registry)).increment();
            }
            if (a.error() != null && !a.skipped()) {
                upstreamErrors.computeIfAbsent(List.of(a.model(), a.provider(), a.error().kind().name().toLowerCase()),
                        k -> Counter.builder("routewise_upstream_errors")
                                .description("Failed upstream calls by model, provider and kind of failure")
                                .tags("model", k.get(0), "provider", k.get(1), "kind", k.get(2))
                                .register(registry)).increment();
            }
        }
    }

    /** The candidates an {@code auto} decision set aside, by model and cause (breaker open, budget, ...). */
    public void recordSetAside(List<io.routewise.policy.ExcludedModel> excluded) {
        for (io.routewise.policy.ExcludedModel x : excluded) {
            setAside.computeIfAbsent(List.of(x.model(), x.cause()),
                    k -> Counter.builder("routewise_decision_set_aside")
                            .description("Candidates a routing decision excluded or ranked last, by model and cause")
                            .tags("model", k.get(0), "cause", k.get(1))
                            .register(registry)).increment();
        }
    }

    /** A config reload ended: {@code applied}, {@code unchanged} or {@code refused}. */
    public void recordConfigReload(String result) {
        Counter.builder("routewise_config_reloads").description("Config reloads by result (applied, unchanged, refused)")
                .tag("result", result).register(registry).increment();
    }

    /** Exposes the version of the config in force as {@code routewise_config_version{version}} = 1. */
    public void bindConfigVersion(java.util.function.Supplier<String> version) {
        MultiGauge info = MultiGauge.builder("routewise_config_version")
                .description("The config version in force (value 1)").register(registry);
        configInfo = () -> info.register(List.of(MultiGauge.Row.of(
                Tags.of("version", String.valueOf(version.get())), 1)), true);
        configInfo.run();
        // Reload counters exist from the start (at 0), so dashboards and alerts see them before the first reload.
        for (String result : List.of("applied", "unchanged", "refused")) {
            Counter.builder("routewise_config_reloads").description("Config reloads by result (applied, unchanged, refused)")
                    .tag("result", result).register(registry);
        }
    }

    private Runnable configInfo = () -> { };

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
    /**
     * The provider page's numbers, read from the same meters {@code /metrics} exports: per deployment
     * (model, provider) requests answered, failed calls by kind, skips, p50/p95 latency of successful
     * calls and of the time to first token (from the histograms, interpolated within a bucket as
     * Prometheus' {@code histogram_quantile} does), breaker and health state; per provider in-flight
     * requests, saturation refusals and rate-limit backoffs.
     */
    public ObjectNode providerSnapshot() {
        Map<List<String>, ObjectNode> deployments = new java.util.TreeMap<>(
                java.util.Comparator.comparing((List<String> k) -> k.get(1)).thenComparing(k -> k.get(0)));
        java.util.function.Function<Meter, ObjectNode> row = m -> {
            List<String> key = List.of(m.getId().getTag("model"), m.getId().getTag("provider"));
            return deployments.computeIfAbsent(key, k -> {
                ObjectNode o = Json.object();
                o.put("model", k.get(0));
                o.put("provider", k.get(1));
                o.put("answered", 0L);
                o.put("failed", 0L);
                o.putObject("errors");
                o.put("skipped", 0L);
                return o;
            });
        };
        for (Timer t : registry.find("routewise_upstream_duration").timers()) {
            ObjectNode o = row.apply(t);
            HistogramSnapshot h = t.takeSnapshot();
            o.put("answered", h.count());
            putQuantiles(o, "latency", h);
        }
        for (Timer t : registry.find("routewise_time_to_first_token").timers()) {
            putQuantiles(row.apply(t), "ttft", t.takeSnapshot());
        }
        for (Counter c : registry.find("routewise_upstream_errors").counters()) {
            ObjectNode o = row.apply(c);
            long n = (long) c.count();
            ((ObjectNode) o.get("errors")).put(c.getId().getTag("kind"), n);
            o.put("failed", o.get("failed").asLong() + n);
        }
        for (Counter c : registry.find("routewise_skips").counters()) {
            ObjectNode o = row.apply(c);
            o.put("skipped", o.get("skipped").asLong() + (long) c.count());
        }
        for (Gauge g : registry.find("routewise_breaker_state").gauges()) {
            row.apply(g).put("breaker", switch ((int) g.value()) {
                case 0 -> "closed";
                case 1 -> "half_open";
                default -> "open";
            });
        }
        for (Gauge g : registry.find("routewise_health_status").gauges()) {
            row.apply(g).put("health", switch ((int) g.value()) {
                case 0 -> "healthy";
                case 1 -> "recovering";
                default -> "unhealthy";
            });
        }
        ObjectNode root = Json.object();
        ArrayNode list = root.putArray("deployments");
        for (ObjectNode o : deployments.values()) {
            long calls = o.get("answered").asLong() + o.get("failed").asLong();
            o.put("error_rate", calls == 0 ? 0 : (double) o.get("failed").asLong() / calls);
            list.add(o);
        }
        Map<String, ObjectNode> providers = new java.util.TreeMap<>();
        java.util.function.Function<Meter, ObjectNode> prow =
                m -> providers.computeIfAbsent(m.getId().getTag("provider"), p -> {
                    ObjectNode o = Json.object();
                    o.put("provider", p);
                    return o;
                });
        registry.find("routewise_provider_in_flight").gauges().forEach(g -> prow.apply(g).put("in_flight", (long) g.value()));
        registry.find("routewise_provider_refusals").functionCounters()
                .forEach(c -> prow.apply(c).put("refusals", (long) c.count()));
        registry.find("routewise_provider_rate_limit_backoffs").functionCounters()
                .forEach(c -> prow.apply(c).put("rate_limit_backoffs", (long) c.count()));
        root.putArray("providers").addAll(providers.values());
        root.put("in_flight_requests", inFlight.get());
        return root;
    }

    private static void putQuantiles(ObjectNode o, String name,
                                     HistogramSnapshot h) {
        Double p50 = HistogramQuantile.of(h, 0.5);
        Double p95 = HistogramQuantile.of(h, 0.95);
        o.put(name + "_p50_ms", p50);
        o.put(name + "_p95_ms", p95);
    }

    public String scrape() {
        Runnable refresh = budgetGauges;
        if (refresh != null) {
            refresh.run();
        }
        configInfo.run();
        return registry.scrape();
    }
}
