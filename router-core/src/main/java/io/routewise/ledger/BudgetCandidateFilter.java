package io.routewise.ledger;

import io.routewise.catalog.Exclusion;
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

    public BudgetCandidateFilter(BudgetStore budgets) {
        this.budgets = budgets;
    }

    @Override
    public Screen forRequest(ChatRequest request) {
        return this::check;
    }

    private Exclusion check(ModelConfig model) {
        BudgetStatus s = budgets.status(new BudgetTarget(model.provider(), model.id(), null));
        return switch (s.level()) {
            case HARD -> Exclusion.of(Exclusion.Cause.BUDGET_HARD, s.reason());
            case SOFT -> Exclusion.of(Exclusion.Cause.BUDGET_SOFT, s.reason());
            default -> null;
        };
    }
}
