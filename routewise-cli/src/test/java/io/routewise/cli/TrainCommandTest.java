package io.routewise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.routewise.chat.Message;
import io.routewise.chat.Role;
import io.routewise.classifier.ModelDirectory;
import io.routewise.classifier.OnnxClassifier;
import io.routewise.classifier.RequestClassifier;
import io.routewise.chat.ChatRequest;
import io.routewise.features.StaticEmbedder;
import io.routewise.features.StaticEmbeddingTable;
import io.routewise.features.FeaturizerSpec;
import io.routewise.json.Json;
import io.routewise.training.FeaturizerSource;
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
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code routewise train} end to end with the real featurizer on a 120-request fixture log. */
class TrainCommandTest {

    /** Relative to the module directory (surefire's working directory), as a user would type it. */
    private static final Path WORK = Path.of("target", "train-command-test");
    private static final Path LOG = WORK.resolve("traffic-small.jsonl");

    private record Run(int exit, String out, String err, String progress) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        PrintStream progressStream = new PrintStream(progress, true, StandardCharsets.UTF_8);
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                if (cls == TrainCommand.class) {
                    return cls.cast(new TrainCommand(progressStream));
                }
                return CommandLine.defaultFactory().create(cls);
            }
        };
        CommandLine cli = Routewise.commandLine(factory);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString(), progress.toString(StandardCharsets.UTF_8));
    }

    @BeforeAll
    static void copyFixture() throws IOException {
        Files.createDirectories(WORK);
        try (InputStream in = TrainCommandTest.class.getResourceAsStream("/traffic-small.jsonl")) {
            Files.copy(in, LOG, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void writesAModelDirectoryThatServingLoadsAndScores() throws IOException {
        Path outDir = WORK.resolve("model");
        Run r = run("train", "--logs", LOG.toString(), "--out", outDir.toString(), "--seed", "3", "--holdout", "0.25",
                "--token-budget", "32");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.progress()).contains("skipped " + LOG + ":41").contains("featurizing");
        assertThat(r.out()).contains("<- chosen").contains("chosen: ").contains("wrote " + outDir);

        ModelDirectory dir = ModelDirectory.load(outDir);
        assertThat(dir.card().command()).isEqualTo("scripts/routewise train --logs " + LOG + " --out " + outDir
                + " --seed 3 --holdout 0.25 --token-budget 32");
        assertThat(dir.weights().modelIds()).containsExactly("large-70b", "mid-49b", "small-7b");
        // The default embedding is the static table distilled during the run; serving rebuilds its featurizer
        // from the directory and scores with it.
        assertThat(outDir.resolve(StaticEmbeddingTable.FILE_NAME)).isRegularFile();
        try (RequestClassifier classifier = RequestClassifier.load(outDir)) {
            FeaturizerSpec recorded = Json.MAPPER.treeToValue(dir.card().featurizer(), FeaturizerSpec.class);
            assertThat(recorded).isEqualTo(classifier.featurizer().spec());
            assertThat(recorded.embeddingModel()).startsWith(StaticEmbedder.MODEL_ID_PREFIX);
            assertThat(recorded.tokenBudget()).isEqualTo(32);
            ChatRequest proof = ChatRequest.of("auto",
                    List.of(Message.text(Role.USER, "Prove that the sum of the first n odd numbers is n^2.")));
            assertThat(classifier.classify(proof)).hasSize(dir.card().labels().size());
            assertThat(classifier.featurizer().dimension()).isEqualTo(256 + 20);
        }
    }

    @Test
    void withMiniLmTheCardRecordsTheNetworkAndNoTable() throws IOException {
        Path outDir = WORK.resolve("model-minilm");
        Run r = run("train", "--logs", LOG.toString(), "--out", outDir.toString(), "--seed", "3", "--holdout", "0.25",
                "--token-budget", "32", "--embedding", "minilm");
        assertThat(r.exit()).as(r.err()).isZero();
        ModelDirectory dir = ModelDirectory.load(outDir);
        assertThat(outDir.resolve(StaticEmbeddingTable.FILE_NAME)).doesNotExist();
        try (FeaturizerSource features = FeaturizerSource.create(32, 1);
             OnnxClassifier classifier = OnnxClassifier.open(dir)) {
            assertThat(Json.MAPPER.treeToValue(dir.card().featurizer(), FeaturizerSpec.class))
                    .isEqualTo(features.featurizerSpec());
            float[] p = classifier.probabilities(features.features(
                    List.of(Message.text(Role.USER, "Prove that the sum of the first n odd numbers is n^2."))));
            assertThat(p).hasSize(dir.card().labels().size());
            assertThat(classifier.featureDimension()).isEqualTo(features.names().size());
        }
    }

    @Test
    void anUnknownEmbeddingIsAUsageError() {
        Run r = run("train", "--logs", LOG.toString(), "--out", WORK.resolve("unused").toString(), "--embedding", "bert");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--embedding must be static or minilm, got 'bert'");
    }

    @Test
    void aMissingLogIsOneLineAndAUserError() {
        Run r = run("train", "--logs", "no-such-traffic.jsonl", "--out", WORK.resolve("unused").toString());
        assertThat(r.exit()).isEqualTo(UserErrors.USER_ERROR);
        assertThat(r.err()).isEqualTo("routewise: no-such-traffic.jsonl: traffic log not found" + System.lineSeparator());
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aLogWithoutAUsableLineIsOneLineAndAUserError() throws IOException {
        Path bad = Files.writeString(WORK.resolve("garbage.jsonl"), "not json\n{\"messages\": []}\n");
        Run r = run("train", "--logs", bad.toString(), "--out", WORK.resolve("unused").toString());
        assertThat(r.exit()).isEqualTo(UserErrors.USER_ERROR);
        assertThat(r.err()).startsWith("routewise: no usable request in [" + bad + "]").hasLineCount(1);
    }

    @Test
    void badOptionValuesAreOneLineAndAUserError() {
        Run holdout = run("train", "--logs", LOG.toString(), "--out", "x", "--holdout", "1.5");
        assertThat(holdout.exit()).isEqualTo(UserErrors.USER_ERROR);
        assertThat(holdout.err()).isEqualTo("routewise train: --holdout must be strictly between 0 and 1, got 1.5"
                + " (see: routewise train --help)" + System.lineSeparator());

        Run labels = run("train", "--logs", LOG.toString(), "--out", "x", "--labels", "vibes");
        assertThat(labels.exit()).isEqualTo(UserErrors.USER_ERROR);
        assertThat(labels.err()).contains("unknown label scheme 'vibes'").hasLineCount(1);

        Run refine = run("train", "--logs", LOG.toString(), "--out", "x", "--refine-prompts", "-3");
        assertThat(refine.exit()).isEqualTo(UserErrors.USER_ERROR);
        assertThat(refine.err()).contains("--refine-prompts must be 0 or more, got -3").hasLineCount(1);

        Run refineMinilm = run("train", "--logs", LOG.toString(), "--out", "x", "--embedding", "minilm",
                "--refine-prompts", "100");
        assertThat(refineMinilm.exit()).isEqualTo(UserErrors.USER_ERROR);
        assertThat(refineMinilm.err()).contains("--refine-prompts refines a static embedding").hasLineCount(1);

        Run missing = run("train", "--logs", LOG.toString());
        assertThat(missing.exit()).isEqualTo(UserErrors.USER_ERROR);
        assertThat(missing.err()).contains("Missing required option: '--out=DIR'").hasLineCount(1);
    }

    @Test
    void anOutPathThatIsAFileIsRefused() throws IOException {
        Path file = Files.writeString(WORK.resolve("a-file"), "x");
        Run r = run("train", "--logs", LOG.toString(), "--out", file.toString());
        assertThat(r.exit()).isEqualTo(UserErrors.USER_ERROR);
        assertThat(r.err()).isEqualTo("routewise: " + file + ": --out exists and is not a directory" + System.lineSeparator());
    }

    @Test
    void quotesWordsTheShellWouldSplit() {
        assertThat(TrainCommand.shellQuote("../shared/data/traffic/a.jsonl.gz")).isEqualTo("../shared/data/traffic/a.jsonl.gz");
        assertThat(TrainCommand.shellQuote("my logs/a b.jsonl")).isEqualTo("'my logs/a b.jsonl'");
        assertThat(TrainCommand.shellQuote("it's")).isEqualTo("'it'\\''s'");
    }
}
