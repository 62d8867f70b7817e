package io.routewise.ledger;

import io.routewise.chat.ChatRequest;
import io.routewise.chat.Usage;
import io.routewise.config.ModelConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher's two calls per upstream attempt: {@link #admit} before sending (reserves the
 * estimated cost against the budgets, or refuses), {@link #settle} after it (prices it, settles the
 * reservation, queues the ledger row). Settling never throws: by then the client may have its answer,
 * and bookkeeping failures are logged and counted instead.
 */
public final class AttemptLedger {

    private static final Logger LOG = LoggerFactory.getLogger(AttemptLedger.class);

    private final BudgetStore budgets;
    private final AsyncLedgerWriter writer;
    private volatile boolean logPrompts;
    private final PromptRedactor redactor;

    /** What calls are likely to produce, per model (null: every reservation assumes the output limit). */
    private volatile OutputTokenEstimates outputs;
    /** How long a call may wait for calls in flight to leave room in a budget. */
    private volatile java.time.Duration maxWait = java.time.Duration.ZERO;

    public AttemptLedger(BudgetStore budgets, AsyncLedgerWriter writer, boolean logPrompts, PromptRedactor redactor) {
        this.budgets = budgets;
        this.writer = writer;
        this.logPrompts = logPrompts;
        this.redactor = redactor;
    }

    /** An admitted attempt: what {@link #settle} needs. */
    public record Admission(BudgetTarget target, ModelConfig model, ChatRequest request, Reservation reservation) {
    }

    /**
     * Reserves the attempt's likely cost ({@link CostCalculator#estimateUsd}: the prompt plus the model's
     * p95 output tokens from the ledger, else every model's, else routing's expected output length; capped by
     * the request's {@code max_tokens} and the model's limit)
     * against every budget it falls under, waiting up to the configured time when only calls in flight
     * keep it out ({@link BudgetStore#reserve(BudgetTarget, double, java.time.Duration)}).
     *
     * @throws BudgetExceededException naming the budget: try the next candidate, or answer 429
     */
    public Admission admit(BudgetTarget target, ModelConfig model, ChatRequest request) {
        OutputTokenEstimates o = outputs;
        if (o == null || budgets.applicable(target).isEmpty()) {
            return new Admission(target, model, request, budgets.reserve(target,
                    CostCalculator.estimateUsd(model, request), maxWait));
        }
        double estimate = CostCalculator.estimateUsd(model, request, typicalOutput(o, model));
        try {
            return new Admission(target, model, request, budgets.reserve(target, estimate, maxWait));
        } catch (BudgetExceededException e) {
            if (o.hasOwn(model.id())) {
                throw e;
            }
            // A stand-in estimate (no history of its own when last read) kept the call out: the model's
            // first calls may have been recorded since; look again once before refusing.
            o.forget(model.id());
            double fresh = CostCalculator.estimateUsd(model, request, typicalOutput(o, model));
            if (!(fresh < estimate)) {
                throw e;
            }
            return new Admission(target, model, request, budgets.reserve(target, fresh, maxWait));
        }
    }

    /** The model's p95 output from the ledger, else every model's, else routing's expected output (within its limit). */
    private java.util.OptionalInt typicalOutput(OutputTokenEstimates o, ModelConfig model) {
        java.util.OptionalInt typical = o.p95(model.id());
        if (typical.isPresent()) {
            return typical;
        }
        int limit = model.maxOutputTokens() == null ? coldStartOutput : model.maxOutputTokens();
        return java.util.OptionalInt.of(Math.min(coldStartOutput, limit));
    }

    /**
     * How reservations are sized and how long a call waits for room (config {@code ledger.budget_reserve} and
     * {@code ledger.budget_max_wait_ms}).
     *
     * @param outputs the per-model output-token history, or null to reserve every call's output limit
     */
    public void reservations(OutputTokenEstimates outputs, int coldStartOutput, java.time.Duration maxWait) {
        this.outputs = outputs;
        this.coldStartOutput = coldStartOutput;
        this.maxWait = maxWait;
    }

    /** Output tokens a typical reservation assumes before the ledger has any history (routing's expected output). */
    private volatile int coldStartOutput = 300;

    /**
     * Prices the finished attempt, settles its reservation and queues its row.
     *
     * @param row         the attempt's context (request id, latency, status, error, decision, classes,
     *                    versions, pool, fallback index); provider, model, key, stream, cost and messages
     *                    are filled in here
     * @param usage       what the provider reported, or null
     * @param outputChars characters of answer received, or null when unknown
     * @param billed      false when the attempt failed before the provider produced anything (nothing
     *                    to pay: the reservation is released and the row costs 0)
     * @return the row queued (or dropped, when the queue was full)
     */
    public LedgerRow settle(Admission admission, LedgerRow.Builder row, Usage usage, Long outputChars, boolean billed) {
        Cost cost = billed ? CostCalculator.cost(admission.model(), admission.request(), usage, outputChars)
                : new Cost(0, 0, 0, 0, false);
        try {
            if (billed) {
                budgets.reconcile(admission.reservation(), cost.usd());
            } else {
                budgets.release(admission.reservation());
            }
        } catch (RuntimeException e) {
            // The reservation expires by itself; the ledger row below still records the spend.
            LOG.error("budgets: cannot settle reservation {}: {}", admission.reservation().id(), e.getMessage());
        }
        LedgerRow built = row.provider(admission.target().provider())
                .model(admission.target().model())
                .apiKeyId(admission.target().apiKeyId())
                .stream(admission.request().stream())
                .cost(cost)
                .messages(PromptLog.messagesJson(admission.request().messages(), logPrompts, redactor))
                .build();
        writer.submit(built);
        return built;
    }

    /** Returns an admitted attempt's reservation when it is not sent after all (no row is written); never throws. */
    public void cancel(Admission admission) {
        try {
            budgets.release(admission.reservation());
        } catch (RuntimeException e) {
            LOG.error("budgets: cannot release reservation {}: {}", admission.reservation().id(), e.getMessage());
        }
    }

    /** Whether rows carry the prompt (redacted) from now on ({@code logging.log_prompts}, on a config reload). */
    public void logPrompts(boolean on) {
        logPrompts = on;
    }
}
