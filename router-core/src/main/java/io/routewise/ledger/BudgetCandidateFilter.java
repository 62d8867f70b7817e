package io.routewise.ledger;

import io.routewise.chat.ChatRequest;
import io.routewise.config.ModelConfig;
import io.routewise.policy.CandidateFilter;

/**
 * Budgets in routing decisions: a model whose provider or model budget is at its cap (HARD) is
 * excluded with the budget in the reason; one past its soft threshold (SOFT) is ranked after the
 * candidates of adequate quality that are not (see {@link io.routewise.policy.RoutingPolicy}).
 *
 * <p>Key budgets are not seen here (the routing engine does not know the caller); the dispatcher's
 * admission ({@link AttemptLedger#admit}) enforces them, as it does every budget, per attempt.
 */
public final class BudgetCandidateFilter implements CandidateFilter {

    private final BudgetStore budgets;
    // The engine asks exclusionReason then softReason about one model on one thread: read the status once.
    private final ThreadLocal<Object[]> last = ThreadLocal.withInitial(() -> new Object[3]);

    public BudgetCandidateFilter(BudgetStore budgets) {
        this.budgets = budgets;
    }

    @Override
    public String exclusionReason(ModelConfig model, ChatRequest request) {
        BudgetStatus s = status(model, request);
        return s.level() == BudgetStatus.Level.HARD ? s.reason() : null;
    }

    @Override
    public String softReason(ModelConfig model, ChatRequest request) {
        BudgetStatus s = status(model, request);
        return s.level() == BudgetStatus.Level.SOFT ? s.reason() : null;
    }

    private BudgetStatus status(ModelConfig model, ChatRequest request) {
        Object[] cached = last.get();
        if (cached[0] == request && cached[1] == model) {
            return (BudgetStatus) cached[2];
        }
        BudgetStatus s = budgets.status(new BudgetTarget(model.provider(), model.id(), null));
        cached[0] = request;
        cached[1] = model;
        cached[2] = s;
        return s;
    }
}
