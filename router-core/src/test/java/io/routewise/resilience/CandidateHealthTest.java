package io.routewise.resilience;

import io.routewise.catalog.Exclusion;
import static org.assertj.core.api.Assertions.assertThat;

import io.routewise.config.BreakerConfig;
import io.routewise.config.HealthCheckConfig;
import io.routewise.config.LatencyConfig;
import io.routewise.config.RateLimitBackoffConfig;
import io.routewise.config.RoutingConfig;
import io.routewise.providers.ProviderException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class CandidateHealthTest {

    private static final Deployment GPT = new Deployment("openai", "gpt-4o-mini");
    private static final Deployment HAIKU = new Deployment("anthropic", "claude-3-5-haiku");
    private static final RequestNeeds INTERACTIVE = new RequestNeeds(2_000, 500);

    private final ManualClock clock = new ManualClock();
    private final Set<Deployment> down = ConcurrentHashMap.newKeySet();
    private final DeploymentBreakers breakers = new DeploymentBreakers(d -> new BreakerConfig(2, 0.5, 300, 100, 30, 1), clock);
    private final HealthChecker health = new HealthChecker(new HealthCheckConfig(true, 20, 5, 2, List.of(0.25), 60),
            d -> {
                if (down.contains(d)) {
                    throw new ProviderException(ProviderException.Kind.TIMEOUT, "no answer in 5000 ms");
                }
            }, clock, clock::nanoTime, new Random(1));
    private final LatencyTracker latency = new LatencyTracker(new LatencyConfig(300, 3, 0.2), clock, 0);
    private final ProviderLimits limits = new ProviderLimits(Map.of("openai", new ProviderLimits.Limits(64, null, null)),
            RateLimitBackoffConfig.DEFAULT, clock);
    private double draw = 0.5;
    private final CandidateHealth candidates = new CandidateHealth(breakers, health, latency, limits, () -> draw);

    @Test
    void aHealthyIdleDeploymentIsEligible() {
        assertThat(reason(candidates.exclusion(GPT, INTERACTIVE))).isNull();
    }

    @Test
    void anOpenCircuitExcludesItWithTheTimeItReopens() {
        for (int i = 0; i < 2; i++) {
            breakers.tryAcquirePermission(GPT);
            breakers.recordFailure(GPT, ProviderException.Kind.SERVER_ERROR, Duration.ofMillis(50));
        }
        assertThat(reason(candidates.exclusion(GPT, INTERACTIVE)))
                .isEqualTo("circuit open until 12:00:30 (2 consecutive failures, the last server error)");
        assertThat(reason(candidates.exclusion(HAIKU, INTERACTIVE))).isNull();
    }

    @Test
    void failedProbesExcludeIt() {
        down.add(GPT);
        health.probeNow(GPT);
        health.probeNow(GPT);
        assertThat(reason(candidates.exclusion(GPT, INTERACTIVE)))
                .isEqualTo("unhealthy: 2 failed probes (last: no answer in 5000 ms)");
    }

    @Test
    void aSlowDeploymentIsSkippedForInteractiveButServesBatch() {
        for (int i = 0; i < 3; i++) {
            latency.recordFirstToken(GPT, Duration.ofMillis(2_400));
        }
        assertThat(reason(candidates.exclusion(GPT, INTERACTIVE))).isEqualTo("latency p95 2400 ms over budget 2000 ms");
        RequestNeeds batch = RequestNeeds.of(RoutingConfig.DEFAULT, "batch", null, 500);
        assertThat(batch.ttftBudgetMs()).isNull();
        assertThat(reason(candidates.exclusion(GPT, batch))).isNull();
        RequestNeeds ownBudget = RequestNeeds.of(RoutingConfig.DEFAULT, "interactive", 3_000, 500);
        assertThat(reason(candidates.exclusion(GPT, ownBudget))).as("the request's own budget wins").isNull();
        assertThat(RequestNeeds.of(RoutingConfig.DEFAULT, null, null, 1).ttftBudgetMs()).isEqualTo(2_000);
    }

    @Test
    void aSaturatedProviderIsSkippedSoTheRouterSpreadsElsewhere() {
        for (int i = 0; i < 64; i++) {
            assertThat(limits.tryAdmit("openai", 100).admitted()).isTrue();
        }
        assertThat(reason(candidates.exclusion(GPT, INTERACTIVE))).isEqualTo("openai at max in-flight 64");
        assertThat(reason(candidates.exclusion(HAIKU, INTERACTIVE))).isNull();
    }

    @Test
    void aRecoveringDeploymentTakesOnlyItsShare() {
        down.add(GPT);
        health.probeNow(GPT);
        health.probeNow(GPT);
        down.remove(GPT);
        health.probeNow(GPT);
        draw = 0.2;
        assertThat(reason(candidates.exclusion(GPT, INTERACTIVE))).isNull();
        draw = 0.3;
        assertThat(reason(candidates.exclusion(GPT, INTERACTIVE))).isEqualTo("ramping up: 25 % admitted");
        clock.advance(Duration.ofSeconds(60));
        draw = 0.99;
        assertThat(reason(candidates.exclusion(GPT, INTERACTIVE))).isNull();
    }

    @Test
    void theBreakerIsReportedBeforeTheOtherReasons() {
        down.add(GPT);
        health.probeNow(GPT);
        health.probeNow(GPT);
        for (int i = 0; i < 2; i++) {
            breakers.tryAcquirePermission(GPT);
            breakers.recordFailure(GPT, ProviderException.Kind.TIMEOUT, Duration.ofMillis(50));
        }
        assertThat(reason(candidates.exclusion(GPT, INTERACTIVE))).startsWith("circuit open until");
    }

    @Test
    void eachReasonCarriesItsCause() {
        for (int i = 0; i < 3; i++) {
            latency.recordFirstToken(GPT, Duration.ofMillis(2_400));
        }
        assertThat(candidates.exclusion(GPT, INTERACTIVE).cause()).isEqualTo(Exclusion.Cause.OVER_LATENCY_BUDGET);
        for (int i = 0; i < 64; i++) {
            limits.tryAdmit("openai", 100);
        }
        RequestNeeds noBudget = new RequestNeeds(null, 500);
        assertThat(candidates.exclusion(GPT, noBudget).cause()).isEqualTo(Exclusion.Cause.SATURATED);
        for (int i = 0; i < 2; i++) {
            breakers.tryAcquirePermission(GPT);
            breakers.recordFailure(GPT, ProviderException.Kind.SERVER_ERROR, Duration.ofMillis(50));
        }
        assertThat(candidates.exclusion(GPT, INTERACTIVE).cause()).isEqualTo(Exclusion.Cause.BREAKER_OPEN);
    }

    private static String reason(Exclusion e) {
        return e == null ? null : e.detail();
    }
}
