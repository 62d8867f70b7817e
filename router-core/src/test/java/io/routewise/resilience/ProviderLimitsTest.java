package io.routewise.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.routewise.config.RateLimitBackoffConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderLimitsTest {

    private final ManualClock clock = new ManualClock();
    private final RateLimitBackoffConfig aimd = new RateLimitBackoffConfig(0.5, 0.1, 5);

    private ProviderLimits limits(ProviderLimits.Limits openai) {
        return new ProviderLimits(Map.of("openai", openai), aimd, clock);
    }

    private static int admitAll(ProviderLimits limits, String provider, int tokens, List<ProviderLimits.Permit> into) {
        int admitted = 0;
        while (true) {
            Admission a = limits.tryAdmit(provider, tokens);
            if (!a.admitted()) {
                return admitted;
            }
            into.add(a.permit());
            admitted++;
        }
    }

    @Test
    void refusesPastMaxInFlightWithoutBlockingAndAdmitsAgainOnRelease() {
        ProviderLimits limits = limits(new ProviderLimits.Limits(2, null, null));
        Admission first = limits.tryAdmit("openai", 100);
        Admission second = limits.tryAdmit("openai", 100);
        Admission third = limits.tryAdmit("openai", 100);
        assertThat(first.admitted()).isTrue();
        assertThat(second.admitted()).isTrue();
        assertThat(third.admitted()).isFalse();
        assertThat(third.refusal()).isEqualTo("openai at max in-flight 2");
        assertThat(limits.saturation("openai", 100)).isEqualTo("openai at max in-flight 2");

        first.permit().close();
        first.permit().close();  // releasing twice gives back one slot only
        assertThat(limits.load("openai").inFlight()).isEqualTo(1);
        assertThat(limits.saturation("openai", 100)).isNull();
        assertThat(limits.tryAdmit("openai", 100).admitted()).isTrue();
        assertThat(limits.tryAdmit("openai", 100).admitted()).isFalse();
        assertThat(limits.load("openai").refusals()).isEqualTo(2);
    }

    @Test
    void aProviderWithoutLimitsAdmitsEverything() {
        ProviderLimits limits = limits(ProviderLimits.Limits.NONE);
        for (int i = 0; i < 10_000; i++) {
            assertThat(limits.tryAdmit("anthropic", 50_000).admitted()).isTrue();
        }
        assertThat(limits.load("anthropic").admittedRpm()).isInfinite();
    }

    @Test
    void requestsPerMinuteIsATokenBucketRefilledContinuously() {
        ProviderLimits limits = limits(new ProviderLimits.Limits(null, 60, null));
        List<ProviderLimits.Permit> permits = new ArrayList<>();
        assertThat(admitAll(limits, "openai", 10, permits)).as("a minute's worth at once").isEqualTo(60);
        assertThat(limits.saturation("openai", 10)).isEqualTo("openai at its request rate (60/min)");
        clock.advanceMillis(999);
        assertThat(limits.tryAdmit("openai", 10).admitted()).isFalse();
        clock.advanceMillis(1);
        assertThat(limits.tryAdmit("openai", 10).admitted()).as("one per second at 60/min").isTrue();
        assertThat(limits.tryAdmit("openai", 10).admitted()).isFalse();
        clock.advance(Duration.ofSeconds(10));
        assertThat(admitAll(limits, "openai", 10, permits)).isEqualTo(10);
    }

    @Test
    void tokensPerMinuteCountsTheEstimateAndIsCorrectedByTheActualUsage() {
        ProviderLimits limits = limits(new ProviderLimits.Limits(null, null, 10_000));
        Admission a = limits.tryAdmit("openai", 6_000);
        assertThat(a.admitted()).isTrue();
        assertThat(limits.saturation("openai", 5_000)).isEqualTo("openai at its token rate (10000 tokens/min)");
        assertThat(limits.tryAdmit("openai", 4_000).admitted()).isTrue();
        assertThat(limits.tryAdmit("openai", 1).admitted()).isFalse();
        a.permit().release(1_000); // used 1,000 of the 6,000 estimated
        assertThat(limits.tryAdmit("openai", 5_000).admitted()).isTrue();
    }

    @Test
    void aRequestLargerThanTheTokenBudgetRunsWhenTheBucketIsFull() {
        ProviderLimits limits = limits(new ProviderLimits.Limits(null, null, 10_000));
        assertThat(limits.tryAdmit("openai", 50_000).admitted()).isTrue();
        assertThat(limits.tryAdmit("openai", 10).admitted()).isFalse();
        clock.advance(Duration.ofMinutes(5));
        assertThat(limits.tryAdmit("openai", 10).admitted()).as("the debt is paid back over time").isTrue();
    }

    @Test
    void a429HalvesTheAdmittedRateOnceThenItRecoversAdditively() {
        ProviderLimits limits = limits(new ProviderLimits.Limits(null, 100, null));
        limits.onRateLimited("openai");
        limits.onRateLimited("openai");  // the same burst: within hold_s, no second halving
        ProviderLoad load = limits.load("openai");
        assertThat(load.admittedRpm()).isEqualTo(50.0);
        assertThat(load.throttled()).isTrue();
        assertThat(load.rateLimitBackoffs()).isEqualTo(1);
        assertThat(limits.tryAdmit("openai", 1).refusal())
                .as("the bucket is emptied").isEqualTo("openai at its request rate (50/min admitted after a 429; configured 100/min)");

        clock.advance(Duration.ofSeconds(6));
        limits.onRateLimited("openai");  // still 429: halve again (it had climbed to 51 in 6 s)
        assertThat(limits.load("openai").admittedRpm()).isCloseTo(25.5, within(1e-9));

        // +10 % of the ceiling (10/min) per minute: from 25.5 back to 100 in under 7.5 minutes.
        clock.advance(Duration.ofMinutes(1));
        assertThat(limits.load("openai").admittedRpm()).isCloseTo(35.5, within(1e-9));
        clock.advance(Duration.ofMinutes(7));
        assertThat(limits.load("openai").admittedRpm()).isEqualTo(100.0);
        assertThat(limits.load("openai").throttled()).isFalse();
    }

    @Test
    void theAdmittedRateIsEnforcedWhileThrottled() {
        ProviderLimits limits = limits(new ProviderLimits.Limits(null, 120, null));
        limits.onRateLimited("openai");
        List<ProviderLimits.Permit> permits = new ArrayList<>();
        clock.advance(Duration.ofSeconds(30));
        // Over 30 s at ~60/min (rising slowly): about 30 requests, not the configured 60.
        int admitted = admitAll(limits, "openai", 1, permits);
        assertThat(admitted).isBetween(29, 32);
    }

    @Test
    void aProviderWithoutAConfiguredRateLearnsOneFromIts429AndLiftsItOnceRecovered() {
        ProviderLimits limits = limits(ProviderLimits.Limits.NONE);
        List<ProviderLimits.Permit> permits = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            permits.add(limits.tryAdmit("openai", 1).permit());
            clock.advanceMillis(1_000);
        }
        limits.onRateLimited("openai");
        ProviderLoad load = limits.load("openai");
        assertThat(load.admittedRpm()).as("half the 40/min observed").isEqualTo(20.0);
        assertThat(load.throttled()).isTrue();
        assertThat(limits.tryAdmit("openai", 1).refusal()).isEqualTo("openai at its request rate (20/min admitted after a 429)");

        clock.advance(Duration.ofMinutes(5)); // +4/min per minute: 20 -> 40
        assertThat(limits.load("openai").admittedRpm()).isInfinite();
        assertThat(limits.load("openai").throttled()).isFalse();
        for (int i = 0; i < 500; i++) {
            assertThat(limits.tryAdmit("openai", 1).admitted()).isTrue();
        }
    }

    @Test
    void providersAreIndependent() {
        ProviderLimits limits = new ProviderLimits(Map.of("openai", new ProviderLimits.Limits(1, null, null),
                "anthropic", new ProviderLimits.Limits(1, null, null)), aimd, clock);
        assertThat(limits.tryAdmit("openai", 1).admitted()).isTrue();
        assertThat(limits.tryAdmit("anthropic", 1).admitted()).isTrue();
        assertThat(limits.tryAdmit("openai", 1).admitted()).isFalse();
        limits.onRateLimited("anthropic");
        assertThat(limits.load("openai").throttled()).isFalse();
    }
}
