package io.routewise.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.routewise.config.HealthCheckConfig;
import io.routewise.providers.ProviderException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class HealthCheckerTest {

    private static final Deployment GPT = new Deployment("openai", "gpt-4o-mini");
    private static final Deployment FLASH = new Deployment("google", "gemini-2.0-flash");

    private final ManualClock clock = new ManualClock();
    /** Deployments whose probes fail, as an outage would make them. */
    private final Set<Deployment> down = ConcurrentHashMap.newKeySet();
    private final List<String> events = new ArrayList<>();
    private final Probe probe = d -> {
        clock.advanceMillis(40);
        if (down.contains(d)) {
            throw new ProviderException(ProviderException.Kind.SERVER_ERROR, 503, null, "HTTP 503 from " + d.provider(), null);
        }
    };

    private HealthChecker checker(HealthCheckConfig config) {
        HealthChecker c = new HealthChecker(config, probe, clock, clock::nanoTime, new Random(11));
        c.addListener(new HealthListener() {
            @Override
            public void onProbe(Deployment d, Duration took, ProviderException failure) {
                events.add("probe " + d + " " + took.toMillis() + " ms " + (failure == null ? "ok" : "failed"));
            }

            @Override
            public void onStatusChange(Deployment d, HealthStatus from, HealthStatus to) {
                events.add(d + " " + from + "->" + to);
            }
        });
        return c;
    }

    private static final HealthCheckConfig CONFIG = new HealthCheckConfig(true, 20, 5, 3, List.of(0.1, 0.25, 0.5), 30);

    /** Collects scheduled tasks; the test runs them, advancing the clock by each delay. */
    private final class ManualScheduler implements HealthChecker.Scheduler {
        final Deque<Runnable> tasks = new ArrayDeque<>();
        final List<Duration> delays = new ArrayList<>();

        @Override
        public void schedule(Runnable task, Duration delay) {
            tasks.add(task);
            delays.add(delay);
        }

        void runNext() {
            clock.advance(delays.get(delays.size() - tasks.size()));
            tasks.poll().run();
        }
    }

    @Test
    void marksADeploymentUnhealthyAfterKFailedProbesInARow() {
        HealthChecker c = checker(CONFIG);
        down.add(GPT);
        assertThat(c.probeNow(GPT)).isFalse();
        assertThat(c.probeNow(GPT)).isFalse();
        assertThat(c.health(GPT).status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(c.exclusionReason(GPT, 0.99)).isNull();
        assertThat(c.probeNow(GPT)).isFalse();

        assertThat(c.health(GPT)).isEqualTo(new DeploymentHealth(HealthStatus.UNHEALTHY, 3, 0.0, "HTTP 503 from openai"));
        assertThat(c.exclusionReason(GPT, 0.0)).isEqualTo("unhealthy: 3 failed probes (last: HTTP 503 from openai)");
        assertThat(c.health(FLASH).status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(events).containsExactly("probe openai/gpt-4o-mini 40 ms failed", "probe openai/gpt-4o-mini 40 ms failed",
                "probe openai/gpt-4o-mini 40 ms failed", "openai/gpt-4o-mini HEALTHY->UNHEALTHY");
    }

    @Test
    void aPassingProbeBreaksTheRun() {
        HealthChecker c = checker(CONFIG);
        for (int i = 0; i < 5; i++) {
            down.add(GPT);
            c.probeNow(GPT);
            c.probeNow(GPT);
            down.remove(GPT);
            c.probeNow(GPT);
        }
        assertThat(c.health(GPT).status()).isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    void reAdmitsARecoveredDeploymentAlongTheRamp() {
        HealthChecker c = checker(CONFIG);
        down.add(GPT);
        for (int i = 0; i < 3; i++) {
            c.probeNow(GPT);
        }
        down.remove(GPT);
        assertThat(c.probeNow(GPT)).isTrue();

        assertThat(c.health(GPT).status()).isEqualTo(HealthStatus.RECOVERING);
        assertThat(c.admittedShare(GPT)).isEqualTo(0.1);
        assertThat(c.exclusionReason(GPT, 0.05)).isNull();
        assertThat(c.exclusionReason(GPT, 0.10)).isEqualTo("ramping up: 10 % admitted");
        clock.advance(Duration.ofSeconds(30));
        assertThat(c.admittedShare(GPT)).isEqualTo(0.25);
        assertThat(c.exclusionReason(GPT, 0.3)).isEqualTo("ramping up: 25 % admitted");
        clock.advance(Duration.ofSeconds(30));
        assertThat(c.admittedShare(GPT)).isEqualTo(0.5);
        clock.advance(Duration.ofSeconds(30));
        assertThat(c.admittedShare(GPT)).isEqualTo(1.0);
        assertThat(c.health(GPT).status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(c.exclusionReason(GPT, 0.999)).isNull();
        assertThat(events).contains("openai/gpt-4o-mini UNHEALTHY->RECOVERING");
    }

    @Test
    void aRandomDrawAdmitsAboutTheRampsShareOfRequests() {
        HealthChecker c = checker(CONFIG);
        down.add(GPT);
        for (int i = 0; i < 3; i++) {
            c.probeNow(GPT);
        }
        down.remove(GPT);
        c.probeNow(GPT);
        clock.advance(Duration.ofSeconds(31));
        Random draws = new Random(3);
        int admitted = 0;
        for (int i = 0; i < 10_000; i++) {
            if (c.exclusionReason(GPT, draws.nextDouble()) == null) {
                admitted++;
            }
        }
        assertThat(admitted).isBetween(2_350, 2_650);
    }

    @Test
    void failingAgainDuringTheRampTakesItOutAgain() {
        HealthChecker c = checker(CONFIG);
        down.add(GPT);
        for (int i = 0; i < 3; i++) {
            c.probeNow(GPT);
        }
        down.remove(GPT);
        c.probeNow(GPT);
        down.add(GPT);
        c.probeNow(GPT);
        c.probeNow(GPT);
        assertThat(c.health(GPT).status()).isEqualTo(HealthStatus.RECOVERING);
        c.probeNow(GPT);
        assertThat(c.health(GPT).status()).isEqualTo(HealthStatus.UNHEALTHY);
        assertThat(events).containsSubsequence("openai/gpt-4o-mini UNHEALTHY->RECOVERING",
                "openai/gpt-4o-mini RECOVERING->UNHEALTHY");
    }

    @Test
    void anEmptyRampReAdmitsAtOnce() {
        HealthChecker c = checker(new HealthCheckConfig(true, 20, 5, 1, List.of(), 30));
        down.add(GPT);
        c.probeNow(GPT);
        assertThat(c.health(GPT).status()).isEqualTo(HealthStatus.UNHEALTHY);
        down.remove(GPT);
        c.probeNow(GPT);
        assertThat(c.health(GPT).status()).isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    void schedulesJitteredProbesForEveryDeploymentAndKeepsProbing() {
        HealthChecker c = checker(CONFIG);
        ManualScheduler scheduler = new ManualScheduler();
        c.start(List.of(GPT, FLASH), scheduler);
        assertThat(scheduler.tasks).hasSize(2);
        assertThat(scheduler.delays).allSatisfy(d -> assertThat(d).isBetween(Duration.ZERO, Duration.ofSeconds(20)));

        down.add(FLASH);
        for (int i = 0; i < 40; i++) {
            scheduler.runNext();
        }
        assertThat(scheduler.tasks).as("each probe schedules the next").hasSize(2);
        List<Duration> later = scheduler.delays.subList(2, scheduler.delays.size());
        assertThat(later).allSatisfy(d -> assertThat(d).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(25)));
        assertThat(later.stream().distinct().count()).as("jittered, not fixed").isGreaterThan(30);
        assertThat(c.health(FLASH).status()).isEqualTo(HealthStatus.UNHEALTHY);
        assertThat(c.health(GPT).status()).isEqualTo(HealthStatus.HEALTHY);

        c.stop();
        scheduler.runNext();
        scheduler.runNext();
        assertThat(scheduler.tasks).as("stopped: nothing rescheduled").isEmpty();
    }

    @Test
    void disabledChecksScheduleNothing() {
        HealthChecker c = checker(new HealthCheckConfig(false, null, null, null, null, null));
        ManualScheduler scheduler = new ManualScheduler();
        c.start(List.of(GPT), scheduler);
        assertThat(scheduler.tasks).isEmpty();
    }

    @Test
    void aProbeThatThrowsUnexpectedlyCountsAsFailedAndSaysWhy() {
        HealthChecker c = new HealthChecker(new HealthCheckConfig(true, 20, 5, 1, List.of(), 30),
                d -> {
                    throw new IllegalStateException("no such model in the catalog");
                }, clock, clock::nanoTime, new Random(1));
        assertThat(c.probeNow(GPT)).isFalse();
        assertThat(c.exclusionReason(GPT, 0)).contains("the probe itself failed")
                .contains("no such model in the catalog");
    }

    @Test
    void theRampGivesTheShareForEachStep() {
        AdmissionRamp ramp = new AdmissionRamp(List.of(0.1, 0.25, 0.5), Duration.ofSeconds(10));
        assertThat(ramp.share(Duration.ZERO)).isEqualTo(0.1);
        assertThat(ramp.share(Duration.ofMillis(9_999))).isEqualTo(0.1);
        assertThat(ramp.share(Duration.ofSeconds(10))).isEqualTo(0.25);
        assertThat(ramp.share(Duration.ofSeconds(25))).isEqualTo(0.5);
        assertThat(ramp.share(Duration.ofSeconds(30))).isEqualTo(1.0);
        assertThat(ramp.complete(Duration.ofSeconds(30))).isTrue();
        assertThat(ramp.length()).isEqualTo(Duration.ofSeconds(30));
    }
}
