package io.routewise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.classifier.ModelDirectory;
import io.routewise.classifier.RequestClassifier;
import io.routewise.config.ConfigLoader;
import io.routewise.config.ModelConfig;
import io.routewise.config.RoutewiseConfig;
import io.routewise.json.Json;
import io.routewise.server.RouterLauncher;
import io.routewise.server.RunningRouter;
import java.io.StringWriter;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The learning loop end to end: a router on the shipped config (every provider simulated, prompt
 * logging on) serves prompts, each to three models; each answer is scored through
 * {@code POST /v1/feedback}; {@code routewise logs export --merge-prompts} writes the ledger as a
 * traffic log; {@code routewise train} trains on it; the model directory it writes loads.
 */
class LedgerLoopTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void servedTrafficWithFeedbackExportsTrainsAndLoads(@TempDir Path tmp) throws Exception {
        String yaml = Files.readString(Path.of("..", "routewise.yaml"))
                .replaceFirst("(?m)^ledger: .*$", "ledger: {url: \"jdbc:sqlite:" + tmp.resolve("ledger.db") + "\"}")
                .replaceFirst("(?m)^logging: .*$", "logging: {log_prompts: true}");
        Path configFile = tmp.resolve("routewise.yaml");
        Files.writeString(configFile, yaml);
        RoutewiseConfig config = ConfigLoader.load(configFile);
        List<String> models = config.models().stream().filter(ModelConfig::enabled).map(ModelConfig::id)
                .limit(3).toList();
        assertThat(models).hasSize(3);

        int prompts = 24;
        try (RunningRouter router = RouterLauncher.start(config, new RouterLauncher.Options("127.0.0.1", 0, true,
                Path.of("..", "models", "default")))) {
            // The simulator answers with realistic latencies: serve the prompts in parallel.
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(prompts);
            try {
                List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
                for (int i = 0; i < prompts; i++) {
                    int p = i;
                    done.add(pool.submit(() -> {
                        serveAndScore(router, models, p);
                        return null;
                    }));
                }
                for (java.util.concurrent.Future<?> f : done) {
                    f.get(60, java.util.concurrent.TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
        } // closing drains the ledger writer

        Path log = tmp.resolve("traffic.jsonl");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Routewise.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute("logs", "export", "--out", log.toString(), "--merge-prompts", "--config", configFile.toString());
        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains(prompts * 3 + " requests").contains(prompts * 3 + " with feedback")
                .contains("merged into " + prompts + " prompts");
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(prompts);
        for (String line : lines) {
            JsonNode record = Json.MAPPER.readTree(line);
            assertThat(record.get("responses")).hasSize(3);
            assertThat(record.get("responses").findValues("outcome")).hasSize(3);
        }

        Path modelDir = tmp.resolve("model");
        StringWriter trainOut = new StringWriter();
        StringWriter trainErr = new StringWriter();
        CommandLine train = Routewise.commandLine();
        train.setOut(new PrintWriter(trainOut, true));
        train.setErr(new PrintWriter(trainErr, true));
        int trained = train.execute("train", "--logs", log.toString(), "--out", modelDir.toString(), "--seed", "5",
                "--holdout", "0.25", "--token-budget", "32", "--labels", "complexity");
        assertThat(trained).as(trainErr.toString()).isZero();

        ModelDirectory dir = ModelDirectory.load(modelDir);
        assertThat(dir.weights().modelIds()).containsExactlyInAnyOrderElementsOf(models);
        try (RequestClassifier classifier = RequestClassifier.load(modelDir)) {
            assertThat(classifier.version()).isNotBlank();
        }
    }

    /** Sends prompt {@code p} to each model and scores each answer. */
    private static void serveAndScore(RunningRouter router, List<String> models, int p) throws Exception {
        boolean hard = p % 2 == 0;
        String prompt = hard ? "Prove that the sum of the first " + p + " odd numbers is a square, step by step."
                : "What is " + p + " plus one?";
        for (int m = 0; m < models.size(); m++) {
            HttpResponse<String> r = post(router, "/v1/chat/completions", "{\"model\":\"" + models.get(m)
                    + "\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            String id = r.headers().firstValue("x-request-id").orElseThrow();
            // Only the last model answers hard prompts well; every model answers the easy ones.
            double score = hard && m < 2 ? 0.0 : 1.0;
            HttpResponse<String> fb = post(router, "/v1/feedback", "{\"request_id\":\"" + id + "\",\"score\":" + score + "}");
            assertThat(fb.statusCode()).as(fb.body()).isEqualTo(204);
        }
    }

    private static HttpResponse<String> post(RunningRouter router, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(router.baseUrl() + path)).timeout(Duration.ofSeconds(20))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
