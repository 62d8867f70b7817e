package io.routewise.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.routewise.auth.CallerKeyStore;
import io.routewise.auth.NewKey;
import io.routewise.config.ConfigLoader;
import io.routewise.config.RoutewiseConfig;
import io.routewise.ledger.Ledger;
import io.routewise.testing.RequiresPostgres;
import io.routewise.testing.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two routers on one PostgreSQL ledger: a provider's rate and a caller key's rate hold across both. */
@RequiresPostgres
class SharedRateLimitsTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path tmp;

    private RoutewiseConfig config(String url) {
        return ConfigLoader.parse("""
                server: {port: 8080}
                providers:
                  - {name: metered, kind: simulator, requests_per_minute: 6, retry: {max_attempts: 1}}
                  - {name: open, kind: simulator}
                models:
                  - {id: scarce, provider: metered, input_usd_per_1m: 0.1, output_usd_per_1m: 0.4, context_window: 8192,
                     max_output_tokens: 1024, capabilities: [streaming], tier: 1}
                  - {id: plenty, provider: open, input_usd_per_1m: 0.1, output_usd_per_1m: 0.4, context_window: 8192,
                     max_output_tokens: 1024, capabilities: [streaming], tier: 1}
                routing: {health: {enabled: false}}
                ledger: {url: "%s"}
                evaluation: {weights_dir: "%s", report_dir: "%s"}
                """.formatted(url, tmp.resolve("weights"), tmp.resolve("reports")), "shared-rates.yaml");
    }

    private static int post(RunningRouter router, String model, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(router.baseUrl() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(20)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model
                        + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
        if (key != null) {
            b.header("authorization", "Bearer " + key);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void aProvidersRateAndAKeysRateHoldAcrossTwoReplicas() throws Exception {
        try (TestPostgres.Schema schema = TestPostgres.newSchema()) {
            RoutewiseConfig config = config(schema.url());
            try (RunningRouter a = RouterLauncher.start(config, new RouterLauncher.Options("127.0.0.1", 0, true),
                    TestRoutingModel.classifier());
                 RunningRouter b = RouterLauncher.start(config, new RouterLauncher.Options("127.0.0.1", 0, true),
                         TestRoutingModel.classifier())) {
                int ok = 0;
                for (int i = 0; i < 12; i++) {
                    ok += post(i % 2 == 0 ? a : b, "scarce", null) == 200 ? 1 : 0;
                }
                assertThat(ok).as("6 per minute for the provider, not 6 per replica").isEqualTo(6);

                String key;
                try (Ledger ledger = Ledger.open(config.ledger())) {
                    key = new CallerKeyStore(ledger).create(new NewKey("team", null, null, 4, null, Set.of(), null),
                            Instant.now()).plaintext();
                }
                int admitted = 0;
                int limited = 0;
                for (int i = 0; i < 8; i++) {
                    int status = post(i % 2 == 0 ? a : b, "plenty", key);
                    admitted += status == 200 ? 1 : 0;
                    limited += status == 429 ? 1 : 0;
                }
                assertThat(admitted).as("4 per minute for the key, not 4 per replica").isEqualTo(4);
                assertThat(limited).isEqualTo(4);
            }
        }
    }
}
