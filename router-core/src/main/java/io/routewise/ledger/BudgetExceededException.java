package io.routewise.ledger;

import io.routewise.config.BudgetConfig;

/** A reservation was refused: the call's estimate does not fit in a budget. Maps to HTTP 429. */
public class BudgetExceededException extends RuntimeException {

    private final transient BudgetConfig budget;
    private final boolean inFlightOnly;

    public BudgetExceededException(BudgetConfig budget, String message) {
        this(budget, message, false);
    }

    /**
     * @param inFlightOnly the spent money alone leaves room for the call: only reservations of calls in
     *                     flight stand in the way, so waiting for them to settle may admit it
     */
    public BudgetExceededException(BudgetConfig budget, String message, boolean inFlightOnly) {
        super(message);
        this.budget = budget;
        this.inFlightOnly = inFlightOnly;
    }

    /** Whether only calls in flight (not spent money) keep the call out. */
    public boolean inFlightOnly() {
        return inFlightOnly;
    }

    /** The budget that refused. */
    public BudgetConfig budget() {
        return budget;
    }
}
