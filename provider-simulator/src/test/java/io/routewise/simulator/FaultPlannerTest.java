package io.routewise.simulator;

import io.routewise.chat.ChatRequest;
import io.routewise.chat.Message;
import io.routewise.chat.Role;
import io.routewise.config.SimulationProfile;
import io.routewise.testing.MutableClock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FaultPlannerTest {

    private static final int N = 2000;

    private static SimulationProfile rates(double rateLimit, double error, double timeout, double reset, double cut) {
        return new SimulationProfile(null, null, null, null, error, rateLimit, timeout, reset, cut, 7, null);
    }

    private static Map<String, Integer> tally(SimulationProfile profile, boolean stream) {
        SimulatedModel model = new SimulatedModel("m", profile, null);
        SplittableRandom random = new SplittableRandom(42);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < N; i++) {
            Outcome o = FaultPlanner.decide(model, random.nextDouble(), 0, stream);
            String key = o.kind() == Outcome.Kind.HTTP_ERROR ? "http" + o.status() : o.kind().name();
            counts.merge(key, 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void respectsEachRateRoughlyOverManySeededDraws() {
        Map<String, Integer> counts = tally(rates(0.10, 0.05, 0.03, 0.02, 0.10), true);
        assertThat(counts.getOrDefault("http429", 0) / (double) N).isCloseTo(0.10, within(0.02));
        assertThat(counts.getOrDefault("http500", 0) / (double) N).isCloseTo(0.05, within(0.015));
        assertThat(counts.getOrDefault("TIMEOUT", 0) / (double) N).isCloseTo(0.03, within(0.012));
        assertThat(counts.getOrDefault("RESET", 0) / (double) N).isCloseTo(0.02, within(0.01));
        assertThat(counts.getOrDefault("STREAM_CUT", 0) / (double) N).isCloseTo(0.10, within(0.02));
        assertThat(counts.getOrDefault("ANSWER", 0) / (double) N).isCloseTo(0.70, within(0.03));
    }

    @Test
    void cutsOnlyStreams() {
        Map<String, Integer> counts = tally(rates(0, 0, 0, 0, 1.0), false);
        assertThat(counts).containsOnlyKeys("ANSWER");
    }

    @Test
    void defaultProfileAlwaysAnswers() {
        assertThat(tally(SimulationProfile.DEFAULT, true)).containsEntry("ANSWER", N);
    }

    @Test
    void rateLimitCarriesTheProfilesRetryAfter() {
        Outcome o = FaultPlanner.decide(new SimulatedModel("m", rates(1, 0, 0, 0, 0), null), 0.5, 0, false);
        assertThat(o.status()).isEqualTo(429);
        assertThat(o.retryAfterS()).isEqualTo(7);
    }

    @Test
    void forcedStatusWinsOverRates() {
        Outcome o = FaultPlanner.decide(new SimulatedModel("m", SimulationProfile.DEFAULT, 401), 0.99, 0, false);
        assertThat(o.kind()).isEqualTo(Outcome.Kind.HTTP_ERROR);
        assertThat(o.status()).isEqualTo(401);
    }

    @Test
    void outagesFollowTheClockFromStart() {
        SimulationProfile profile = new SimulationProfile(null, null, null, null, null, null, null, null, null, 3,
                List.of(new SimulationProfile.Outage(10L, 5L, "error"),
                        new SimulationProfile.Outage(20L, 2L, "timeout"),
                        new SimulationProfile.Outage(30L, 2L, "reset")));
        MutableClock clock = new MutableClock();
        Simulator sim = new Simulator(Map.of("m", profile), 1, clock);
        ChatRequest request = ChatRequest.of("m", List.of(Message.text(Role.USER, "hi")));

        Map<Integer, Outcome.Kind> seen = new java.util.TreeMap<>();
        for (int s = 0; s < 40; s++) {
            seen.put(s, sim.plan(request).outcome().kind());
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(seen.get(9)).isEqualTo(Outcome.Kind.ANSWER);
        assertThat(seen.get(10)).isEqualTo(Outcome.Kind.HTTP_ERROR);
        assertThat(seen.get(14)).isEqualTo(Outcome.Kind.HTTP_ERROR);
        assertThat(seen.get(15)).isEqualTo(Outcome.Kind.ANSWER);
        assertThat(seen.get(20)).isEqualTo(Outcome.Kind.TIMEOUT);
        assertThat(seen.get(22)).isEqualTo(Outcome.Kind.ANSWER);
        assertThat(seen.get(31)).isEqualTo(Outcome.Kind.RESET);
        assertThat(sim.stats().of("m").outageFailures()).isEqualTo(5 + 2 + 2);
    }

    @Test
    void outageErrorsAre503WithRetryAfterAndSayOutage() {
        SimulationProfile profile = new SimulationProfile(null, null, null, null, null, null, null, null, null, 3,
                List.of(new SimulationProfile.Outage(0L, 60L, null)));
        Outcome o = FaultPlanner.decide(new SimulatedModel("m", profile, null), 0.5, 1000, false);
        assertThat(o.status()).isEqualTo(503);
        assertThat(o.outage()).isTrue();
        assertThat(o.errorMessage("m")).contains("outage");
    }

    @Test
    void restartingTheClockMovesOutageWindows() {
        SimulationProfile profile = new SimulationProfile(null, null, null, null, null, null, null, null, null, null,
                List.of(new SimulationProfile.Outage(0L, 5L, "error")));
        MutableClock clock = new MutableClock();
        Simulator sim = new Simulator(Map.of("m", profile), 1, clock);
        ChatRequest request = ChatRequest.of("m", List.of(Message.text(Role.USER, "hi")));
        clock.advance(Duration.ofSeconds(6));
        assertThat(sim.plan(request).outcome().kind()).isEqualTo(Outcome.Kind.ANSWER);
        sim.restartClock();
        assertThat(sim.plan(request).outcome().kind()).isEqualTo(Outcome.Kind.HTTP_ERROR);
    }

    @Test
    void simulatorCountsOutcomesPerModel() {
        Simulator sim = new Simulator(Map.of("flaky", rates(0.2, 0.2, 0, 0, 0)), 5);
        ChatRequest request = ChatRequest.of("flaky", List.of(Message.text(Role.USER, "hello there")));
        Map<Outcome.Kind, Integer> kinds = new EnumMap<>(Outcome.Kind.class);
        for (int i = 0; i < N; i++) {
            kinds.merge(sim.plan(request).outcome().kind(), 1, Integer::sum);
        }
        SimulatorStats.ModelStats stats = sim.stats().of("flaky");
        assertThat(stats.requests()).isEqualTo(N);
        assertThat(stats.answered()).isEqualTo(kinds.get(Outcome.Kind.ANSWER).longValue());
        assertThat(stats.rateLimited() + stats.errors()).isEqualTo(kinds.get(Outcome.Kind.HTTP_ERROR).longValue());
        assertThat(stats.rateLimited() / (double) N).isCloseTo(0.2, within(0.03));
    }
}
