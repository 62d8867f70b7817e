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
     * Reserves the attempt's estimated cost ({@link CostCalculator#estimateUsd}) against every budget
     * it falls under.
     *
     * @throws BudgetExceededException naming the budget: try the next candidate, or answer 429
     */
    public Admission admit(BudgetTarget target, ModelConfig model, ChatRequest request) {
        Reservation r = budgets.reserve(target, CostCalculator.estimateUsd(model, request));
        return new Admission(target, model, request, r);
    }

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
