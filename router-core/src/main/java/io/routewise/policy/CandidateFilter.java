package io.routewise.policy;

import io.routewise.chat.ChatRequest;
import io.routewise.config.ModelConfig;

/**
 * A reason beyond capabilities to keep a catalog model out of one decision: its provider's circuit
 * is open, its budget is spent. The {@link RoutingEngine} asks every filter about every model that
 * can otherwise serve the request; the first reason given excludes it and appears in the decision.
 */
@FunctionalInterface
public interface CandidateFilter {

    /** Excludes nothing. */
    CandidateFilter NONE = (model, request) -> null;

    /**
     * @return why {@code model} must not serve {@code request} now (e.g. "provider openai circuit
     *         open"), or null when it may
     */
    String exclusionReason(ModelConfig model, ChatRequest request);

    /**
     * @return why {@code model} should be ranked after the candidates of adequate quality without such a
     *         reason (e.g. a budget past its soft threshold), or null; asked only of models not excluded
     */
    default String softReason(ModelConfig model, ChatRequest request) {
        return null;
    }
}
