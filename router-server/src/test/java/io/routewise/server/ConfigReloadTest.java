package io.routewise.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.config.ConfigLoader;
import io.routewise.json.Json;
import io.routewise.ledger.ConfigHistory;
import io.routewise.providers.ProviderException;
import io.routewise.resilience.BreakerState;
import io.routewise.resilience.Deployment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A running router applies a changed config file without a restart, and refuses a broken one. */
class ConfigReloadTest {

    private static final String ADMIN = "admin-secret-for-the-reload-test";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** A model line to add to the catalog (indented as a list item of models:). */
    private static final String ADDED = "  - {id: added, provider: sim-a, input_usd_per_1m: 0.3, output_usd_per_1m: 0.6, "
            + "context_window: 8192,\n     max_output_tokens: 1024, capabilities: [streaming], tier: 1}";

    @TempDir
    Path dir;

    private String config(int port, String cheapPrice, String extraModel) {
        return """
                server: {port: %d}
                providers:
                  - {name: sim-a, kind: simulator, timeout_ms: 5000}
                  - {name: sim-b, kind: simulator, timeout_ms: 5000}
                models:
                  - {id: cheap, provider: sim-a, input_usd_per_1m: %s, output_usd_per_1m: 0.4, context_window: 8192,
                     max_output_tokens: 1024, capabilities: [streaming], tier: 1}
                  - {id: other, provider: sim-b, input_usd_per_1m: 1, output_usd_per_1m: 2, context_window: 8192,
                     max_output_tokens: 1024, capabilities: [streaming], tier: 2}
                %s
                routing: {health: {enabled: false}}
                ledger: {url: "jdbc:sqlite:%s"}
                evaluation: {weights_dir: "%s", report_dir: "%s"}
                auth: {admin_key_file: "%s"}
                """.formatted(port, cheapPrice, extraModel, dir.resolve("ledger.db"), dir.resolve("weights"),
                dir.resolve("reports"), dir.resolve("admin.key"));
    }

    private RunningRouter start(Path file) throws Exception {
        Files.writeString(dir.resolve("admin.key"), ADMIN + "\n");
        dir.resolve("admin.key").toFile().setReadable(false, false);
        dir.resolve("admin.key").toFile().setReadable(true, true);
        return RouterLauncher.start(ConfigLoader.load(file), new RouterLauncher.Options("127.0.0.1", 0, true)
                .withConfigFile(file), TestRoutingModel.classifier());
    }

    private static HttpResponse<String> send(RunningRouter router, String method, String path, String body, boolean admin)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(router.baseUrl() + path)).timeout(Duration.ofSeconds(20))
                .header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (admin) {
            b.header("authorization", "Bearer " + ADMIN);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String chat(String model) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}";
    }

    @Test
    void aChangedFileIsAppliedWithoutARestartAndABrokenOneIsRefused() throws Exception {
        Path file = dir.resolve("routewise.yaml");
        Files.writeString(file, config(8080, "0.1", ""));
        try (RunningRouter router = start(file)) {
            String v1 = router.config().version();
            // What the router learned about a deployment that does not change must survive the reload.
            Deployment other = new Deployment("sim-b", "other");
            for (int i = 0; i < 10 && router.resilience().breakers().state(other) != BreakerState.OPEN; i++) {
                router.resilience().breakers().tryAcquirePermission(other);
                router.resilience().breakers().recordFailure(other, ProviderException.Kind.SERVER_ERROR, Duration.ofMillis(5));
            }
            assertThat(router.resilience().breakers().state(other)).isEqualTo(BreakerState.OPEN);

            // A new model, a new price, a new listen port: picked up from disk by the file watch.
            Files.writeString(file, config(9999, "0.2", ADDED));
            String v2 = ConfigLoader.load(file).version();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (!router.config().version().equals(v2) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(router.config().version()).isEqualTo(v2);
            assertThat(send(router, "GET", "/v1/models", null, false).body()).contains("\"added\"");
            HttpResponse<String> served = send(router, "POST", "/v1/chat/completions", chat("added"), false);
            assertThat(served.statusCode()).as(served.body()).isEqualTo(200);
            assertThat(served.headers().firstValue("x-routewise-model")).hasValue("added");
            assertThat(router.config().model("cheap").orElseThrow().inputUsdPer1m()).isEqualTo(0.2);
            assertThat(router.resilience().breakers().state(other)).as("breaker state carried over").isEqualTo(BreakerState.OPEN);
            assertThat(router.evalJob().models(new io.routewise.eval.EvalJob.Request(null, List.of("added"), null, "test",
                    null, true, null))).as("the evaluation job follows the catalog").hasSize(1);
            JsonNode ready = Json.MAPPER.readTree(send(router, "GET", "/ready", null, false).body());
            assertThat(ready.get("config_version").asText()).isEqualTo(v2);
            JsonNode status = Json.MAPPER.readTree(send(router, "GET", "/admin/config", null, true).body());
            assertThat(status.get("version").asText()).isEqualTo(v2);
            assertThat(status.get("source").asText()).isEqualTo("file");
            assertThat(status.get("restart_needed")).extracting(JsonNode::asText).containsExactly("server");
            assertThat(router.config().server().port()).as("the listen port keeps its running value").isEqualTo(8080);

            // A broken file: refused with every problem, and the config in force stays.
            Files.writeString(file, config(9999, "\"free\"", "").replace("routing: {", "routing: {qualty_margin: 0.1, "));
            HttpResponse<String> refused = send(router, "POST", "/admin/config/reload", "{}", true);
            assertThat(refused.statusCode()).isEqualTo(400);
            JsonNode problems = Json.MAPPER.readTree(refused.body()).get("error").get("problems");
            assertThat(problems).hasSize(2);
            assertThat(problems.get(0).asText()).contains("routewise.yaml:6:").contains("models[0].input_usd_per_1m");
            assertThat(problems.get(1).asText()).contains("routing.qualty_margin: unknown key");
            assertThat(router.config().version()).isEqualTo(v2);
            assertThat(send(router, "POST", "/v1/chat/completions", chat("added"), false).statusCode()).isEqualTo(200);
            JsonNode after = Json.MAPPER.readTree(send(router, "GET", "/admin/config", null, true).body());
            assertThat(after.get("last_refused").get("problems")).hasSize(2);
            assertThat(send(router, "POST", "/admin/config/reload", "{}", false).statusCode()).as("admin only").isEqualTo(401);
            String metrics = send(router, "GET", "/metrics", null, false).body();
            assertThat(metrics).contains("routewise_config_reloads_total{result=\"applied\"} 1.0")
                    .contains("routewise_config_reloads_total{result=\"refused\"}")
                    .contains("routewise_config_version{version=\"" + v2 + "\"} 1.0");

            // Every applied config is in the history, newest first, with its text.
            ConfigHistory history = new ConfigHistory(router.ledger().ledger());
            assertThat(history.list(10)).extracting(ConfigHistory.Entry::version).containsExactly(v2, v1);
            assertThat(history.list(10)).extracting(ConfigHistory.Entry::source).containsExactly("file", "start");
            assertThat(history.content(v1)).hasValue(config(8080, "0.1", ""));
            assertThat(history.previous()).hasValue(v1);
        }
    }

    @Test
    void reloadsRacingWithRequestsFailNoneOfThem() throws Exception {
        Path file = dir.resolve("routewise.yaml");
        Files.writeString(file, config(8080, "0.1", ""));
        try (RunningRouter router = start(file)) {
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<List<Integer>>> clients = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                String model = c % 2 == 0 ? "cheap" : "auto";
                clients.add(pool.submit(() -> {
                    List<Integer> statuses = new ArrayList<>();
                    while (!stop.get()) {
                        statuses.add(send(router, "POST", "/v1/chat/completions", chat(model), false).statusCode());
                    }
                    return statuses;
                }));
            }
            int applied = 0;
            for (int i = 0; i < 20; i++) {
                Files.writeString(file, config(8080, i % 2 == 0 ? "0.15" : "0.1", i % 3 == 0 ? ADDED : ""));
                if (router.reloadConfig().startsWith("applied")) {
                    applied++;
                }
                Thread.sleep(50);
            }
            stop.set(true);
            List<Integer> all = new ArrayList<>();
            for (Future<List<Integer>> f : clients) {
                all.addAll(f.get());
            }
            pool.shutdown();
            assertThat(applied).isGreaterThanOrEqualTo(10);
            assertThat(all).hasSizeGreaterThan(100).containsOnly(200);
        }
    }
}
