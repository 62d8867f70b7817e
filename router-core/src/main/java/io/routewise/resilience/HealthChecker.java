package io.routewise.resilience;

import io.routewise.config.HealthCheckConfig;
import io.routewise.providers.ProviderException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Active health checks: probes each deployment about every {@code interval_s} (each wait drawn from
 * {@code interval ± jitter}, so probes spread out), marks it {@link HealthStatus#UNHEALTHY unhealthy}
 * after {@code unhealthy_after} failed probes in a row, and re-admits it along an {@link AdmissionRamp}
 * once a probe passes again.
 *
 * <p>Scheduling is injected: production passes a {@link Scheduler} over a
 * {@link java.util.concurrent.ScheduledExecutorService}; tests run the queued probes by hand.
 */
public final class HealthChecker {

    /** Runs a task once after a delay. */
    @FunctionalInterface
    public interface Scheduler {
        void schedule(Runnable task, Duration delay);
    }

    private final HealthCheckConfig config;
    private final Probe probe;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final RandomGenerator random;
    private final AdmissionRamp ramp;
    private final Map<Deployment, State> states = new ConcurrentHashMap<>();
    /** The deployments being probed; one no longer here is not rescheduled. */
    private volatile Set<Deployment> tracked = Set.of();
    private Scheduler scheduler;
    private final List<HealthListener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean stopped;

    /**
     * @param nanoTime measures probe durations ({@code System::nanoTime})
     * @param random   draws the jittered intervals; thread-safe when probes run on several threads
     */
    public HealthChecker(HealthCheckConfig config, Probe probe, Clock clock, LongSupplier nanoTime,
                         RandomGenerator random) {
        this.config = config;
        this.probe = probe;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.random = random;
        this.ramp = new AdmissionRamp(config.ramp(), Duration.ofSeconds(config.rampStepS()));
    }

    public void addListener(HealthListener listener) {
        listeners.add(listener);
    }

    /**
     * Starts probing every deployment: the first probe of each after a random share of one interval
     * (so they do not all fire together), then every {@link #nextInterval()}. Does nothing when
     * health checks are disabled.
     */
    public synchronized void start(Collection<Deployment> deployments, Scheduler scheduler) {
        if (!config.enabled()) {
            return;
        }
        this.scheduler = scheduler;
        tracked = Set.copyOf(deployments);
        for (Deployment d : deployments) {
            scheduleFirst(d);
        }
    }

    /**
     * Probes exactly these deployments from now on (a config reload): new ones start being probed,
     * removed ones stop and their state is forgotten, the others keep theirs. Before {@link #start},
     * only remembers the set.
     */
    public synchronized void track(Collection<Deployment> deployments) {
        Set<Deployment> next = Set.copyOf(deployments);
        Set<Deployment> before = tracked;
        tracked = next;
        states.keySet().retainAll(next);
        if (scheduler == null || !config.enabled()) {
            return;
        }
        for (Deployment d : next) {
            if (!before.contains(d)) {
                scheduleFirst(d);
            }
        }
    }

    private void scheduleFirst(Deployment d) {
        state(d);
        long firstMs = random.nextLong(config.intervalS() * 1000L + 1);
        Scheduler s = scheduler;
        s.schedule(() -> probeAndReschedule(d, s), Duration.ofMillis(firstMs));
    }

    /** Stops rescheduling probes; a probe already running finishes. */
    public void stop() {
        stopped = true;
    }

    /** The wait before a deployment's next probe: uniform in {@code [interval - jitter, interval + jitter]}. */
    public Duration nextInterval() {
        long base = config.intervalS() * 1000L;
        long jitter = config.jitterS() * 1000L;
        return Duration.ofMillis(base - jitter + (jitter == 0 ? 0 : random.nextLong(2 * jitter + 1)));
    }

    private void probeAndReschedule(Deployment d, Scheduler scheduler) {
        if (stopped || !tracked.contains(d)) {
            return;
        }
        try {
            probeNow(d);
        } finally {
            if (!stopped) {
                scheduler.schedule(() -> probeAndReschedule(d, scheduler), nextInterval());
            }
        }
    }

    /** Probes the deployment once, now, on this thread; true when it answered. */
    public boolean probeNow(Deployment d) {
        long start = nanoTime.getAsLong();
        ProviderException failure = null;
        try {
            probe.probe(d);
        } catch (ProviderException e) {
            failure = e;
        } catch (RuntimeException e) {
            // A broken probe must not stop the checks; it counts as a failed probe and says why.
            failure = new ProviderException(ProviderException.Kind.BAD_RESPONSE, 0, null,
                    "the probe itself failed: " + e, e);
        }
        Duration took = Duration.ofNanos(nanoTime.getAsLong() - start);
        for (HealthListener l : listeners) {
            l.onProbe(d, took, failure);
        }
        record(d, failure);
        return failure == null;
    }

    /** Applies one probe result (null failure: it passed). */
    void record(Deployment d, ProviderException failure) {
        State s = state(d);
        HealthStatus before;
        HealthStatus after;
        synchronized (s) {
            before = s.status(clock.instant());
            if (failure == null) {
                s.consecutiveFailures = 0;
                if (before == HealthStatus.UNHEALTHY) {
                    s.recoveredAt = clock.instant();
                    s.unhealthy = false;
                }
            } else {
                s.consecutiveFailures++;
                s.lastFailure = failure.getMessage();
                if (s.consecutiveFailures >= config.unhealthyAfter()) {
                    s.unhealthy = true;
                    s.recoveredAt = null;
                }
            }
            after = s.status(clock.instant());
        }
        if (before != after) {
            for (HealthListener l : listeners) {
                l.onStatusChange(d, before, after);
            }
        }
    }

    public DeploymentHealth health(Deployment d) {
        State s = states.get(d);
        if (s == null) {
            return new DeploymentHealth(HealthStatus.HEALTHY, 0, 1.0, null);
        }
        synchronized (s) {
            Instant now = clock.instant();
            return new DeploymentHealth(s.status(now), s.consecutiveFailures, s.share(now), s.lastFailure);
        }
    }

    /** The share of its traffic the deployment may take now: 1 healthy, 0 unhealthy, the ramp's share recovering. */
    public double admittedShare(Deployment d) {
        return health(d).admittedShare();
    }

    /**
     * Why the deployment may not take this request, or null when it may.
     *
     * @param draw a uniform random number in [0, 1): a recovering deployment takes the request when the
     *             draw falls under its admitted share
     */
    public String exclusionReason(Deployment d, double draw) {
        DeploymentHealth h = health(d);
        return switch (h.status()) {
            case HEALTHY -> null;
            case UNHEALTHY -> "unhealthy: " + h.consecutiveFailures() + " failed probe" + (h.consecutiveFailures() == 1 ? "" : "s")
                    + (h.lastFailure() == null ? "" : " (last: " + h.lastFailure() + ")");
            case RECOVERING -> draw < h.admittedShare() ? null
                    : "ramping up: " + Math.round(h.admittedShare() * 100) + " % admitted";
        };
    }

    private State state(Deployment d) {
        return states.computeIfAbsent(d, k -> new State());
    }

    /** One deployment's probe history; guarded by its own monitor. */
    private final class State {
        int consecutiveFailures;
        boolean unhealthy;
        Instant recoveredAt;
        String lastFailure;

        HealthStatus status(Instant now) {
            if (unhealthy) {
                return HealthStatus.UNHEALTHY;
            }
            if (recoveredAt != null && !ramp.complete(Duration.between(recoveredAt, now))) {
                return HealthStatus.RECOVERING;
            }
            return HealthStatus.HEALTHY;
        }

        double share(Instant now) {
            return switch (status(now)) {
                case HEALTHY -> 1.0;
                case UNHEALTHY -> 0.0;
                case RECOVERING -> ramp.share(Duration.between(recoveredAt, now));
            };
        }
    }
}
