package io.routewise.resilience;

import io.routewise.catalog.Exclusion;
import java.util.function.DoubleSupplier;

/**
 * The one question the router asks per candidate deployment: may it take this request now, and if not,
 * why not. Checks, in order: its circuit breaker, its health checks, its latency against the request's
 * budget, its provider's concurrency and rate limits, and last, for a deployment being re-admitted, a
 * random draw against its admitted share. Takes nothing (no permit, no breaker probe slot): the
 * dispatcher takes those when it calls the chosen deployment.
 */
final class CandidateHealth {

    private final DeploymentBreakers breakers;
    private final HealthChecker health;
    private final LatencyTracker latency;
    private final ProviderLimits limits;
    private final DoubleSupplier draws;

    /**
     * @param draws uniform numbers in [0, 1) for the re-admission ramp, e.g.
     *              {@code () -> ThreadLocalRandom.current().nextDouble()}
     */
    public CandidateHealth(DeploymentBreakers breakers, HealthChecker health, LatencyTracker latency,
                           ProviderLimits limits, DoubleSupplier draws) {
        this.breakers = breakers;
        this.health = health;
        this.latency = latency;
        this.limits = limits;
        this.draws = draws;
    }

    /** Why {@code deployment} may not take a request with these needs now, or null when it may. */
    public Exclusion exclusion(Deployment deployment, RequestNeeds needs) {
        String reason = breakers.exclusionReason(deployment);
        if (reason != null) {
            return Exclusion.of(Exclusion.Cause.BREAKER_OPEN, reason);
        }
        DeploymentHealth h = health.health(deployment);
        if (h.status() == HealthStatus.UNHEALTHY) {
            return Exclusion.of(Exclusion.Cause.UNHEALTHY, health.exclusionReason(deployment, 0));
        }
        reason = latency.exclusionReason(deployment, needs.ttftBudgetMs());
        if (reason != null) {
            return Exclusion.of(Exclusion.Cause.OVER_LATENCY_BUDGET, reason);
        }
        reason = limits.saturation(deployment.provider(), needs.estimatedTokens());
        if (reason != null) {
            return Exclusion.of(Exclusion.Cause.SATURATED, reason);
        }
        // Drawn last, so only requests the deployment could otherwise take count toward its share.
        return h.status() == HealthStatus.RECOVERING
                ? Exclusion.ifAny(Exclusion.Cause.RAMPING_UP, health.exclusionReason(deployment, draws.getAsDouble())) : null;
    }

    /** Why {@code deployment}'s circuit keeps it from any call now, or null. */
    public Exclusion breakerExclusion(Deployment deployment) {
        return Exclusion.ifAny(Exclusion.Cause.BREAKER_OPEN, breakers.exclusionReason(deployment));
    }

    public DeploymentBreakers breakers() {
        return breakers;
    }

    public HealthChecker health() {
        return health;
    }

    public LatencyTracker latency() {
        return latency;
    }

    public ProviderLimits limits() {
        return limits;
    }
}
