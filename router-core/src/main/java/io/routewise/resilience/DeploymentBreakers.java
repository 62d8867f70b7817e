package io.routewise.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import io.routewise.config.BreakerConfig;
import io.routewise.providers.ProviderException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * One resilience4j circuit breaker per deployment. A breaker opens when the failure rate over a
 * time-based sliding window exceeds the configured share (once the window holds enough calls), or after
 * a run of consecutive failures (resilience4j has no such rule; a counter here forces the breaker open).
 * It stays open for a cooldown, then lets a few probe calls through (half-open) and closes when they
 * succeed, or opens again when one fails.
 *
 * <p>Failures that say nothing about the deployment's health do not count: a client error (the request
 * was bad) and a rate limit (handled by {@link ProviderLimits}).
 *
 * <p>Protocol: {@link #isCallPermitted} is a side-effect-free check for filtering candidates;
 * before calling a deployment take a permission with {@link #tryAcquirePermission}, and afterwards
 * report the outcome exactly once with {@link #recordSuccess} or {@link #recordFailure}.
 */
public final class DeploymentBreakers {

    private static final DateTimeFormatter HH_MM_SS = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private final Function<Deployment, BreakerConfig> settings;
    private final Clock clock;
    private final Map<Deployment, Entry> entries = new ConcurrentHashMap<>();
    private final List<BreakerListener> listeners = new CopyOnWriteArrayList<>();

    /**
     * @param settings the breaker settings of each deployment (e.g. its provider's keys over {@code routing.breaker})
     * @param clock    the time source for windows and cooldowns; a fixed or hand-driven clock in tests
     */
    public DeploymentBreakers(Function<Deployment, BreakerConfig> settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Drops the breakers of these deployments (their settings changed in a config reload): the next
     * call creates a fresh one with the new settings. Breakers of every other deployment keep their state.
     */
    public void forget(java.util.Collection<Deployment> deployments) {
        entries.keySet().removeAll(deployments);
    }

    public void addListener(BreakerListener listener) {
        listeners.add(listener);
    }

    /** Whether the router may pick this deployment now; takes no permission and changes nothing. */
    public boolean isCallPermitted(Deployment deployment) {
        Entry e = entries.get(deployment);
        if (e == null) {
            return true;
        }
        return switch (e.breaker.getState()) {
            case CLOSED, HALF_OPEN, DISABLED, METRICS_ONLY -> true;
            // After the cooldown the next call moves the breaker to half-open and goes through as a probe
            // (resilience4j lets it through strictly after the cooldown's end).
            case OPEN -> clock.instant().isAfter(e.openUntil());
            case FORCED_OPEN -> false;
        };
    }

    /**
     * Takes a permission to call the deployment (in half-open, one of the few probe slots). False when
     * the breaker is open or the probe slots are taken: try another candidate. Every permission taken
     * must end in {@link #recordSuccess}, {@link #recordFailure} or {@link #releasePermission}.
     *
     * <p>Half-open ends by itself: a breaker half-open for longer than its cooldown without its probes
     * having finished (a probe lost on some path, a probe call that never returns) opens again, and
     * after the next cooldown lets fresh probes through, instead of refusing every call for good.
     */
    public boolean tryAcquirePermission(Deployment deployment) {
        Entry e = entry(deployment);
        if (e.breaker.getState() == CircuitBreaker.State.HALF_OPEN
                && clock.instant().isAfter(e.halfOpenedAt.plusSeconds(e.config.openS()))) {
            e.pendingCause = "half-open for over " + e.config.openS() + " s without its probe calls finishing";
            e.breaker.transitionToOpenState();
        }
        return e.breaker.tryAcquirePermission();
    }

    /**
     * Gives back a permission without judging the deployment: the attempt ended for a reason that
     * says nothing of its health (the request was refused before it was sent, the client went away).
     */
    public void releasePermission(Deployment deployment) {
        entry(deployment).breaker.releasePermission();
    }

    public void recordSuccess(Deployment deployment, Duration took) {
        Entry e = entry(deployment);
        e.consecutiveFailures.set(0);
        e.breaker.onSuccess(took.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Reports a failed call; client errors and rate limits only release the permission. */
    public void recordFailure(Deployment deployment, ProviderException.Kind kind, Duration took) {
        Entry e = entry(deployment);
        if (!counts(kind)) {
            e.breaker.releasePermission();
            return;
        }
        e.failures.incrementAndGet();
        e.breaker.onError(took.toNanos(), TimeUnit.NANOSECONDS, new CountedFailure(kind));
        int run = e.consecutiveFailures.incrementAndGet();
        if (run >= e.config.consecutiveFailures() && e.breaker.getState() == CircuitBreaker.State.CLOSED) {
            e.pendingCause = run + " consecutive failures, the last " + describe(kind);
            e.breaker.transitionToOpenState();
        }
    }

    /** Whether a failure of this kind counts against the deployment. */
    public static boolean counts(ProviderException.Kind kind) {
        return kind != ProviderException.Kind.CLIENT_ERROR && kind != ProviderException.Kind.RATE_LIMITED;
    }

    public BreakerState state(Deployment deployment) {
        Entry e = entries.get(deployment);
        return e == null ? BreakerState.CLOSED : map(e.breaker.getState());
    }

    /** When an open breaker lets its first probe through, or null when it is not open. */
    public Instant openUntil(Deployment deployment) {
        Entry e = entries.get(deployment);
        return e == null || e.breaker.getState() != CircuitBreaker.State.OPEN ? null : e.openUntil();
    }

    /** Why the router may not pick this deployment now, or null when it may. */
    public String exclusionReason(Deployment deployment) {
        if (isCallPermitted(deployment)) {
            return null;
        }
        Entry e = entries.get(deployment);
        return "circuit open until " + HH_MM_SS.withZone(clock.getZone()).format(e.openUntil())
                + " (" + e.openCause + ")";
    }

    /** How many times this deployment's breaker has opened (half-open probes that failed included). */
    public long openings(Deployment deployment) {
        Entry e = entries.get(deployment);
        return e == null ? 0 : e.openings.get();
    }

    /** Counted failures recorded for this deployment since start. */
    public long failures(Deployment deployment) {
        Entry e = entries.get(deployment);
        return e == null ? 0 : e.failures.get();
    }

    /** The state of every deployment seen so far. */
    public Map<Deployment, BreakerState> states() {
        Map<Deployment, BreakerState> states = new java.util.TreeMap<>(
                java.util.Comparator.comparing(Deployment::toString));
        entries.forEach((d, e) -> states.put(d, map(e.breaker.getState())));
        return states;
    }

    private Entry entry(Deployment deployment) {
        return entries.computeIfAbsent(deployment, d -> new Entry(d, settings.apply(d)));
    }

    private void onTransition(Entry e, CircuitBreakerOnStateTransitionEvent event) {
        BreakerState from = map(event.getStateTransition().getFromState());
        BreakerState to = map(event.getStateTransition().getToState());
        Instant now = clock.instant();
        String cause;
        if (to == BreakerState.OPEN) {
            e.openedAt = now;
            e.openings.incrementAndGet();
            e.consecutiveFailures.set(0);
            if (e.pendingCause != null) {
                cause = e.pendingCause;
            } else if (from == BreakerState.HALF_OPEN) {
                cause = "a probe call failed while half-open";
            } else {
                CircuitBreaker.Metrics m = e.breaker.getMetrics();
                cause = String.format(Locale.ROOT, "failure rate %.1f %% over the last %d s (%d calls) exceeds %.1f %%",
                        m.getFailureRate(), e.config.windowS(), m.getNumberOfBufferedCalls(),
                        e.config.failureRate() * 100);
            }
            e.openCause = cause;
        } else if (to == BreakerState.HALF_OPEN) {
            e.halfOpenedAt = now;
            cause = "cooldown of " + e.config.openS() + " s over; letting " + e.config.halfOpenCalls() + " probe call(s) through";
        } else {
            cause = from == BreakerState.HALF_OPEN ? "probe calls succeeded" : "reset";
        }
        e.pendingCause = null;
        for (BreakerListener l : listeners) {
            l.onTransition(e.deployment, from, to, now, cause);
        }
    }

    private static BreakerState map(CircuitBreaker.State state) {
        return switch (state) {
            case OPEN, FORCED_OPEN -> BreakerState.OPEN;
            case HALF_OPEN -> BreakerState.HALF_OPEN;
            case CLOSED, DISABLED, METRICS_ONLY -> BreakerState.CLOSED;
        };
    }

    private static String describe(ProviderException.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** One deployment's breaker and the counters resilience4j does not keep. */
    private final class Entry {
        final Deployment deployment;
        final BreakerConfig config;
        final CircuitBreaker breaker;
        final AtomicInteger consecutiveFailures = new AtomicInteger();
        final AtomicLong openings = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        volatile Instant openedAt = Instant.EPOCH;
        volatile Instant halfOpenedAt = Instant.EPOCH;
        volatile String openCause = "";
        volatile String pendingCause;

        Entry(Deployment deployment, BreakerConfig config) {
            this.deployment = deployment;
            this.config = config;
            CircuitBreakerConfig r4j = CircuitBreakerConfig.custom()
                    .slidingWindow(config.windowS(), config.minCalls(), CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
                    .failureRateThreshold((float) (config.failureRate() * 100))
                    .waitDurationInOpenState(Duration.ofSeconds(config.openS()))
                    .permittedNumberOfCallsInHalfOpenState(config.halfOpenCalls())
                    .clock(clock)
                    .currentTimestampFunction(c -> c.millis(), TimeUnit.MILLISECONDS)
                    .build();
            this.breaker = CircuitBreaker.of(deployment.toString(), r4j);
            breaker.getEventPublisher().onStateTransition(event -> onTransition(this, event));
        }

        Instant openUntil() {
            return openedAt.plusSeconds(config.openS());
        }
    }

    /** What a counted failure looks like to resilience4j: the kind, without a stack trace. */
    private static final class CountedFailure extends RuntimeException {
        CountedFailure(ProviderException.Kind kind) {
            super(kind.name(), null, false, false);
        }
    }
}
