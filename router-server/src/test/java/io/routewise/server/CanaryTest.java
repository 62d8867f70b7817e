package io.routewise.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.config.ConfigLoader;
import io.routewise.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A candidate config serving a share of traffic beside the stable one: split, comparison, promote, automatic abort. */
class CanaryTest {

    private static final String ADMIN = "admin-secret-for-the-canary-test";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    @Test
    void theSplitHoldsItsShareWithinOnePointOverTenThousandRequestsAndIsSticky() {
        Random random = new Random(11);
        for (double percent : new double[] {1, 5, 10, 25, 50, 90}) {
            int in = 0;
            for (int i = 0; i < 10_000; i++) {
                if (CanarySplit.inCanary(new UUID(random.nextLong(), random.nextLong()).toString(), percent)) {
                    in++;
                }
            }
            assertThat(in / 100.0).as("share at %s %%", percent).isCloseTo(percent, org.assertj.core.data.Offset.offset(1.0));
        }
        for (int i = 0; i < 1_000; i++) {
            String key = "key-" + i;
            assertThat(CanarySplit.inCanary(key, 10)).isEqualTo(CanarySplit.inCanary(key, 10));
            if (CanarySplit.inCanary(key, 10)) {
                assertThat(CanarySplit.inCanary(key, 30)).as("raising the share only adds keys").isTrue();
            }
        }
    }

    private String config(String rule) {
        return """
                server: {port: 8080}
                providers:
                  - {name: sim, kind: simulator, timeout_ms: 5000, retry: {max_attempts: 1}}
                models:
                  - {id: cheap, provider: sim, input_usd_per_1m: 0.1, output_usd_per_1m: 0.4, context_window: 8192,
                     max_output_tokens: 1024, capabilities: [streaming], tier: 1}
                  - {id: other, provider: sim, input_usd_per_1m: 1, output_usd_per_1m: 2, context_window: 8192,
                     max_output_tokens: 1024, capabilities: [streaming], tier: 2}
                  - {id: flaky, provider: sim, input_usd_per_1m: 1, output_usd_per_1m: 2, context_window: 8192,
                     max_output_tokens: 1024, capabilities: [streaming], tier: 2, simulate: {error_rate: 1.0}}
                routing:
                  health: {enabled: false}
                  breaker: {consecutive_failures: 1000, failure_rate: 1.0, min_calls: 1000}
                  rules:
                    - {name: pin, then: {model: %s}}
                ledger: {url: "jdbc:sqlite:%s"}
                evaluation: {weights_dir: "%s", report_dir: "%s"}
                auth: {admin_key_file: "%s"}
                """.formatted(rule, dir.resolve("ledger.db"), dir.resolve("weights"), dir.resolve("reports"),
                dir.resolve("admin.key"));
    }

    private RunningRouter start(Path file) throws Exception {
        Files.writeString(dir.resolve("admin.key"), ADMIN + "\n");
        dir.resolve("admin.key").toFile().setReadable(false, false);
        dir.resolve("admin.key").toFile().setReadable(true, true);
        return RouterLauncher.start(ConfigLoader.load(file), new RouterLauncher.Options("127.0.0.1", 0, true)
                .withConfigFile(file), TestRoutingModel.classifier());
    }

    private static HttpResponse<String> send(RunningRouter router, String method, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(router.baseUrl() + path)).timeout(Duration.ofSeconds(20))
                .header("content-type", "application/json").header("authorization", "Bearer " + ADMIN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String canary(String yaml, double percent, int minRequests) {
        ObjectNodeBuilder b = new ObjectNodeBuilder();
        return b.put("config", yaml).put("percent", percent).put("by", "request").put("min_requests", minRequests).json();
    }

    /** A small helper so the request bodies read as what they are. */
    private static final class ObjectNodeBuilder {
        private final com.fasterxml.jackson.databind.node.ObjectNode node = Json.object();

        ObjectNodeBuilder put(String k, String v) {
            node.put(k, v);
            return this;
        }

        ObjectNodeBuilder put(String k, double v) {
            node.put(k, v);
            return this;
        }

        String json() {
            return node.toString();
        }
    }

    private static final String AUTO = "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}";

    @Test
    void aCanarySplitsTrafficReportsBothSidesAndIsPromotedIntoTheFile() throws Exception {
        Path file = dir.resolve("routewise.yaml");
        Files.writeString(file, config("cheap"));
        try (RunningRouter router = start(file)) {
            String stable = router.config().version();
            String candidateText = config("other");
            HttpResponse<String> started = send(router, "POST", "/admin/config/canary", canary(candidateText, 50, 1000));
            assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
            int onCandidate = 0;
            for (int i = 0; i < 200; i++) {
                HttpResponse<String> r = send(router, "POST", "/v1/chat/completions", AUTO);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                if (r.headers().firstValue("x-routewise-model").orElse("").equals("other")) {
                    onCandidate++;
                }
            }
            assertThat(onCandidate).isBetween(70, 130);
            JsonNode status = Json.MAPPER.readTree(send(router, "GET", "/admin/config/canary", null).body());
            assertThat(status.get("active").asBoolean()).isTrue();
            assertThat(status.at("/live/candidate/requests").asInt()).isEqualTo(onCandidate);
            assertThat(status.at("/live/stable/requests").asInt()).isEqualTo(200 - onCandidate);
            // The ledger's figures follow once its writer has flushed both sides' rows.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while ((status.at("/ledger/candidate/served_by/other").asInt() < onCandidate
                    || status.at("/ledger/stable/served_by/cheap").asInt() < 200 - onCandidate)
                    && System.nanoTime() < deadline) {
                Thread.sleep(200);
                status = Json.MAPPER.readTree(send(router, "GET", "/admin/config/canary", null).body());
            }
            assertThat(status.at("/ledger/candidate/requests").asInt()).isEqualTo(onCandidate);
            assertThat(status.at("/ledger/candidate/served_by/other").asInt()).isEqualTo(onCandidate);
            assertThat(status.at("/ledger/stable/served_by/cheap").asInt()).isEqualTo(200 - onCandidate);
            assertThat(status.at("/ledger/stable/error_rate").asDouble()).isZero();

            HttpResponse<String> promoted = send(router, "POST", "/admin/config/canary/promote", "{}");
            assertThat(promoted.statusCode()).as(promoted.body()).isEqualTo(200);
            assertThat(Files.readString(file)).isEqualTo(candidateText);
            assertThat(router.config().version()).isNotEqualTo(stable).isEqualTo(ConfigLoader.parse(candidateText, "x").version());
            assertThat(Json.MAPPER.readTree(send(router, "GET", "/admin/config/canary", null).body()).get("active").asBoolean())
                    .isFalse();
            assertThat(send(router, "POST", "/v1/chat/completions", AUTO).headers().firstValue("x-routewise-model"))
                    .hasValue("other");
        }
    }

    @Test
    void aCanaryThatFailsMoreThanTheStableConfigIsAbortedOnItsOwn() throws Exception {
        Path file = dir.resolve("routewise.yaml");
        Files.writeString(file, config("cheap"));
        try (RunningRouter router = start(file)) {
            HttpResponse<String> refused = send(router, "POST", "/admin/config/canary",
                    canary(config("cheap").replace("timeout_ms: 5000", "timeout_ms: 6000"), 50, 10));
            assertThat(refused.statusCode()).as("providers are shared").isEqualTo(400);
            assertThat(refused.body()).contains("providers: a canary shares the providers");
            HttpResponse<String> invalid = send(router, "POST", "/admin/config/canary",
                    canary(config("flaky").replace("routing:", "routng:"), 50, 10));
            assertThat(invalid.statusCode()).isEqualTo(400);
            assertThat(invalid.body()).contains("the canary config:").contains("routng: unknown key");

            assertThat(send(router, "POST", "/admin/config/canary", canary(config("flaky"), 50, 10)).statusCode()).isEqualTo(201);
            int failed = 0;
            for (int i = 0; i < 80 && Json.MAPPER.readTree(send(router, "GET", "/admin/config/canary", null).body())
                    .get("active").asBoolean(); i++) {
                if (send(router, "POST", "/v1/chat/completions", AUTO).statusCode() >= 500) {
                    failed++;
                }
            }
            JsonNode status = Json.MAPPER.readTree(send(router, "GET", "/admin/config/canary", null).body());
            assertThat(status.get("active").asBoolean()).isFalse();
            assertThat(status.get("last_end").asText()).contains("error rate");
            assertThat(failed).isGreaterThanOrEqualTo(10);
            // After the abort, everything is the stable config's again.
            for (int i = 0; i < 20; i++) {
                assertThat(send(router, "POST", "/v1/chat/completions", AUTO).statusCode()).isEqualTo(200);
            }
            assertThat(send(router, "POST", "/admin/config/canary/abort", "{}").statusCode()).isEqualTo(409);
        }
    }
}
