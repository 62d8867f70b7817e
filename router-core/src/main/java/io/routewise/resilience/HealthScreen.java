package io.routewise.resilience;

import io.routewise.chat.ChatRequest;
import io.routewise.config.ModelConfig;
import io.routewise.policy.CandidateFilter;

/**
 * Resilience in routing decisions: keeps out every deployment whose circuit is open, that failed its
 * health checks, cannot meet the request's latency budget, whose provider is saturated, or that is
 * being re-admitted and this request falls outside its share ({@link CandidateHealth}). The request's
 * needs (latency budget, token estimate) are worked out once per request.
 */
public final class HealthScreen implements CandidateFilter {

    private final Resilience resilience;

    public HealthScreen(Resilience resilience) {
        this.resilience = resilience;
    }

    @Override
    public Screen forRequest(ChatRequest request) {
        RequestNeeds needs = resilience.needs(request);
        CandidateHealth health = resilience.candidates();
        return model -> health.exclusion(Deployment.of(model), needs);
    }
}
