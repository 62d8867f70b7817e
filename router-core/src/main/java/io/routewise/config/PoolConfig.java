package io.routewise.config;

/**
 * A latency pool ({@code routing.pools.interactive}, {@code routing.pools.batch}).
 *
 * @param ttftBudgetMs the time to first token a deployment must meet (its p95) to serve this pool,
 *                     or null for no budget; a request's {@code latency_budget_ms} overrides it
 */
public record PoolConfig(Integer ttftBudgetMs) {
}
