package io.routewise.ledger;

import java.time.Instant;
import java.util.List;

/**
 * Money set aside for one call before it is made; settle it with {@link BudgetStore#reconcile}
 * (or {@link BudgetStore#release} when nothing was spent). Unsettled, it expires at {@code expiresAt}.
 *
 * @param id        unique id
 * @param amountUsd the estimate reserved against each budget in {@code holds}
 * @param holds     the budget periods it holds money in (empty when no budget applies)
 * @param expiresAt when the expiry sweep returns the money
 */
public record Reservation(String id, double amountUsd, List<Hold> holds, Instant expiresAt) {

    public Reservation {
        holds = List.copyOf(holds);
    }

    /** The amount held in one budget's current period. */
    public record Hold(String scope, String name, String period, String periodStart) implements Comparable<Hold> {
        @Override
        public int compareTo(Hold o) {
            // One global lock order for budget_spend rows, so concurrent transactions cannot deadlock.
            return (scope + '\0' + name + '\0' + period + '\0' + periodStart)
                    .compareTo(o.scope + '\0' + o.name + '\0' + o.period + '\0' + o.periodStart);
        }
    }
}
