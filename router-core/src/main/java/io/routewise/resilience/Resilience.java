package io.routewise.resilience;

import io.routewise.catalog.Requirements;
import io.routewise.chat.ChatRequest;
import io.routewise.config.BreakerConfig;
import io.routewise.config.ModelConfig;
import io.routewise.config.ProviderConfig;
import io.routewise.config.RoutewiseConfig;
import io.routewise.config.RoutingConfig;
import io.routewise.providers.ProviderException;
import io.routewise.providers.ProviderRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * Every resilience part of one router, built once from its config: a circuit breaker per deployment,
 * latency tracking, provider limits, active health checks (probing each enabled deployment with a
 * one-token completion, their successful probe times feeding the latency tracker), the
 * {@link CandidateHealth} facade over them, and each provider's retry policy and deadlines.
 *
 * <p>Health checks run only after {@link #startHealthChecks()}, on two daemon threads that
 * {@link #close()} stops.
 */
public final class Resilience implements CallGate, AutoCloseable {

    private volatile RoutingConfig routing;
    private volatile Map<String, ProviderConfig> providers;
    private final DeploymentBreakers breakers;
    private final LatencyTracker latency;
    private final ProviderLimits limits;
    private final HealthChecker health;
    private final CandidateHealth candidates;
    private final RandomGenerator random;
    private volatile Map<String, RetryPolicy> retries;
    private volatile Map<String, Deadlines> deadlines;
    private volatile List<Deployment> deployments;
    private ScheduledExecutorService executor;

    private Resilience(RoutewiseConfig config, Probe probe, Clock clock, RandomGenerator random) {
        this.routing = config.routing();
        this.random = random;
        this.providers = byName(config.providers());
        this.breakers = new DeploymentBreakers(this::breakerSettings, clock);
        this.latency = new LatencyTracker(routing.latency(), clock);
        this.limits = ProviderLimits.of(config.providers(), routing.rateLimitBackoff(), clock);
        this.health = new HealthChecker(routing.health(), probe, clock, System::nanoTime, random);
        // A passed probe is a one-token answer: all of it is time to first token.
        health.addListener(new HealthListener() {
            @Override
            public void onProbe(Deployment deployment, Duration took, ProviderException failure) {
                if (failure == null) {
                    latency.recordFirstToken(deployment, took);
                }
            }
        });
        this.candidates = new CandidateHealth(breakers, health, latency, limits, () -> random.nextDouble());
        applyPerProvider(config);
    }

    private BreakerConfig breakerSettings(Deployment d) {
        ProviderConfig p = providers.get(d.provider());
        return p == null ? routing.breaker() : p.breakerOver(routing.breaker());
    }

    private static Map<String, ProviderConfig> byName(List<ProviderConfig> list) {
        Map<String, ProviderConfig> out = new HashMap<>();
        for (ProviderConfig p : list) {
            out.put(p.name(), p);
        }
        return Map.copyOf(out);
    }

    private void applyPerProvider(RoutewiseConfig config) {
        Map<String, RetryPolicy> r = new HashMap<>();
        Map<String, Deadlines> dl = new HashMap<>();
        for (ProviderConfig p : config.providers()) {
            r.put(p.name(), RetryPolicy.of(p.retry(), random));
            dl.put(p.name(), Deadlines.of(p));
        }
        this.retries = Map.copyOf(r);
        this.deadlines = Map.copyOf(dl);
        List<Deployment> enabled = new ArrayList<>();
        for (ModelConfig m : config.models()) {
            if (m.enabled()) {
                enabled.add(Deployment.of(m));
            }
        }
        this.deployments = List.copyOf(enabled);
    }

    /**
     * Applies a reloaded config without losing what was learned about deployments that did not change:
     * retry policies, time limits, latency budgets and pools take the new values; a deployment whose
     * breaker settings changed gets a fresh breaker, the others keep theirs; a provider whose limits
     * changed starts over with the new ones; health checks start on new deployments and stop on removed
     * ones. Health-check timing ({@code routing.health}) and latency windows ({@code routing.latency})
     * are read at start only (the reload reports them as needing a restart).
     */
    public synchronized void reconfigure(RoutewiseConfig config) {
        Map<String, ProviderConfig> before = providers;
        RoutingConfig routingBefore = routing;
        providers = byName(config.providers());
        routing = config.routing();
        List<Deployment> changedBreakers = new ArrayList<>();
        for (Deployment d : breakers.states().keySet()) {
            ProviderConfig old = before.get(d.provider());
            ProviderConfig now = providers.get(d.provider());
            BreakerConfig was = old == null ? routingBefore.breaker() : old.breakerOver(routingBefore.breaker());
            BreakerConfig is = now == null ? routing.breaker() : now.breakerOver(routing.breaker());
            if (!was.equals(is)) {
                changedBreakers.add(d);
            }
        }
        breakers.forget(changedBreakers);
        limits.reconfigure(ProviderLimits.limitsOf(config.providers()));
        applyPerProvider(config);
        health.track(deployments);
    }

    /**
     * The parts for {@code config}, probing deployments through the registry's adapters.
     *
     * @param clock time for breakers, latency windows, limits and health; {@link Clock#systemUTC()} in production
     */
    public static Resilience create(RoutewiseConfig config, ProviderRegistry providers, Clock clock) {
        ProbeTargets targets = new ProbeTargets(config, providers);
        Resilience r = new Resilience(config, targets::probe, clock, sharedRandom());
        r.probeTargets = targets;
        return r;
    }

    /**
     * As {@link #reconfigure(RoutewiseConfig)}, health probes now going through {@code providers} (the
     * registry built for the reloaded config).
     */
    public synchronized void reconfigure(RoutewiseConfig config, ProviderRegistry providers) {
        if (probeTargets != null) {
            probeTargets.update(config, providers);
        }
        reconfigure(config);
    }

    /** Where probes go: the current registry's adapter and catalog entry of each deployment. */
    private static final class ProbeTargets {
        private volatile ProviderRegistry providers;
        private volatile Map<String, ModelConfig> models;

        ProbeTargets(RoutewiseConfig config, ProviderRegistry providers) {
            update(config, providers);
        }

        void update(RoutewiseConfig config, ProviderRegistry registry) {
            Map<String, ModelConfig> byId = new HashMap<>();
            for (ModelConfig m : config.models()) {
                byId.put(m.id(), m);
            }
            models = Map.copyOf(byId);
            providers = registry;
        }

        void probe(Deployment d) throws ProviderException {
            providers.get(d.provider()).adapter().probe(models.get(d.model()));
        }
    }

    private ProbeTargets probeTargets;

    /** The parts for {@code config} with a given probe, clock and randomness (tests). */
    public static Resilience create(RoutewiseConfig config, Probe probe, Clock clock, RandomGenerator random) {
        return new Resilience(config, probe, clock, random);
    }

    /** A thread-safe source of jitter: each call draws from the calling thread's own generator. */
    private static RandomGenerator sharedRandom() {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return ThreadLocalRandom.current().nextLong();
            }
        };
    }

    /** Starts probing every enabled deployment, on two daemon threads; does nothing when health checks are off. */
    public synchronized void startHealthChecks() {
        if (executor != null || !routing.health().enabled()) {
            return;
        }
        AtomicInteger n = new AtomicInteger();
        ScheduledThreadPoolExecutor exec = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "routewise-health-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        exec.setRemoveOnCancelPolicy(true);
        executor = exec;
        health.start(deployments, (task, delay) -> {
            if (!exec.isShutdown()) {
                exec.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    /** What {@code request} asks of a deployment: its pool's or its own TTFT budget, and a token estimate. */
    public RequestNeeds needs(ChatRequest request) {
        Long budget = request.routing().latencyBudgetMs();
        return RequestNeeds.of(routing, request.routing().pool(),
                budget == null ? null : (int) Math.min(Integer.MAX_VALUE, budget), estimatedTokens(request));
    }

    /** The prompt estimate plus the output the request may ask for (its max_tokens, else the typical answer). */
    public int estimatedTokens(ChatRequest request) {
        int output = request.maxTokens() == null ? routing.expectedOutputTokens() : request.maxTokens();
        return Requirements.estimateInputTokens(request) + output;
    }

    /** Per-minute buckets every replica shares (e.g. in the ledger database): name, capacity, amount → seconds to wait. */
    @FunctionalInterface
    public interface SharedBuckets {
        long tryTake(String name, double perMinute, double amount);
    }

    private volatile SharedBuckets shared;

    /**
     * Makes each provider's configured {@code requests_per_minute} and {@code tokens_per_minute} hold across
     * the replicas sharing {@code buckets}, on top of this replica's own limits (which keep concurrency and
     * the rate learned from 429s). Should the buckets not answer, this replica's limits decide alone.
     */
    public void shareLimits(SharedBuckets buckets) {
        this.shared = buckets;
    }

    /** Why the replicas' shared budget of {@code provider} refuses a call of {@code tokens} now, or null. */
    io.routewise.catalog.Exclusion sharedRefusal(String provider, int tokens) {
        SharedBuckets s = shared;
        ProviderConfig p = providers.get(provider);
        if (s == null || p == null) {
            return null;
        }
        try {
            if (p.requestsPerMinute() != null && s.tryTake("provider:" + provider + "/requests", p.requestsPerMinute(), 1) > 0) {
                return io.routewise.catalog.Exclusion.of(io.routewise.catalog.Exclusion.Cause.SATURATED, provider
                        + " at its request rate across replicas (" + p.requestsPerMinute() + "/min)");
            }
            if (p.tokensPerMinute() != null && s.tryTake("provider:" + provider + "/tokens", p.tokensPerMinute(), tokens) > 0) {
                return io.routewise.catalog.Exclusion.of(io.routewise.catalog.Exclusion.Cause.SATURATED, provider
                        + " at its token rate across replicas (" + p.tokensPerMinute() + "/min)");
            }
        } catch (RuntimeException e) {
            // The shared store is down: this replica's own limits still hold.
            return null;
        }
        return null;
    }

    /** The gate for one request, its deadline that of {@code firstProvider}, starting now. */
    @Override
    public RequestGate forRequest(ChatRequest request, String firstProvider) {
        return new ResilientRequestGate(this, needs(request), deadlines(firstProvider).start(System::nanoTime));
    }

    public RetryPolicy retryPolicy(String provider) {
        RetryPolicy p = retries.get(provider);
        if (p == null) {
            throw new IllegalStateException("no provider named '" + provider + "' is configured");
        }
        return p;
    }

    public Deadlines deadlines(String provider) {
        Deadlines d = deadlines.get(provider);
        if (d == null) {
            throw new IllegalStateException("no provider named '" + provider + "' is configured");
        }
        return d;
    }

    public DeploymentBreakers breakers() {
        return breakers;
    }

    public LatencyTracker latency() {
        return latency;
    }

    public ProviderLimits limits() {
        return limits;
    }

    public HealthChecker health() {
        return health;
    }

    public CandidateHealth candidates() {
        return candidates;
    }

    /** The enabled deployments, which health checks probe. */
    public List<Deployment> deployments() {
        return deployments;
    }

    public RoutingConfig routing() {
        return routing;
    }

    /** Stops the health checks. */
    @Override
    public synchronized void close() {
        health.stop();
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
