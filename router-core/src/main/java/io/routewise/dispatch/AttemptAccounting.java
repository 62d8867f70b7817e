package io.routewise.dispatch;

import io.routewise.catalog.Exclusion;
import io.routewise.chat.ChatRequest;
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
public final class AttemptAccounting implements Bookkeeping {

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
    @Override
    public Entry admit(ModelConfig model, ChatRequest request) {
        AttemptLedger.Admission admission;
        try {
            admission = ledger.admit(new BudgetTarget(model.provider(), model.id(), apiKeyId), model, request);
        } catch (BudgetExceededException e) {
            refusals.add(e);
            throw e;
        }
        return new Entry() {
            @Override
            public void settle(Settlement settlement) {
                AttemptAccounting.this.settle(admission, settlement);
            }

            @Override
            public void cancel() {
                ledger.cancel(admission);
            }
        };
    }

    private void settle(AttemptLedger.Admission admission, Settlement s) {
        LedgerRow.Builder row = LedgerRow.builder().requestId(requestId).ts(Instant.now())
                .latencyMs(s.latencyNanos() / 1_000_000)
                .ttftMs(s.firstTokenNanos() > 0 ? s.firstTokenNanos() / 1_000_000 : null)
                .status(s.status()).error(s.error()).fallbackIndex(s.fallbackIndex());
        if (decision != null) {
            row.decision(decision);
        }
        // The config serving the request wins over the decision's (they are the same unless reloaded).
        row.configVersion(configVersion);
        ChatRequest request = admission.request();
        if (request.routing() != null && request.routing().pool() != null) {
            row.pool(request.routing().pool());
        }
        costUsd += ledger.settle(admission, row, s.usage(), s.outputChars(), s.billed()).costUsd();
    }

    /** What the attempts settled so far cost, in US dollars. */
    public double costUsd() {
        return costUsd;
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
        return attempts.stream().allMatch(a -> a.skippedFor(Exclusion.Cause.BUDGET_HARD));
    }
}
