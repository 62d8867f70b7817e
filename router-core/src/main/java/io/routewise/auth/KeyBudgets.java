package io.routewise.auth;

import io.routewise.config.BudgetConfig;
import java.util.List;
import java.util.function.Function;

/**
 * The budget a caller key carries ({@code budget_usd} per {@code budget_period}), as a {@code key}-scope
 * budget on the key's ledger id, for the budget store to enforce next to the configured ones. Keys are
 * read through the authenticator, whose cache already holds the row of every key that just called.
 */
public final class KeyBudgets implements Function<String, List<BudgetConfig>> {

    private final CallerKeyAuthenticator keys;

    public KeyBudgets(CallerKeyAuthenticator keys) {
        this.keys = keys;
    }

    @Override
    public List<BudgetConfig> apply(String ledgerId) {
        if (ledgerId == null || !ledgerId.startsWith("key_")) {
            return List.of();
        }
        return keys.key(ledgerId.substring("key_".length()))
                .filter(k -> k.budgetUsd() != null)
                .map(k -> List.of(new BudgetConfig("key", k.ledgerId(), k.budgetPeriod().label(), k.budgetUsd())))
                .orElse(List.of());
    }
}
