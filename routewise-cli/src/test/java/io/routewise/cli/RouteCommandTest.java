package io.routewise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.json.Json;
import io.routewise.testing.TestFeaturizer;
import io.routewise.testing.TestModels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code routewise route} on a small traffic log and the hand-set test model. */
class RouteCommandTest {

    @TempDir
    static Path tmp;
    static Path model;

    static final String CODE = "Why does this fail?\\n```java\\nint x = \\\"a\\\";\\nreturn x;\\n```";

    @BeforeAll
    static void writeModel() {
        // Classes easy.chat, hard.code, hard.math; "nocost" has no observed cost.
        model = TestModels.standard(TestFeaturizer.shared().spec())
                .model("cheap", 0.0002, 0.9, 0.3, 0.3)
                .model("strong", 0.01, 0.95, 0.92, 0.9)
                .model("nocost", null, 0.99, 0.99, 0.99)
                .write(tmp.resolve("model"));
    }

    record Run(int exit, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream previous = System.err;
        int exit;
        try {
            // The command reports to System.err (its summary) and picocli's err writer (errors): catch both.
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            CommandLine cli = Routewise.commandLine();
            cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
            cli.setOut(new PrintWriter(OutputStream.nullOutputStream()));
            exit = cli.execute(args);
        } finally {
            System.setErr(previous);
        }
        return new Run(exit, err.toString(StandardCharsets.UTF_8));
    }

    static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(file)) {
            out.add(Json.MAPPER.readTree(l));
        }
        return out;
    }

    static String line(String id, String text) {
        return "{\"request_id\":\"" + id + "\",\"task\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text
                + "\"}],\"responses\":[{\"model\":\"cheap\",\"outcome\":1}]}";
    }

    @Test
    void writesOneDecisionPerLineInOrderAndSkipsMalformedLinesWithTheirNumber() throws IOException {
        Path in = tmp.resolve("traffic.jsonl.gz");
        List<String> input = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            input.add(line("r" + i, i % 2 == 0 ? "What is the capital of country " + i + "?" : CODE));
        }
        input.add(5, "{not json");
        input.add(9, "{\"request_id\":\"bad\",\"messages\":[{\"role\":\"robot\",\"content\":\"hi\"}]}");
        input.add(12, "");
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(in))) {
            gz.write(String.join("\n", input).getBytes(StandardCharsets.UTF_8));
        }
        Path out = tmp.resolve("decisions.jsonl");

        Run r = run("route", "--model", model.toString(), "--input", in.toString(), "--output", out.toString(),
                "--quality-target", "0.7");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains(in + ":6: not valid JSON").contains(in + ":10: ").contains("(skipped)")
                .contains("40 decisions written").contains("2 lines skipped");
        List<JsonNode> decisions = lines(out);
        assertThat(decisions).hasSize(40);
        for (int i = 0; i < 40; i++) {
            JsonNode d = decisions.get(i);
            assertThat(d.path("request_id").asText()).isEqualTo("r" + i);
            assertThat(d.path("model").asText()).isEqualTo(i % 2 == 0 ? "cheap" : "strong");
            assertThat(d.has("expected_quality") && d.has("expected_cost_usd")).isTrue();
            assertThat(d.path("expected_cost_usd").asDouble()).isEqualTo(i % 2 == 0 ? 0.0002 : 0.01);
        }
        assertThat(decisions.get(0).path("reasons").toString())
                .contains("nocost excluded: no observed cost in the routing weights");
    }

    @Test
    void theQualityMarginMovesDecisionsAndIsTheDefaultKnob() throws IOException {
        Path in = tmp.resolve("easy-margin.jsonl");
        Files.writeString(in, line("a", "What is the capital of France?") + "\n");
        Path wide = tmp.resolve("wide.jsonl");
        Path none = tmp.resolve("none.jsonl");
        Path byDefault = tmp.resolve("default.jsonl");
        assertThat(run("route", "--model", model.toString(), "--input", in.toString(), "--output", wide.toString(),
                "--quality-margin", "0.3").exit()).isZero();
        assertThat(run("route", "--model", model.toString(), "--input", in.toString(), "--output", none.toString(),
                "--quality-margin", "0").exit()).isZero();
        assertThat(run("route", "--model", model.toString(), "--input", in.toString(), "--output", byDefault.toString())
                .exit()).isZero();
        assertThat(lines(wide).get(0).path("model").asText()).isEqualTo("cheap");
        assertThat(lines(none).get(0).path("model").asText()).isEqualTo("strong");
        assertThat(lines(byDefault).get(0).path("quality_margin").asDouble()).isEqualTo(0.05);
        // The threshold a decision used is the best expected quality less the margin.
        JsonNode d = lines(wide).get(0);
        double best = Math.max(d.path("expected_quality").asDouble(),
                d.path("fallbacks").get(0).path("expected_quality").asDouble());
        assertThat(d.path("quality_target").asDouble()).isCloseTo(best - 0.3, org.assertj.core.data.Offset.offset(1e-9));
        Run bad = run("route", "--model", model.toString(), "--input", in.toString(), "--output", none.toString(),
                "--quality-margin", "1.5");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--quality-margin must be between 0 and 1");
    }

    @Test
    void theQualityTargetMovesDecisions() throws IOException {
        Path in = tmp.resolve("easy.jsonl");
        Files.writeString(in, line("a", "What is the capital of France?") + "\n");
        Path low = tmp.resolve("low.jsonl");
        Path high = tmp.resolve("high.jsonl");
        assertThat(run("route", "--model", model.toString(), "--input", in.toString(), "--output", low.toString(),
                "--quality-target", "0.6").exit()).isZero();
        assertThat(run("route", "--model", model.toString(), "--input", in.toString(), "--output", high.toString(),
                "--quality-target", "0.93").exit()).isZero();
        assertThat(lines(low).get(0).path("model").asText()).isEqualTo("cheap");
        assertThat(lines(high).get(0).path("model").asText()).isEqualTo("strong");
        assertThat(lines(high).get(0).path("quality_target").asDouble()).isEqualTo(0.93);
    }

    @Test
    void withAConfigTheCatalogsModelsAndPricesAreTheCandidates() throws IOException {
        Path cfg = tmp.resolve("catalog.yaml");
        Files.writeString(cfg, """
                providers: [{name: sim, kind: simulator}]
                models:
                  - {id: cheap, provider: sim, input_usd_per_1m: 0.1, output_usd_per_1m: 0.4, context_window: 8000,
                     max_output_tokens: 2000, capabilities: [streaming], tier: 1}
                  - {id: strong, provider: sim, input_usd_per_1m: 3, output_usd_per_1m: 15, context_window: 8000,
                     max_output_tokens: 2000, capabilities: [tools, streaming], tier: 3}
                routing: {quality_target: 0.7, expected_output_tokens: 100}
                """);
        Path in = tmp.resolve("one.jsonl");
        Files.writeString(in, line("a", "What is the capital of France?") + "\n");
        Path out = tmp.resolve("catalog-decisions.jsonl");
        Run r = run("route", "--model", model.toString(), "--config", cfg.toString(), "--input", in.toString(),
                "--output", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode d = lines(out).get(0);
        assertThat(d.path("model").asText()).isEqualTo("cheap");
        assertThat(d.path("provider").asText()).isEqualTo("sim");
        assertThat(d.path("config_version").asText()).hasSize(12);
        assertThat(d.path("expected_cost_usd").asDouble()).isLessThan(0.0001); // list price, ~100 output tokens
    }

    @Test
    void badArgumentsAreOneLineErrorsWithANonZeroExit() throws IOException {
        Path in = tmp.resolve("x.jsonl");
        Files.writeString(in, line("a", "hi") + "\n");
        Run badTarget = run("route", "--model", model.toString(), "--input", in.toString(), "--output",
                tmp.resolve("o.jsonl").toString(), "--quality-target", "1.5");
        assertThat(badTarget.exit()).isEqualTo(2);
        assertThat(badTarget.err().strip()).doesNotContain("\n").contains("--quality-target must be between 0 and 1");

        Run missingInput = run("route", "--model", model.toString(), "--input", tmp.resolve("nope.jsonl").toString(),
                "--output", tmp.resolve("o.jsonl").toString());
        assertThat(missingInput.exit()).isEqualTo(2);
        assertThat(missingInput.err().strip()).doesNotContain("\n").contains("nope.jsonl: no such file");

        Run noOutput = run("route", "--model", model.toString(), "--input", in.toString());
        assertThat(noOutput.exit()).isEqualTo(2);
        assertThat(noOutput.err().strip()).doesNotContain("\n").contains("--output");

        Path missingModel = tmp.resolve("no-model");
        Run badModel = run("route", "--model", missingModel.toString(), "--input", in.toString(), "--output",
                tmp.resolve("o.jsonl").toString());
        assertThat(badModel.exit()).isEqualTo(2);
        assertThat(badModel.err().strip()).isEqualTo("routewise: " + missingModel + ": model directory not found");
    }
}
