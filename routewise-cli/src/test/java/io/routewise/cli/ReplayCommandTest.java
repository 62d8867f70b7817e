package io.routewise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.json.Json;
import io.routewise.testing.TestFeaturizer;
import io.routewise.testing.TestModels;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code routewise replay}: two configs over one log, compared without calling a provider. */
class ReplayCommandTest {

    @TempDir
    static Path tmp;
    static Path model;

    @BeforeAll
    static void writeModel() {
        model = TestModels.standard(TestFeaturizer.shared().spec())
                .model("cheap", 0.0002, 0.9, 0.3, 0.3)
                .model("strong", 0.01, 0.95, 0.92, 0.9)
                .write(tmp.resolve("model"));
    }

    private static String catalog(double target) {
        return """
                providers: [{name: sim, kind: simulator}]
                models:
                  - {id: cheap, provider: sim, input_usd_per_1m: 0.1, output_usd_per_1m: 0.4, context_window: 8000,
                     max_output_tokens: 2000, capabilities: [streaming], tier: 1}
                  - {id: strong, provider: sim, input_usd_per_1m: 3, output_usd_per_1m: 15, context_window: 8000,
                     max_output_tokens: 2000, capabilities: [tools, streaming], tier: 3}
                routing: {quality_target: %s, expected_output_tokens: 100}
                """.formatted(target);
    }

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cli = Routewise.commandLine();
        cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aStricterTargetMovesEasyRequestsToTheStrongModelAndCostsMore() throws Exception {
        Path baseline = tmp.resolve("baseline.yaml");
        Path candidate = tmp.resolve("candidate.yaml");
        Files.writeString(baseline, catalog(0.7));
        Files.writeString(candidate, catalog(0.93));
        Path log = tmp.resolve("traffic.jsonl");
        Files.writeString(log, String.join("\n",
                RouteCommandTest.line("a", "What is the capital of France?"),
                RouteCommandTest.line("b", "Say hello to my friend"),
                "{\"request_id\": \"broken\", \"messages\": 7}",
                RouteCommandTest.line("c", "What is the capital of Spain?")) + "\n");
        Path json = tmp.resolve("replay.json");
        Run r = run("replay", "--config", candidate.toString(), "--baseline", baseline.toString(), "--logs", log.toString(),
                "--model", model.toString(), "--json", json.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("skipped").contains("traffic.jsonl:3:");
        assertThat(r.out()).contains("replayed 3 requests").contains("decisions that changed").contains("cheap -> strong");
        JsonNode report = Json.MAPPER.readTree(json.toFile());
        assertThat(report.get("requests").asInt()).isEqualTo(3);
        assertThat(report.get("skipped_lines").asInt()).isEqualTo(1);
        assertThat(report.at("/baseline/requests_by_model/cheap").asInt()).isEqualTo(3);
        assertThat(report.at("/candidate/requests_by_model/strong").asInt()).isEqualTo(3);
        assertThat(report.get("changed").asInt()).isEqualTo(3);
        assertThat(report.at("/candidate/expected_cost_usd").asDouble())
                .isGreaterThan(report.at("/baseline/expected_cost_usd").asDouble());
        // The log recorded an outcome for "cheap" only: observed quality exists for the baseline's choices.
        assertThat(report.at("/baseline/observed_count").asInt()).isEqualTo(3);
        assertThat(report.at("/candidate/observed_count").asInt()).isZero();
    }

    @Test
    void badInputIsAOneLineErrorNotAStackTrace() throws Exception {
        Path candidate = tmp.resolve("bad.yaml");
        Files.writeString(candidate, "providers: 7\n");
        Run r = run("replay", "--config", candidate.toString(), "--logs", tmp.resolve("none.jsonl").toString(),
                "--model", model.toString());
        assertThat(r.exit()).isEqualTo(UserErrors.USER_ERROR);
        assertThat(r.err()).contains("bad.yaml:1:").doesNotContain("at io.routewise");
        Path empty = tmp.resolve("empty.jsonl");
        Files.writeString(empty, "not json\n");
        Files.writeString(candidate, catalog(0.7));
        Run none = run("replay", "--config", candidate.toString(), "--baseline", candidate.toString(), "--logs",
                empty.toString(), "--model", model.toString());
        assertThat(none.exit()).isEqualTo(UserErrors.USER_ERROR);
        assertThat(none.err()).contains("no request could be read");
    }
}
