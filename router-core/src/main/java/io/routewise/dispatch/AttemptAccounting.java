package io.routewise.dispatch;

import io.routewise.chat.ChatRequest;
import io.routewise.chat.Usage;
import io.routewise.config.ModelConfig;
import io.routewise.ledger.AttemptLedger;
import io.routewise.ledger.BudgetExceededException;
import io.routewise.ledger.BudgetTarget;
import io.routewise.ledger.LedgerRow;
import io.routewise.policy.RouteDecision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One request's bookkeeping in the cost ledger, for the dispatcher: every upstream attempt (first
 * choice, retries, fallbacks, hot standby) is admitted against the budgets before it is sent and
 * settled (priced, its reservation reconciled, its row queued) after it, whatever its outcome.
 * Remembers the budget refusals so the caller can tell "every candidate was over budget" (HTTP 429)
 * from other failures. Used by one request's thread at a time.
 */
public final class AttemptAccounting {

    private final AttemptLedger ledger;
    private final String requestId;
    private final String apiKeyId;
    private final RouteDecision decision;
    private final String configVersion;
    private final List<BudgetExceededException> refusals = new ArrayList<>();
    private double costUsd;

    /**
     * @param apiKeyId      the caller's key id ({@link io.routewise.ledger.ApiKeyIds#of}), or null
     * @param decision      the routing decision for {@code model: "auto"}, or null
     * @param configVersion the config version serving the request
     */
    public AttemptAccounting(AttemptLedger ledger, String requestId, String apiKeyId, RouteDecision decision,
                             String configVersion) {
        this.ledger = ledger;
        this.requestId = requestId;
        this.apiKeyId = apiKeyId;
        this.decision = decision;
        this.configVersion = configVersion;
    }

    /**
     * Reserves the attempt's estimated cost.
     *
     * @throws BudgetExceededException when a budget refuses it (also remembered in {@link #refusals})
     */
    AttemptLedger.Admission admit(ModelConfig model, ChatRequest request) {
        try {
            return ledger.admit(new BudgetTarget(model.provider(), model.id(), apiKeyId), model, request);
        } catch (BudgetExceededException e) {
            refusals.add(e);
            throw e;
        }
    }

    /** Prices and records a finished attempt; never throws. */
    void settle(AttemptLedger.Admission admission, int fallbackIndex, long latencyNanos, long firstTokenNanos,
                String status, String error, Usage usage, Long outputChars, boolean billed) {
        LedgerRow.Builder row = LedgerRow.builder().requestId(requestId).ts(Instant.now())
                .latencyMs(latencyNanos / 1_000_000)
                .ttftMs(firstTokenNanos > 0 ? firstTokenNanos / 1_000_000 : null)
                .status(status).error(error).fallbackIndex(fallbackIndex);
        if (decision != null) {
            row.decision(decision);
        }
        // The config serving the request wins over the decision's (they are the same unless reloaded).
        row.configVersion(configVersion);
        ChatRequest request = admission.request();
        if (request.routing() != null && request.routing().pool() != null) {
            row.pool(request.routing().pool());
        }
        costUsd += ledger.settle(admission, row, usage, outputChars, billed).costUsd();
    }

    /** What the attempts settled so far cost, in US dollars. */
    public double costUsd() {
        return costUsd;
    }

    /** Returns the reservation of an admitted attempt that was not sent after all. */
    void cancel(AttemptLedger.Admission admission) {
        ledger.cancel(admission);
    }

    /** The budget refusals so far, in order. */
    public List<BudgetExceededException> refusals() {
        return List.copyOf(refusals);
    }

    /** True when the attempts were all budget refusals: nothing was sent and nothing else stood in the way. */
    public boolean onlyBudgetRefusals(List<Attempt> attempts) {
        if (refusals.isEmpty()) {
            return false;
        }
        long budgetSkips = attempts.stream().filter(a -> a.skipped() && a.skipReason().startsWith(BUDGET_SKIP)).count();
        return budgetSkips == attempts.size();
    }

    /** How a budget skip's reason starts (the rest is the budget's message). */
    public static final String BUDGET_SKIP = "over budget: ";
}
