package io.routewise.training;

/**
 * One model's answer to a logged request, as the traffic log records it. Every field but the
 * model may be absent (null).
 *
 * @param model        the model id
 * @param outcome      quality of the answer in [0, 1], 1 = fully adequate
 * @param costUsd      what the call cost
 * @param inputTokens  prompt tokens
 * @param outputTokens completion tokens
 * @param latencyMs    end-to-end latency
 */
public record LoggedResponse(String model, Double outcome, Double costUsd, Long inputTokens, Long outputTokens,
                             Double latencyMs) {

    /** Outcome at or above which an answer counts as adequate. */
    public static final double ADEQUATE = 0.5;

    public boolean hasOutcome() {
        return outcome != null;
    }

    public boolean adequate() {
        return outcome != null && outcome >= ADEQUATE;
    }
}
