package io.routewise.ledger;

import io.routewise.config.BudgetConfig;

/**
 * A budget's current period.
 *
 * @param periodStart {@code 2026-11-21} (day) or {@code 2026-11} (month), UTC
 * @param spentUsd    settled cost
 * @param reservedUsd held by calls in flight
 */
public record BudgetUsage(BudgetConfig budget, String periodStart, double spentUsd, double reservedUsd) {
}
