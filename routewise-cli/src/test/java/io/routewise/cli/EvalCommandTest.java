package io.routewise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.routewise.cli.WeightsCommandTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code routewise eval} against simulated providers: estimate, a run with its report, weights and
 * history, the budget refusal, and bad input as one-line errors with the promised exit codes.
 */
class EvalCommandTest {

    static final String MODEL_DIR = Path.of("..", "models", "default").toString();

    @TempDir
    Path tmp;
    Path config;
    Path sets;

    @BeforeEach
    void write() throws IOException {
        sets = tmp.resolve("sets");
        Files.createDirectories(sets);
        StringBuilder items = new StringBuilder();
        for (int i = 1; i <= 12; i++) {
            items.append(String.format("{\"id\":\"sum-%02d\",\"task\":\"math\",\"complexity\":\"easy\","
                    + "\"prompt\":\"What is %d plus %d? Reply with the number only.\",\"reference\":\"%d\","
                    + "\"scorer\":{\"type\":\"numeric\",\"value\":%d}}%n", i, i, 100 + i, 100 + 2 * i, 100 + 2 * i));
        }
        Files.writeString(sets.resolve("sums.jsonl"), items);
        config = tmp.resolve("routewise.yaml");
        Files.writeString(config, """
                providers:
                  - {name: sim, kind: simulator}
                models:
                  - {id: good-model, provider: sim, input_usd_per_1m: 1, output_usd_per_1m: 2, context_window: 32000,
                     max_output_tokens: 2048, capabilities: [streaming], tier: 2, simulate: {quality: 1.0}}
                  - {id: cheap-model, provider: sim, input_usd_per_1m: 0.1, output_usd_per_1m: 0.2, context_window: 32000,
                     max_output_tokens: 2048, capabilities: [streaming], tier: 1, simulate: {quality: 0.5}}
                ledger: {url: "jdbc:sqlite:%s"}
                evaluation:
                  sets: ["%s"]
                  budget_usd: 1.0
                  weights_dir: "%s"
                  report_dir: "%s"
                """.formatted(tmp.resolve("ledger.db"), sets, tmp.resolve("weights"), tmp.resolve("reports")));
    }

    private Run eval(String... more) {
        String[] args = new String[more.length + 5];
        args[0] = "eval";
        args[1] = "--config";
        args[2] = config.toString();
        args[3] = "--model";
        args[4] = MODEL_DIR;
        System.arraycopy(more, 0, args, 5, more.length);
        return WeightsCommandTest.run(args);
    }

    @Test
    void estimateSendsNothingAndNamesEveryModel() {
        Run r = eval("--estimate");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("estimate: 24 calls").contains("good-model", "cheap-model");
        assertThat(tmp.resolve("reports")).doesNotExist();
    }

    @Test
    void aRunScoresStoresReportsAndWritesTheFirstWeights() {
        Run r = eval();
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("report: ").contains("routing weights v1 written");
        assertThat(tmp.resolve("weights").resolve("CURRENT")).hasContent("1");
        try (var files = Files.list(tmp.resolve("reports"))) {
            assertThat(files.map(p -> p.getFileName().toString())).contains("index.html")
                    .anyMatch(n -> n.startsWith("eval-") && n.endsWith(".html"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        Run runs = WeightsCommandTest.run("eval", "runs", "--config", config.toString());
        assertThat(runs.exit()).isZero();
        assertThat(runs.out().lines().skip(1).findFirst().orElseThrow()).contains("completed", "cli", "v1");
    }

    @Test
    void aBudgetTheEstimateExceedsIsRefusedWithExitThree() {
        Run r = eval("--budget-usd", "0.0000001");
        assertThat(r.exit()).isEqualTo(EvalCommand.REFUSED);
        List<String> refusals = r.err().lines().filter(l -> l.startsWith("routewise eval: refused:")).toList();
        assertThat(refusals).singleElement().asString()
                .startsWith("routewise eval: refused: estimated cost $").contains("exceeds the budget of $0.0000001;");
        assertThat(tmp.resolve("reports")).doesNotExist();
    }

    @Test
    void badInputIsAOneLineErrorWithExitTwo() throws IOException {
        Run unknownModel = eval("--models", "no-such-model");
        assertThat(unknownModel.exit()).isEqualTo(UserErrors.USER_ERROR);
        assertThat(unknownModel.err()).contains("unknown model 'no-such-model'");

        Path bad = tmp.resolve("bad.jsonl");
        Files.writeString(bad, "{\"id\":\"x\",\"task\":\"math\",\"complexity\":\"easy\",\"prompt\":\"p\","
                + "\"reference\":\"1\",\"scorer\":{\"type\":\"numeric\"}}\n");
        Run badSet = eval("--sets", bad.toString());
        assertThat(badSet.exit()).isEqualTo(UserErrors.USER_ERROR);
        List<String> errors = badSet.err().lines().filter(l -> !l.contains("answered by the built-in simulator")).toList();
        assertThat(errors).singleElement().asString().contains("bad.jsonl:1").contains("scorer.value");

        Run badBudget = eval("--budget-usd", "-1");
        assertThat(badBudget.exit()).isEqualTo(UserErrors.USER_ERROR);

        Run badMode = eval("--recalibrate", "sometimes");
        assertThat(badMode.exit()).isEqualTo(UserErrors.USER_ERROR);
        assertThat(badMode.err()).contains("unknown recalibration mode 'sometimes'");
    }

    @Test
    void pinningAnUnknownRunIsAUserError() {
        Run r = WeightsCommandTest.run("eval", "pin-baseline", "nope", "--config", config.toString());
        assertThat(r.exit()).isEqualTo(UserErrors.USER_ERROR);
        assertThat(r.err()).contains("no evaluation run 'nope'");
    }
}
