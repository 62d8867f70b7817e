package io.routewise.dispatch;

import io.routewise.catalog.Exclusion;
import io.routewise.chat.ChatRequest;
import io.routewise.config.ModelConfig;
import io.routewise.ledger.BudgetExceededException;
import io.routewise.providers.ProviderException;
import io.routewise.providers.ProviderRegistry;
import io.routewise.resilience.CallGate;
import io.routewise.resilience.Deployment;
import io.routewise.resilience.RetryDecision;
import java.time.Duration;

/**
 * The attempts at one model of a request's chain: the provider's permit (held across retries, so a
 * retry after a 429's Retry-After is not refused by the rate that 429 just lowered), then per attempt
 * the budget admission, the circuit's permission, the call, its outcome told to the gate and settled
 * in the books, and a retry after a backoff while the gate says it is worth one.
 */
final class AttemptRunner<T> {

    /** How the attempts at one model ended: answered ({@code done}), or moved on, having called it or not. */
    record Outcome<T>(boolean done, boolean called, T value) {

        static <T> Outcome<T> movedOn(boolean called) {
            return new Outcome<>(false, called, null);
        }
    }

    private final ProviderRegistry providers;
    private final ChatRequest request;
    private final Call<T> call;
    private final Bookkeeping books;
    private final CallGate.RequestGate gate;
    private final AttemptLog log;

    AttemptRunner(ProviderRegistry providers, ChatRequest request, Call<T> call, Bookkeeping books,
                  CallGate.RequestGate gate, AttemptLog log) {
        this.providers = providers;
        this.request = request;
        this.call = call;
        this.books = books;
        this.gate = gate;
        this.log = log;
    }

    /**
     * @param index the model's place in the chain (the ledger's fallback index)
     * @throws DispatchException when the request must end here: the answer had started, or the provider
     *                           rejected a request every model would reject
     */
    Outcome<T> run(int index, ModelConfig model, Deployment deployment) throws DispatchException {
        CallGate.Admission admission = gate.admit(deployment);
        if (!admission.admitted()) {
            // Spread, don't queue: the next model takes the request.
            log.skipped(model, admission.refusal());
            return Outcome.movedOn(false);
        }
        ProviderRegistry.Provider provider = providers.get(model.provider());
        Integer tokens = null;
        boolean called = false;
        try {
            for (int n = 1; ; n++) {
                Bookkeeping.Entry entry;
                try {
                    entry = books.admit(model, request);
                } catch (BudgetExceededException e) {
                    // Over budget is not a failure of the model: the next candidate takes the request.
                    log.skipped(model, Exclusion.of(Exclusion.Cause.BUDGET_HARD, e.getMessage()));
                    return Outcome.movedOn(called);
                }
                Exclusion shut = gate.acquireCall(deployment);
                if (shut != null) {
                    entry.cancel();
                    log.skipped(model, shut);
                    return Outcome.movedOn(called);
                }
                called = true;
                Step<T> step = callOnce(index, model, provider, deployment, entry, n);
                if (step.answered) {
                    tokens = call.tokensUsed(step.value);
                    return new Outcome<>(true, true, step.value);
                }
                if (!step.retry) {
                    return Outcome.movedOn(true);
                }
            }
        } finally {
            admission.permit().release(tokens);
        }
    }

    /** What one call led to: an answer, a retry of the same model, or the next model. */
    private record Step<T>(boolean answered, boolean retry, T value) {
    }

    private Step<T> callOnce(int index, ModelConfig model, ProviderRegistry.Provider provider, Deployment deployment,
                             Bookkeeping.Entry entry, int attemptNumber) throws DispatchException {
        long start = System.nanoTime();
        boolean verdictRecorded = false;
        boolean settled = false;
        Settlement settlement = null;
        try {
            T value;
            try {
                value = call.attempt(new Call.Context(model, provider, deployment, gate.timeouts(deployment), gate,
                        log.attempts(), log.upstreamNanos()));
            } catch (ProviderException e) {
                long took = System.nanoTime() - start;
                log.called(new Attempt(model.id(), model.provider(), took, e, null, call.firstTokenNanos()));
                gate.record(deployment, new CallGate.Outcome.Failed(e, Duration.ofNanos(took)));
                verdictRecorded = true;
                settlement = settlement(index, took, e.upstreamStatus() > 0 ? Integer.toString(e.upstreamStatus())
                        : e.kind().name(), e.getMessage(), null, billable(e, call.started()));
                if (call.started()) {
                    throw log.failure(true);
                }
                if (!e.retryable()) {
                    // Every model would reject the same request.
                    throw log.failure(false);
                }
                RetryDecision next = gate.retry(deployment, e, attemptNumber);
                if (!next.retry()) {
                    return new Step<>(false, false, null);
                }
                // Settled now, so the backoff below is not counted in its latency.
                entry.settle(settlement);
                settled = true;
                log.waited(sleep(next.delay()));
                return new Step<>(false, true, null);
            }
            long took = System.nanoTime() - start;
            log.called(new Attempt(model.id(), model.provider(), took, null, null, call.firstTokenNanos()));
            gate.record(deployment, new CallGate.Outcome.Answered(Duration.ofNanos(took)));
            verdictRecorded = true;
            settlement = settlement(index, took, "200", null, value, true);
            return new Step<>(true, false, value);
        } finally {
            if (!verdictRecorded) {
                // Ended by something that is not the provider's answer (the request refused on the way
                // out, the client gone mid-stream, an internal error).
                gate.record(deployment, new CallGate.Outcome.Abandoned());
            }
            if (!settled) {
                entry.settle(settlement != null ? settlement : settlement(index, System.nanoTime() - start, "ABORTED",
                        "the attempt ended without an answer (client gone or internal error)", null, call.started()));
            }
        }
    }

    private Settlement settlement(int index, long took, String status, String error, T value, boolean billed) {
        return new Settlement(index, took, call.firstTokenNanos(), status, error, call.usage(value), call.outputChars(value),
                billed);
    }

    /**
     * Whether a failed attempt may have cost money: something was produced (the stream had started),
     * or the provider may have done the work (timeout, cut or unreadable answer). Refusals (connection,
     * 429, 5xx, rejected request) cost nothing.
     */
    private static boolean billable(ProviderException e, boolean started) {
        return started || e.kind() == ProviderException.Kind.TIMEOUT
                || e.kind() == ProviderException.Kind.STREAM_INTERRUPTED
                || e.kind() == ProviderException.Kind.BAD_RESPONSE;
    }

    /** Waits before a retry; returns the nanoseconds waited. */
    private long sleep(Duration delay) throws DispatchException {
        long start = System.nanoTime();
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw log.failure(false);
        }
        return System.nanoTime() - start;
    }
}
