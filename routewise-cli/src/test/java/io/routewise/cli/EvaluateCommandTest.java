package io.routewise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code routewise evaluate} on a model directory trained from the fixture log, with the real featurizer. */
class EvaluateCommandTest {

    private static final Path WORK = Path.of("target", "evaluate-command-test");
    private static final Path LOG = WORK.resolve("traffic-small.jsonl");
    private static final Path MODEL = WORK.resolve("model");

    /** {@code err}: picocli's error writer (a failed command's message); {@code log}: what went to System.err. */
    private record Run(int exit, String stdout, String err, String log) {
    }

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream previousOut = System.out;
        PrintStream previousErr = System.err;
        int exit;
        try {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            CommandLine cli = Routewise.commandLine();
            cli.setOut(new PrintWriter(new StringWriter(), true));
            cli.setErr(new PrintWriter(err, true));
            exit = cli.execute(args);
        } finally {
            System.setOut(previousOut);
            System.setErr(previousErr);
        }
        return new Run(exit, stdout.toString(StandardCharsets.UTF_8), err.toString(), stderr.toString(StandardCharsets.UTF_8));
    }

    @BeforeAll
    static void trainAModel() throws IOException {
        Files.createDirectories(WORK);
        try (InputStream in = EvaluateCommandTest.class.getResourceAsStream("/traffic-small.jsonl")) {
            Files.copy(in, LOG, StandardCopyOption.REPLACE_EXISTING);
        }
        Run train = run("train", "--logs", LOG.toString(), "--out", MODEL.toString(), "--seed", "3", "--holdout", "0.25",
                "--token-budget", "32");
        assertThat(train.exit()).as(train.err()).isZero();
    }

    @Test
    void scoresAModelDirectoryAgainstTheBaselinesOnTheHeldOutPart() throws IOException {
        Path out = WORK.resolve("one");
        Run r = run("evaluate", "--model", MODEL.toString(), "--logs", LOG.toString(), "--seed", "3", "--holdout", "0.25",
                "--out", out.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.stdout()).contains("== " + MODEL + " ==").contains("routing evidence on the held-out part")
                .contains("nearest-neighbour baseline").contains("task oracle").contains("AIQ");
        JsonNode evidence = Json.MAPPER.readTree(out.resolve("evidence.json").toFile());
        JsonNode set = evidence.get("data_sets").get(0);
        assertThat(set.get("cost_quality").get("router")).isNotEmpty();
        assertThat(set.get("cost_quality").get("aiq").get("request_oracle").asDouble())
                .isGreaterThanOrEqualTo(set.get("cost_quality").get("aiq").get("router").asDouble());
        assertThat(out.resolve("cost-quality.png")).isRegularFile();
    }

    @Test
    void withoutASeedItSplitsAsTheModelWasTrainedSoItNeverScoresPromptsTheModelSaw() throws IOException {
        JsonNode split = Json.MAPPER.readTree(MODEL.resolve("model-card.json").toFile()).path("data").path("split");
        assertThat(split.path("seed").asLong()).isEqualTo(3);
        assertThat(split.path("holdout").asDouble()).isEqualTo(0.25);

        Run byCard = run("evaluate", "--model", MODEL.toString(), "--logs", LOG.toString(), "--out",
                WORK.resolve("by-card").toString());
        Run explicit = run("evaluate", "--model", MODEL.toString(), "--logs", LOG.toString(), "--seed", "3", "--holdout",
                "0.25", "--out", WORK.resolve("explicit").toString());
        Run other = run("evaluate", "--model", MODEL.toString(), "--logs", LOG.toString(), "--seed", "4", "--out",
                WORK.resolve("other").toString());

        assertThat(byCard.exit()).as(byCard.err()).isZero();
        assertThat(byCard.log()).contains("(holdout 0.25, seed 3, as " + MODEL + " was trained)");
        assertThat(byCard.stdout()).isEqualTo(explicit.stdout());
        assertThat(other.log()).contains("seed 4; " + MODEL + " was trained with holdout 0.25, seed 3");
    }

    @Test
    void comparesSeveralModelDirectoriesSideBySide() {
        Path out = WORK.resolve("two");
        Run r = run("evaluate", "--model", MODEL.toString(), MODEL.toString(), "--logs", LOG.toString(), "--seed", "3",
                "--holdout", "0.25", "--out", out.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.stdout()).contains("== comparison (held-out part) ==");
        assertThat(out.resolve("1-model").resolve("evidence.json")).isRegularFile();
        assertThat(out.resolve("2-model").resolve("evidence.json")).isRegularFile();
    }

    @Test
    void badInputIsOneLineAndAUserError() {
        Run missing = run("evaluate", "--model", MODEL.toString(), "--logs", "no-such.jsonl");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err().strip()).doesNotContain("\n").contains("no-such.jsonl");

        Run holdout = run("evaluate", "--model", MODEL.toString(), "--logs", LOG.toString(), "--holdout", "1.5");
        assertThat(holdout.exit()).isEqualTo(2);
        assertThat(holdout.err()).contains("--holdout");

        Run noModel = run("evaluate", "--model", WORK.resolve("nowhere").toString(), "--logs", LOG.toString());
        assertThat(noModel.exit()).isEqualTo(2);
        assertThat(noModel.err().strip()).doesNotContain("\n").contains("model directory not found");
    }
}
