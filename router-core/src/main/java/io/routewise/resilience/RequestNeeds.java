package io.routewise.resilience;

import io.routewise.config.RoutingConfig;

/**
 * What one request asks of a deployment's health and capacity (capabilities and context are the
 * catalog's business, see {@link io.routewise.catalog.Requirements}).
 *
 * @param ttftBudgetMs    the p95 time to first token a deployment must meet, or null for no budget
 * @param estimatedTokens prompt estimate plus the output it may ask for, for tokens-per-minute limits
 */
record RequestNeeds(Integer ttftBudgetMs, int estimatedTokens) {

    /**
     * The needs of a request in {@code pool} (null: {@code interactive}), whose own
     * {@code latency_budget_ms} (null when it gave none) overrides the pool's budget.
     */
    public static RequestNeeds of(RoutingConfig routing, String pool, Integer requestBudgetMs, int estimatedTokens) {
        Integer budget = requestBudgetMs != null ? requestBudgetMs : routing.ttftBudgetMs(pool == null ? "interactive" : pool);
        return new RequestNeeds(budget, estimatedTokens);
    }
}
