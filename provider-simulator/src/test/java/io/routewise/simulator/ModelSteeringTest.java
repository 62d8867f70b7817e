package io.routewise.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.routewise.config.SimulationProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelSteeringTest {

    private static final SimulationProfile BASE = new SimulationProfile(0.7, 100, 50.0, 0.1, null, null, null, null,
            null, 4, null);

    @Test
    void plainNamesKeepTheirProfile() {
        SimulatedModel m = ModelSteering.resolve("gpt-4o-mini", BASE);
        assertThat(m.profile()).isEqualTo(BASE);
        assertThat(m.forcedStatus()).isNull();
    }

    @Test
    void markersOverrideSingleFields() {
        assertThat(ModelSteering.resolve("x-sim-rate-limited", BASE).profile().rateLimitRate()).isEqualTo(1.0);
        assertThat(ModelSteering.resolve("sim-timeout", BASE).profile().timeoutRate()).isEqualTo(1.0);
        assertThat(ModelSteering.resolve("sim-reset", BASE).profile().resetRate()).isEqualTo(1.0);
        assertThat(ModelSteering.resolve("sim-stream-cut", BASE).profile().streamCutRate()).isEqualTo(1.0);
        assertThat(ModelSteering.resolve("sim-flaky", BASE).profile().errorRate()).isEqualTo(0.5);
        assertThat(ModelSteering.resolve("sim-slow", BASE).profile().ttftMs()).isEqualTo(2000);
        assertThat(ModelSteering.resolve("sim-perfect", BASE).profile().quality()).isEqualTo(1.0);
        assertThat(ModelSteering.resolve("sim-wrong", BASE).profile().quality()).isEqualTo(0.0);
        SimulatedModel limited = ModelSteering.resolve("sim-rate-limited", BASE);
        assertThat(limited.profile().retryAfterS()).isEqualTo(4);
        assertThat(limited.profile().quality()).isEqualTo(0.7);
    }

    @Test
    void errorMarkerForcesThatStatus() {
        assertThat(ModelSteering.resolve("sim-error-500", BASE).forcedStatus()).isEqualTo(500);
        assertThat(ModelSteering.resolve("claude-sim-error-401", BASE).forcedStatus()).isEqualTo(401);
        assertThat(ModelSteering.resolve("sim-error-200", BASE).forcedStatus()).isNull();
    }

    @Test
    void markersCombine() {
        SimulationProfile p = ModelSteering.resolve("sim-slow-sim-stream-cut", BASE).profile();
        assertThat(p.ttftMs()).isEqualTo(2000);
        assertThat(p.streamCutRate()).isEqualTo(1.0);
    }

    @Test
    void unknownModelsGetTheDefaultProfileAndRuntimeProfilesReplaceEverything() {
        Simulator sim = new Simulator(Map.of("known", BASE), 1);
        assertThat(sim.model("whatever").profile()).isEqualTo(SimulationProfile.DEFAULT);
        assertThat(sim.model("known").profile()).isEqualTo(BASE);

        SimulationProfile down = new SimulationProfile(null, null, null, null, 1.0, null, null, null, null, null, null);
        sim.setProfile("known-sim-timeout", down);
        assertThat(sim.model("known-sim-timeout").profile()).isEqualTo(down);
        assertThat(sim.modelNames()).containsExactly("known", "known-sim-timeout");
        sim.resetProfile("known-sim-timeout");
        assertThat(sim.model("known-sim-timeout").profile().timeoutRate()).isEqualTo(1.0);
    }
}
