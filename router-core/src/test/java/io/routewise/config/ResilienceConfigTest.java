package io.routewise.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The resilience keys: defaults, provider overrides of the breaker, and the checks on load. */
class ResilienceConfigTest {

    private static final String MODELS = """
            models:
              - {id: m, provider: p, input_usd_per_1m: 0, output_usd_per_1m: 0, context_window: 100, max_output_tokens: 10}
            """;

    private static RoutewiseConfig parse(String providerExtras, String routing) {
        return ConfigLoader.parse("providers:\n  - {name: p, kind: simulator" + providerExtras + "}\n" + MODELS
                + (routing.isEmpty() ? "" : "routing:\n" + routing), "routewise.yaml");
    }

    private static String errorOf(String providerExtras, String routing) {
        return assertThatThrownBy(() -> parse(providerExtras, routing)).isInstanceOf(ConfigException.class)
                .actual().getMessage();
    }

    @Test
    void defaultsWhenNothingIsSaid() {
        RoutewiseConfig c = parse("", "");
        RoutingConfig r = c.routing();
        assertThat(r.ttftBudgetMs("interactive")).isEqualTo(2_000);
        assertThat(r.ttftBudgetMs("batch")).isNull();
        assertThat(r.ttftBudgetMs(null)).isNull();
        assertThat(r.breaker()).isEqualTo(new BreakerConfig(5, 0.05, 300, 20, 30, 3));
        assertThat(r.health()).isEqualTo(new HealthCheckConfig(true, 20, 5, 3, List.of(0.1, 0.25, 0.5), 30));
        assertThat(r.latency()).isEqualTo(new LatencyConfig(300, 5, 0.2));
        assertThat(r.rateLimitBackoff()).isEqualTo(new RateLimitBackoffConfig(0.5, 0.1, 5));
        ProviderConfig p = c.providers().get(0);
        assertThat(p.tokensPerMinute()).isNull();
        assertThat(p.breakerOver(r.breaker())).isEqualTo(r.breaker());
        assertThat(RoutingConfig.DEFAULT.pools()).containsOnlyKeys("interactive", "batch");
    }

    @Test
    void aProvidersBreakerKeysOverrideTheRoutingOnes() {
        RoutewiseConfig c = parse(", breaker: {consecutive_failures: 2, open_s: 60}",
                "  breaker: {failure_rate: 0.2, min_calls: 50}\n  pools: {interactive: {ttft_budget_ms: 900}}\n");
        assertThat(c.routing().breaker()).isEqualTo(new BreakerConfig(5, 0.2, 300, 50, 30, 3));
        assertThat(c.providers().get(0).breakerOver(c.routing().breaker()))
                .isEqualTo(new BreakerConfig(2, 0.2, 300, 50, 60, 3));
        assertThat(c.routing().ttftBudgetMs("interactive")).isEqualTo(900);
        assertThat(c.routing().ttftBudgetMs("batch")).as("a pool left out has no budget").isNull();
    }

    @Test
    void reportsBadProviderResilienceKeysByPath() {
        String message = errorOf(", tokens_per_minute: 0, attempt_timeout_ms: 1000, ttft_timeout_ms: 5000,"
                + " total_timeout_ms: -1, retry: {max_attempts: 0, base_delay_ms: 500, max_delay_ms: 100},"
                + " breaker: {failure_rate: 5}", "");
        assertThat(message)
                .contains("providers[0].tokens_per_minute: must be > 0 (got 0)")
                .contains("providers[0].ttft_timeout_ms: must be <= the attempt timeout (1000 ms")
                .contains("providers[0].total_timeout_ms: must be > 0 (got -1)")
                .contains("providers[0].retry.max_attempts: must be >= 1 (got 0)")
                .contains("providers[0].retry.max_delay_ms: must be >= base_delay_ms (500), got 100")
                .contains("providers[0].breaker.failure_rate: must be in (0, 1]");
    }

    @Test
    void reportsBadRoutingResilienceKeysByPath() {
        String message = errorOf("", """
                  pools: {realtime: {}, interactive: {ttft_budget_ms: 0}}
                  breaker: {window_s: 0, half_open_calls: 0}
                  health: {interval_s: 10, jitter_s: 10, unhealthy_after: 0, ramp: [0.5, 0.25, 1.0], ramp_step_s: 0}
                  latency: {ewma_alpha: 0, min_samples: 0}
                  rate_limit_backoff: {decrease_factor: 1.0, recovery_per_minute: 0, hold_s: -1}
                """);
        assertThat(message)
                .contains("routing.pools.realtime: unknown pool (expected interactive or batch)")
                .contains("routing.pools.interactive.ttft_budget_ms: must be > 0 (got 0)")
                .contains("routing.breaker.window_s: must be >= 1 (got 0)")
                .contains("routing.breaker.half_open_calls: must be >= 1 (got 0)")
                .contains("routing.health.jitter_s: must be >= 0 and < interval_s (10), got 10")
                .contains("routing.health.unhealthy_after: must be >= 1")
                .contains("routing.health.ramp[1]: must be larger than the step before (0.5)")
                .contains("routing.health.ramp[2]: must be in (0, 1)")
                .contains("routing.health.ramp_step_s: must be >= 1")
                .contains("routing.latency.ewma_alpha: must be in (0, 1]")
                .contains("routing.latency.min_samples: must be >= 1")
                .contains("routing.rate_limit_backoff.decrease_factor: must be in (0, 1)")
                .contains("routing.rate_limit_backoff.recovery_per_minute: must be in (0, 1]")
                .contains("routing.rate_limit_backoff.hold_s: must be >= 0");
    }
}
