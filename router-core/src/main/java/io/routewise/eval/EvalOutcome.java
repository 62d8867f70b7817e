package io.routewise.eval;

/**
 * What one model did with one evaluation prompt in one run: the unit drift detection,
 * recalibration, storage and reports work on.
 *
 * @param runId        the run
 * @param itemId       the prompt's {@link EvalItem#id()}
 * @param model        the catalog model id called (never a fallback: evaluation calls one model)
 * @param provider     its provider
 * @param task         the prompt's task
 * @param complexity   the prompt's complexity
 * @param passed       the score; false when the call failed
 * @param error        the failure kind ({@code timeout}, {@code rate_limited}, {@code upstream_5xx}, ...) or null
 * @param latencyMs    total latency of the call (ms), including retries
 * @param inputTokens  billed input tokens (0 on error)
 * @param outputTokens billed output tokens (0 on error)
 * @param costUsd      cost of the call at list price
 * @param detail       the scorer's reason or the error message (short)
 */
public record EvalOutcome(String runId, String itemId, String model, String provider, String task, String complexity,
                          boolean passed, String error, long latencyMs, long inputTokens, long outputTokens,
                          double costUsd, String detail) {

    /** The routing class: {@code complexity + "." + task}. */
    public String label() {
        return complexity + "." + task;
    }

    public boolean failed() {
        return error != null;
    }
}
