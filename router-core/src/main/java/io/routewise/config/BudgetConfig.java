package io.routewise.config;

/**
 * A spending cap (enforced by the ledger, a later part).
 *
 * @param scope  provider, model or key
 * @param name   the provider, model or API-key id it applies to
 * @param period day or month
 * @param usd    the cap
 */
public record BudgetConfig(String scope, String name, String period, Double usd) {
}
