package io.routewise.resilience;

import io.routewise.catalog.Exclusion;
import io.routewise.providers.ProviderException;
import java.time.Duration;

/**
 * {@link Resilience}'s gate for one request: the request's needs and deadline, worked out once, and
 * every question the dispatcher asks answered by the breakers, health checks, latency tracker,
 * provider limits, retry policies and time limits of the router.
 */
final class ResilientRequestGate implements CallGate.RequestGate {

    private final Resilience resilience;
    private final RequestNeeds needs;
    private final Deadline deadline;

    ResilientRequestGate(Resilience resilience, RequestNeeds needs, Deadline deadline) {
        this.resilience = resilience;
        this.needs = needs;
        this.deadline = deadline;
    }

    @Override
    public Exclusion deadlinePassed() {
        return deadline.expired() ? Exclusion.of(Exclusion.Cause.DEADLINE,
                "the request's deadline of " + deadline.total().toMillis() + " ms passed") : null;
    }

    @Override
    public Exclusion screen(Deployment deployment, CallGate.Screening screening) {
        CandidateHealth candidates = resilience.candidates();
        return switch (screening) {
            case BREAKER_ONLY -> candidates.breakerExclusion(deployment);
            case FULL -> candidates.exclusion(deployment, needs);
            case FULL_WITHOUT_LATENCY_BUDGET -> candidates.exclusion(deployment, new RequestNeeds(null, needs.estimatedTokens()));
        };
    }

    @Override
    public CallGate.Admission admit(Deployment deployment) {
        Admission admission = resilience.limits().tryAdmit(deployment.provider(), needs.estimatedTokens());
        if (!admission.admitted()) {
            return new CallGate.Admission(null, Exclusion.of(Exclusion.Cause.SATURATED, admission.refusal()));
        }
        ProviderLimits.Permit permit = admission.permit();
        Exclusion shared = resilience.sharedRefusal(deployment.provider(), needs.estimatedTokens());
        if (shared != null) {
            permit.close();
            return new CallGate.Admission(null, shared);
        }
        return new CallGate.Admission(tokens -> {
            if (tokens == null) {
                permit.close();
            } else {
                permit.release(tokens);
            }
        }, null);
    }

    @Override
    public Exclusion acquireCall(Deployment deployment) {
        DeploymentBreakers breakers = resilience.breakers();
        if (breakers.tryAcquirePermission(deployment)) {
            return null;
        }
        String why = breakers.exclusionReason(deployment);
        return Exclusion.of(Exclusion.Cause.BREAKER_OPEN, why != null ? why : "circuit half-open and its probe calls are taken");
    }

    @Override
    public CallGate.Timeouts timeouts(Deployment deployment) {
        Deadlines limits = resilience.deadlines(deployment.provider());
        return new CallGate.Timeouts(limits.attemptTimeout(deadline), limits.firstTokenTimeout(deadline));
    }

    @Override
    public void record(Deployment deployment, CallGate.Outcome outcome) {
        DeploymentBreakers breakers = resilience.breakers();
        if (outcome instanceof CallGate.Outcome.Answered a) {
            breakers.recordSuccess(deployment, a.took());
            resilience.latency().recordTotal(deployment, a.took());
        } else if (outcome instanceof CallGate.Outcome.Failed f) {
            breakers.recordFailure(deployment, f.failure().kind(), f.took());
            if (f.failure().kind() == ProviderException.Kind.RATE_LIMITED) {
                resilience.limits().onRateLimited(deployment.provider());
            }
        } else {
            // Abandoned, not the provider's verdict: the probe slot goes back.
            breakers.releasePermission(deployment);
        }
    }

    @Override
    public void recordFirstToken(Deployment deployment, Duration ttft) {
        resilience.latency().recordFirstToken(deployment, ttft);
    }

    @Override
    public RetryDecision retry(Deployment deployment, ProviderException failure, int attemptsMade) {
        return resilience.retryPolicy(deployment.provider()).next(failure, attemptsMade, false, deadline);
    }
}
