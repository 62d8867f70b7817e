package io.routewise.ledger;

import io.routewise.config.BudgetConfig;

/** A reservation was refused: the call's estimate does not fit in a budget. Maps to HTTP 429. */
public class BudgetExceededException extends RuntimeException {

    private final transient BudgetConfig budget;

    public BudgetExceededException(BudgetConfig budget, String message) {
        super(message);
        this.budget = budget;
    }

    /** The budget that refused. */
    public BudgetConfig budget() {
        return budget;
    }
}
