package io.routewise.config;

/**
 * A spending cap, enforced by the ledger's budget store ({@code io.routewise.ledger.BudgetStore}).
 *
 * @param scope         provider, model or key
 * @param name          the provider, model or API-key id it applies to
 * @param period        day or month (calendar, UTC)
 * @param usd           the cap
 * @param softThreshold the fraction of the cap from which routing prefers other candidates (default 0.8)
 */
public record BudgetConfig(String scope, String name, String period, Double usd, Double softThreshold) {

    public static final double DEFAULT_SOFT_THRESHOLD = 0.8;

    public BudgetConfig {
        softThreshold = softThreshold == null ? DEFAULT_SOFT_THRESHOLD : softThreshold;
    }

    public BudgetConfig(String scope, String name, String period, Double usd) {
        this(scope, name, period, usd, null);
    }

    /** How messages name it: {@code model 'gpt-4o' per day ($20.00)}. */
    public String label() {
        return String.format(java.util.Locale.ROOT, "%s '%s' per %s ($%.2f)", scope, name, period, usd);
    }
}
