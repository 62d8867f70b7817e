package io.routewise.ledger;

import io.routewise.config.BudgetConfig;

/**
 * Where a target stands against its budgets.
 *
 * @param level  the worst level over the budgets that apply
 * @param reason names the budget and its use (empty when OK)
 * @param budget the budget that set the level, or null when OK
 */
record BudgetStatus(Level level, String reason, BudgetConfig budget) {

    public static final BudgetStatus OK = new BudgetStatus(Level.OK, "", null);

    /** OK: use freely; SOFT: past the soft threshold, prefer other candidates; HARD: at the cap, exclude. */
    public enum Level { OK, SOFT, HARD }
}
