package io.routewise.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.routewise.config.LatencyConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LatencyTrackerTest {

    private static final Deployment FAST = new Deployment("groq", "llama-3.1-8b");
    private static final Deployment SLOW = new Deployment("openai", "o4-mini");

    private final ManualClock clock = new ManualClock();
    private final LatencyTracker tracker = new LatencyTracker(new LatencyConfig(300, 5, 0.5), clock, 0);

    private void firstTokens(Deployment d, long... ms) {
        for (long m : ms) {
            tracker.recordFirstToken(d, Duration.ofMillis(m));
        }
    }

    @Test
    void computesTheEwmaAndTheNearestRankP95() {
        for (int i = 1; i <= 100; i++) {
            tracker.recordFirstToken(FAST, Duration.ofMillis(i * 10L));
        }
        LatencyStats s = tracker.stats(FAST);
        assertThat(s.ttftSamples()).isEqualTo(100);
        assertThat(s.ttftP95Ms()).isEqualTo(950.0);
        // alpha 0.5 over an arithmetic series converges to the last value minus one step.
        assertThat(s.ttftEwmaMs()).isBetween(989.0, 991.0);
        assertThat(s.totalSamples()).isZero();
        assertThat(s.totalP95Ms()).isNaN();
    }

    @Test
    void tracksWholeCallLatencySeparately() {
        tracker.recordTotal(SLOW, Duration.ofMillis(4_000));
        tracker.recordTotal(SLOW, Duration.ofMillis(6_000));
        LatencyStats s = tracker.stats(SLOW);
        assertThat(s.totalSamples()).isEqualTo(2);
        assertThat(s.totalEwmaMs()).isEqualTo(5_000.0);
        assertThat(s.totalP95Ms()).isEqualTo(6_000.0);
        assertThat(tracker.canMeet(SLOW, 100)).as("whole-call samples are not time to first token").isTrue();
    }

    @Test
    void skipsADeploymentWhoseP95IsOverTheBudget() {
        firstTokens(FAST, 200, 250, 300, 220, 240, 260);
        firstTokens(SLOW, 1_800, 2_100, 2_400, 1_900, 2_000, 2_200);
        assertThat(tracker.canMeet(FAST, 2_000)).isTrue();
        assertThat(tracker.canMeet(SLOW, 2_000)).isFalse();
        assertThat(tracker.exclusionReason(SLOW, 2_000)).isEqualTo("latency p95 2400 ms over budget 2000 ms");
        assertThat(tracker.canMeet(SLOW, 2_400)).as("p95 equal to the budget meets it").isTrue();
    }

    @Test
    void withoutABudgetEveryDeploymentQualifies() {
        firstTokens(SLOW, 30_000, 30_000, 30_000, 30_000, 30_000);
        assertThat(tracker.canMeet(SLOW, null)).isTrue();
        assertThat(tracker.exclusionReason(SLOW, null)).isNull();
    }

    @Test
    void unknownAndBarelyKnownDeploymentsAreAllowed() {
        assertThat(tracker.canMeet(new Deployment("x", "never-seen"), 100)).isTrue();
        firstTokens(SLOW, 5_000, 5_000, 5_000, 5_000);
        assertThat(tracker.canMeet(SLOW, 2_000)).as("4 samples, fewer than min_samples 5").isTrue();
        firstTokens(SLOW, 5_000);
        assertThat(tracker.canMeet(SLOW, 2_000)).isFalse();
    }

    @Test
    void oldSamplesAgeOutSoASlowDeploymentGetsAnotherChance() {
        firstTokens(SLOW, 5_000, 5_000, 5_000, 5_000, 5_000);
        assertThat(tracker.canMeet(SLOW, 2_000)).isFalse();
        clock.advance(Duration.ofSeconds(301));
        assertThat(tracker.canMeet(SLOW, 2_000)).isTrue();
        assertThat(tracker.stats(SLOW).ttftSamples()).isZero();
        firstTokens(SLOW, 500, 600, 700, 800, 900);
        assertThat(tracker.stats(SLOW).ttftP95Ms()).isEqualTo(900.0);
        assertThat(tracker.canMeet(SLOW, 2_000)).isTrue();
    }

    @Test
    void keepsOnlyTheNewestSamples() {
        for (int i = 0; i < LatencyTracker.RESERVOIR; i++) {
            tracker.recordFirstToken(FAST, Duration.ofMillis(10_000));
        }
        for (int i = 0; i < LatencyTracker.RESERVOIR; i++) {
            tracker.recordFirstToken(FAST, Duration.ofMillis(100));
        }
        assertThat(tracker.stats(FAST).ttftSamples()).isEqualTo(LatencyTracker.RESERVOIR);
        assertThat(tracker.stats(FAST).ttftP95Ms()).isEqualTo(100.0);
    }

    @Test
    void reusesACachedPercentileForAShortWhile() {
        LatencyTracker cached = new LatencyTracker(new LatencyConfig(300, 1, 0.2), clock, 250);
        cached.recordFirstToken(FAST, Duration.ofMillis(100));
        assertThat(cached.stats(FAST).ttftP95Ms()).isEqualTo(100.0);
        cached.recordFirstToken(FAST, Duration.ofMillis(900));
        assertThat(cached.stats(FAST).ttftP95Ms()).as("within the refresh interval").isEqualTo(100.0);
        clock.advanceMillis(250);
        assertThat(cached.stats(FAST).ttftP95Ms()).isEqualTo(900.0);
    }
}
