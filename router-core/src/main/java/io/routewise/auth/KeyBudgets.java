package io.routewise.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.routewise.config.BudgetConfig;
import java.util.List;
import java.util.function.Function;

/**
 * The budget a caller key carries ({@code budget_usd} per {@code budget_period}), as a {@code key}-scope
 * budget on the key's ledger id, for the budget store to enforce next to the configured ones. Key rows
 * are cached as briefly as for authentication, so a changed key is seen within seconds.
 */
public final class KeyBudgets implements Function<String, List<BudgetConfig>> {

    private final CallerKeyStore store;
    private final Cache<String, List<BudgetConfig>> cache = Caffeine.newBuilder()
            .expireAfterWrite(CallerKeyAuthenticator.CACHE_TTL).maximumSize(100_000).build();

    public KeyBudgets(CallerKeyStore store) {
        this.store = store;
    }

    @Override
    public List<BudgetConfig> apply(String ledgerId) {
        if (ledgerId == null || !ledgerId.startsWith("key_")) {
            return List.of();
        }
        return cache.get(ledgerId, id -> store.find(id.substring("key_".length()))
                .map(CallerKeyStore.Stored::key)
                .filter(k -> k.budgetUsd() != null)
                .map(k -> List.of(new BudgetConfig("key", k.ledgerId(), k.budgetPeriod().label(), k.budgetUsd())))
                .orElse(List.of()));
    }
}
