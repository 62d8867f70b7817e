package io.routewise.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.routewise.config.ConfigLoader;
import io.routewise.resilience.Deployment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A model named by the client falls back through its own fallbacks, then to the hot-standby tier. */
class HotStandbyTest {

    private static final String CONFIG = """
            server: {port: 8080}  # the test starts it on a free port
            providers:
              - {name: down, kind: simulator, timeout_ms: 2000, retry: {max_attempts: 2, base_delay_ms: 1, max_delay_ms: 5}}
              - {name: also-down, kind: simulator, timeout_ms: 2000, retry: {max_attempts: 1}}
              - {name: spare, kind: simulator, timeout_ms: 2000}
            models:
              - {id: primary, provider: down, input_usd_per_1m: 1, output_usd_per_1m: 2, context_window: 8192,
                 max_output_tokens: 1024, capabilities: [streaming], tier: 2, simulate: {error_rate: 1.0},
                 fallbacks: [secondary]}
              - {id: secondary, provider: also-down, input_usd_per_1m: 1, output_usd_per_1m: 2, context_window: 8192,
                 max_output_tokens: 1024, capabilities: [streaming], tier: 2, simulate: {error_rate: 1.0}}
              - {id: standby, provider: spare, input_usd_per_1m: 0.1, output_usd_per_1m: 0.2, context_window: 8192,
                 max_output_tokens: 1024, capabilities: [streaming], tier: 1}
            routing:
              hot_standby: [standby]
              health: {enabled: false}
            """;

    @Test
    void aNamedModelFallsBackToTheHotStandbyWhenItsChainFails() throws Exception {
        try (RunningRouter router = RouterLauncher.start(TestLedgers.isolated(ConfigLoader.parse(CONFIG, "hot-standby.yaml")),
                new RouterLauncher.Options("127.0.0.1", 0, true), TestRoutingModel.classifier())) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(router.baseUrl() + "/v1/chat/completions"))
                    .timeout(Duration.ofSeconds(20))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"model\":\"primary\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("x-routewise-model")).hasValue("standby");
            assertThat(r.headers().firstValue("x-routewise-fallbacks")).hasValue("primary,secondary");
            assertThat(r.headers().firstValue("x-routewise-retries")).hasValue("1");
            assertThat(router.resilience().breakers().failures(new Deployment("down", "primary"))).isEqualTo(2);
            assertThat(router.resilience().breakers().failures(new Deployment("also-down", "secondary"))).isEqualTo(1);
        }
    }
}
