package io.routewise.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routewise.chat.ChatResponse;
import io.routewise.config.HealthCheckConfig;
import io.routewise.config.ModelConfig;
import io.routewise.config.ProviderConfig;
import io.routewise.config.ProviderKind;
import io.routewise.config.SimulationProfile;
import io.routewise.providers.HttpProviderAdapter;
import io.routewise.providers.ProviderException;
import io.routewise.providers.WireFormats;
import io.routewise.resilience.Deployment;
import io.routewise.resilience.HealthChecker;
import io.routewise.resilience.HealthStatus;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The adapters' one-token health probe against the simulator, and the health checker driven by it. */
class HealthProbeTest {

    private static SimulatorServer server;

    @BeforeAll
    static void start() {
        server = new SimulatorServer(Map.of(), 5).start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static HttpProviderAdapter adapter(ProviderKind kind) {
        String base = kind == ProviderKind.OPENAI ? server.baseUrl() + "/v1" : server.baseUrl();
        ProviderConfig config = new ProviderConfig("sim-" + kind.configName(), kind, base, null, null, 2000, 2000, null);
        return new HttpProviderAdapter(config, WireFormats.client(kind), HttpProviderAdapter.sharedClient(2000),
                "not-a-real-key");
    }

    private static ModelConfig model(String id) {
        return new ModelConfig(id, "sim", id, 1.0, 2.0, null, 128_000, 4096, null, 1, null, true, null, null);
    }

    @ParameterizedTest
    @EnumSource(value = ProviderKind.class, names = {"OPENAI", "ANTHROPIC", "GEMINI"})
    void probesWithAOneTokenCompletion(ProviderKind kind) throws Exception {
        ChatResponse answer = adapter(kind).probe(model("probe-ok-" + kind.configName()));
        assertThat(answer.usage().outputTokens()).isEqualTo(1);
        assertThatThrownBy(() -> adapter(kind).probe(model("probe-sim-error-503")))
                .isInstanceOfSatisfying(ProviderException.class,
                        e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.SERVER_ERROR));
    }

    @ParameterizedTest
    @EnumSource(value = ProviderKind.class, names = {"OPENAI"})
    void healthChecksTakeAFailingDeploymentOutAndRampItBackIn(ProviderKind kind) {
        HttpProviderAdapter adapter = adapter(kind);
        String id = "health-" + kind.configName();
        Deployment deployment = new Deployment("sim", id);
        HealthChecker checker = new HealthChecker(new HealthCheckConfig(true, 20, 5, 3, List.of(0.1, 0.5), 30),
                d -> adapter.probe(model(d.model())), Clock.systemUTC(), System::nanoTime, new Random(1));

        assertThat(checker.probeNow(deployment)).isTrue();
        server.setProfile(id, new SimulationProfile(null, null, null, null, 1.0, null, null, null, null, null, null));
        for (int i = 0; i < 3; i++) {
            assertThat(checker.probeNow(deployment)).isFalse();
        }
        assertThat(checker.health(deployment).status()).isEqualTo(HealthStatus.UNHEALTHY);
        assertThat(checker.exclusionReason(deployment, 0)).startsWith("unhealthy: 3 failed probes");

        server.resetProfile(id);
        assertThat(checker.probeNow(deployment)).isTrue();
        assertThat(checker.health(deployment).status()).isEqualTo(HealthStatus.RECOVERING);
        assertThat(checker.admittedShare(deployment)).isEqualTo(0.1);
    }
}
