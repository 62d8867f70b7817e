package io.routewise.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.routewise.config.BreakerConfig;
import io.routewise.providers.ProviderException.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeploymentBreakersTest {

    private static final Deployment GPT = new Deployment("openai", "gpt-4o-mini");
    private static final Deployment HAIKU = new Deployment("anthropic", "claude-3-5-haiku");
    private static final Duration MS = Duration.ofMillis(120);

    private final ManualClock clock = new ManualClock();
    private final List<String> transitions = new ArrayList<>();

    private DeploymentBreakers breakers(BreakerConfig config) {
        DeploymentBreakers b = new DeploymentBreakers(d -> config.over(BreakerConfig.DEFAULT), clock);
        b.addListener((d, from, to, at, cause) -> transitions.add(d + " " + from + "->" + to + ": " + cause));
        return b;
    }

    private static void call(DeploymentBreakers b, Deployment d, Kind failure) {
        assertThat(b.tryAcquirePermission(d)).as("permission for %s", d).isTrue();
        if (failure == null) {
            b.recordSuccess(d, MS);
        } else {
            b.recordFailure(d, failure, MS);
        }
    }

    @Test
    void opensAfterConsecutiveFailuresAndNamesTheCause() {
        DeploymentBreakers b = breakers(new BreakerConfig(3, 0.5, 300, 100, 30, 2));
        call(b, GPT, Kind.SERVER_ERROR);
        call(b, GPT, Kind.TIMEOUT);
        assertThat(b.state(GPT)).isEqualTo(BreakerState.CLOSED);
        call(b, GPT, Kind.CONNECTION);

        assertThat(b.state(GPT)).isEqualTo(BreakerState.OPEN);
        assertThat(b.isCallPermitted(GPT)).isFalse();
        assertThat(b.tryAcquirePermission(GPT)).isFalse();
        assertThat(b.openings(GPT)).isEqualTo(1);
        assertThat(b.exclusionReason(GPT)).isEqualTo("circuit open until 12:00:30 (3 consecutive failures, the last connection)");
        assertThat(transitions).containsExactly("openai/gpt-4o-mini CLOSED->OPEN: 3 consecutive failures, the last connection");
        // Other deployments are unaffected.
        assertThat(b.isCallPermitted(HAIKU)).isTrue();
        assertThat(b.exclusionReason(HAIKU)).isNull();
    }

    @Test
    void aSuccessResetsTheRunOfFailures() {
        DeploymentBreakers b = breakers(new BreakerConfig(3, 0.9, 300, 100, 30, 2));
        for (int i = 0; i < 5; i++) {
            call(b, GPT, Kind.SERVER_ERROR);
            call(b, GPT, Kind.SERVER_ERROR);
            call(b, GPT, null);
        }
        assertThat(b.state(GPT)).isEqualTo(BreakerState.CLOSED);
        assertThat(b.failures(GPT)).isEqualTo(10);
    }

    @Test
    void opensWhenTheFailureRateOverTheWindowReachesTheThresholdWithEnoughCalls() {
        DeploymentBreakers b = breakers(new BreakerConfig(100, 0.05, 300, 20, 30, 2));
        for (int i = 0; i < 18; i++) {
            call(b, GPT, null);
            clock.advanceMillis(1_000);
        }
        call(b, GPT, Kind.SERVER_ERROR);
        assertThat(b.state(GPT)).as("19 calls: under min_calls, not judged yet").isEqualTo(BreakerState.CLOSED);
        call(b, GPT, null);
        // 20 calls, 1 failed = 5 %: reaches the threshold.
        assertThat(b.state(GPT)).isEqualTo(BreakerState.OPEN);
        assertThat(transitions).singleElement().asString()
                .contains("CLOSED->OPEN: failure rate 5.0 % over the last 300 s (20 calls) exceeds 5.0 %");
    }

    @Test
    void failuresOlderThanTheWindowNoLongerCount() {
        DeploymentBreakers b = breakers(new BreakerConfig(100, 0.10, 60, 10, 30, 2));
        call(b, GPT, Kind.SERVER_ERROR);
        call(b, GPT, Kind.SERVER_ERROR);
        clock.advance(Duration.ofSeconds(61));
        for (int i = 0; i < 10; i++) {
            call(b, GPT, null);
        }
        // With the two old failures the rate would be 2/12 = 17 %; they have left the 60 s window.
        assertThat(b.state(GPT)).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void halfOpensAfterTheCooldownAndClosesWhenTheProbesSucceed() {
        DeploymentBreakers b = breakers(new BreakerConfig(2, 0.5, 300, 100, 30, 2));
        call(b, GPT, Kind.SERVER_ERROR);
        call(b, GPT, Kind.SERVER_ERROR);
        assertThat(b.state(GPT)).isEqualTo(BreakerState.OPEN);

        clock.advance(Duration.ofSeconds(30));
        assertThat(b.isCallPermitted(GPT)).isFalse();
        clock.advanceMillis(1);
        assertThat(b.isCallPermitted(GPT)).as("cooldown over: the next call is a probe").isTrue();
        assertThat(b.state(GPT)).as("checking changes nothing").isEqualTo(BreakerState.OPEN);

        assertThat(b.tryAcquirePermission(GPT)).isTrue();
        assertThat(b.state(GPT)).isEqualTo(BreakerState.HALF_OPEN);
        assertThat(b.tryAcquirePermission(GPT)).isTrue();
        assertThat(b.tryAcquirePermission(GPT)).as("only 2 probe calls at a time").isFalse();
        b.recordSuccess(GPT, MS);
        assertThat(b.state(GPT)).isEqualTo(BreakerState.HALF_OPEN);
        b.recordSuccess(GPT, MS);

        assertThat(b.state(GPT)).isEqualTo(BreakerState.CLOSED);
        assertThat(transitions).containsExactly(
                "openai/gpt-4o-mini CLOSED->OPEN: 2 consecutive failures, the last server error",
                "openai/gpt-4o-mini OPEN->HALF_OPEN: cooldown of 30 s over; letting 2 probe call(s) through",
                "openai/gpt-4o-mini HALF_OPEN->CLOSED: probe calls succeeded");
        // Closed again with a clean slate: one failure does not reopen it.
        call(b, GPT, Kind.SERVER_ERROR);
        assertThat(b.state(GPT)).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void reopensWhenAProbeFails() {
        DeploymentBreakers b = breakers(new BreakerConfig(1, 0.5, 300, 100, 10, 2));
        call(b, GPT, Kind.TIMEOUT);
        clock.advanceMillis(10_001);
        call(b, GPT, Kind.TIMEOUT);
        call(b, GPT, null);

        assertThat(b.state(GPT)).isEqualTo(BreakerState.OPEN);
        assertThat(b.openings(GPT)).isEqualTo(2);
        assertThat(transitions.get(2)).endsWith("HALF_OPEN->OPEN: a probe call failed while half-open");
        assertThat(b.openUntil(GPT)).isEqualTo(clock.instant().plusSeconds(10));
    }

    @Test
    void clientErrorsAndRateLimitsDoNotCount() {
        DeploymentBreakers b = breakers(new BreakerConfig(2, 0.05, 300, 2, 30, 1));
        for (int i = 0; i < 10; i++) {
            call(b, GPT, Kind.CLIENT_ERROR);
            call(b, GPT, Kind.RATE_LIMITED);
        }
        assertThat(b.state(GPT)).isEqualTo(BreakerState.CLOSED);
        assertThat(b.failures(GPT)).isZero();
    }

    @Test
    void aClientErrorDuringHalfOpenGivesTheProbeSlotBack() {
        DeploymentBreakers b = breakers(new BreakerConfig(1, 0.5, 300, 100, 10, 1));
        call(b, GPT, Kind.SERVER_ERROR);
        clock.advanceMillis(10_001);
        call(b, GPT, Kind.CLIENT_ERROR);
        assertThat(b.state(GPT)).isEqualTo(BreakerState.HALF_OPEN);
        call(b, GPT, null);
        assertThat(b.state(GPT)).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void reportsTheStateOfEveryDeploymentSeen() {
        DeploymentBreakers b = breakers(new BreakerConfig(1, 0.5, 300, 100, 10, 1));
        call(b, GPT, Kind.SERVER_ERROR);
        call(b, HAIKU, null);
        assertThat(b.states()).containsExactly(
                java.util.Map.entry(HAIKU, BreakerState.CLOSED), java.util.Map.entry(GPT, BreakerState.OPEN));
    }
}
