package io.routewise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.routewise.classifier.RoutingWeights;
import io.routewise.classifier.weights.WeightsStore;
import io.routewise.json.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code routewise weights list|show|rollback} over a {@link WeightsStore}. */
class WeightsCommandTest {

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Routewise.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static RoutingWeights weights(double easy) {
        return new RoutingWeights(RoutingWeights.FORMAT_VERSION, List.of("easy", "hard"), 20, "model mean",
                Map.of("gpt-4o-mini", new RoutingWeights.ModelWeights(0.6, 100, null, 0, Map.of(
                        "easy", new RoutingWeights.ClassWeight(easy, 60),
                        "hard", new RoutingWeights.ClassWeight(0.25, 40)))),
                Json.object());
    }

    private WeightsStore threeVersions() {
        WeightsStore store = new WeightsStore(tmp.resolve("weights"));
        store.write(weights(0.9), "first recalibration", "run-1");
        store.write(weights(0.8), "drift: gpt-4o-mini", "run-2");
        store.write(weights(0.7), "drift: claude-haiku", null);
        return store;
    }

    private String dir() {
        return tmp.resolve("weights").toString();
    }

    @Test
    void listShowsEveryVersionWithTheTrainingWeightsAndMarksTheCurrentOne() {
        threeVersions();
        Run r = run("weights", "list", "--dir", dir());
        assertThat(r.exit()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("weights in " + dir());
        assertThat(lines.get(1)).contains("VERSION", "CREATED", "REASON", "RUN ID", "PARENT");
        assertThat(lines.get(2)).startsWith("   v0").contains("training weights (models/default)");
        assertThat(lines.get(3)).startsWith("   v1").contains("first recalibration", "run-1").endsWith("v0");
        assertThat(lines.get(4)).startsWith("   v2").contains("drift: gpt-4o-mini", "run-2").endsWith("v1");
        assertThat(lines.get(5)).startsWith("*  v3").contains("drift: claude-haiku").endsWith("v2");
        assertThat(lines).hasSize(6);
    }

    @Test
    void listOfAnEmptyFolderShowsTheTrainingWeightsAsCurrent() {
        Run r = run("weights", "list", "--dir", tmp.resolve("none").toString(), "--model", "models/other");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("(none written yet)");
        assertThat(r.out().lines().toList().get(2)).startsWith("*  v0").contains("training weights (models/other)");
    }

    @Test
    void theFolderComesFromTheConfigsWeightsDir() throws Exception {
        threeVersions();
        Path config = tmp.resolve("routewise.yaml");
        Files.writeString(config, Files.readString(Path.of("..", "routewise.yaml"))
                .replaceFirst("(?m)^  weights_dir: .*$", "  weights_dir: \"" + dir() + "\"")
                .replaceFirst("(?m)^  report_dir: .*$", "  report_dir: data/eval-reports\n  reload_interval_s: 7"));
        Run list = run("weights", "list", "--config", config.toString());
        assertThat(list.err()).isEmpty();
        assertThat(list.out()).contains("weights in " + dir()).contains("*  v3");

        Run rollback = run("weights", "rollback", "--config", config.toString());
        assertThat(rollback.exit()).isZero();
        assertThat(rollback.out()).contains("within 7 s (evaluation.reload_interval_s)");
    }

    @Test
    void showPrintsTheCurrentVersionsProvenanceAndWeights() {
        WeightsStore store = threeVersions();
        Run r = run("weights", "show", "--dir", dir());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("v3 (current)\n").contains("reason:   drift: claude-haiku")
                .contains("parent:   v2").contains("sha256:   " + store.read(3).version().sha256())
                .contains("classes:  easy, hard");
        assertThat(r.out().lines().filter(l -> l.startsWith("gpt-4o-mini"))).singleElement()
                .satisfies(l -> assertThat(l.split("\\s+")).containsExactly("gpt-4o-mini", "0.6", "100", "0.7", "0.25"));

        Run v1 = run("weights", "show", "v1", "--dir", dir());
        assertThat(v1.out()).startsWith("v1\n").contains("run id:   run-1").contains("parent:   v0 (training weights");
    }

    @Test
    void rollbackReportsTheNewAndOldVersionUntilNothingIsLeft() {
        WeightsStore store = threeVersions();
        Run r = run("weights", "rollback", "--dir", dir());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("current routing weights: v2 (was v3)\n")
                .contains("running servers pick it up within 10 s (evaluation.reload_interval_s)");
        assertThat(store.currentVersion()).isEqualTo(2);

        assertThat(run("weights", "rollback", "--dir", dir()).out()).startsWith("current routing weights: v1 (was v2)");
        assertThat(run("weights", "rollback", "--dir", dir()).out())
                .startsWith("current routing weights: v0 (was v1), the training weights (models/default)");

        Run nothing = run("weights", "rollback", "--dir", dir());
        assertThat(nothing.exit()).isEqualTo(UserErrors.USER_ERROR);
        assertThat(nothing.err().strip()).doesNotContain("\n").contains("nothing to roll back");
        assertThat(nothing.out()).isEmpty();
    }

    @Test
    void rollbackToAVersionActivatesIt() {
        WeightsStore store = threeVersions();
        Run r = run("weights", "rollback", "--to", "v1", "--dir", dir());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("current routing weights: v1 (was v3)");
        assertThat(store.currentVersion()).isEqualTo(1);
    }

    @Test
    void anUnknownOrMalformedVersionIsAOneLineUserError() {
        WeightsStore store = threeVersions();
        for (String[] args : List.of(
                new String[] {"weights", "rollback", "--to", "9", "--dir", dir()},
                new String[] {"weights", "show", "9", "--dir", dir()},
                new String[] {"weights", "show", "latest", "--dir", dir()},
                new String[] {"weights", "rollback", "--to", "-1", "--dir", dir()})) {
            Run r = run(args);
            assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(UserErrors.USER_ERROR);
            assertThat(r.err().strip()).as(String.join(" ", args)).doesNotContain("\n").doesNotContain("Exception")
                    .containsAnyOf("no weights version v9", "not a weights version");
        }
        assertThat(store.currentVersion()).isEqualTo(3);
    }

    @Test
    void aCorruptVersionIsAOneLineUserErrorNamingTheFile() throws Exception {
        WeightsStore store = threeVersions();
        Files.writeString(store.weightsFile(3), "{");
        Run r = run("weights", "show", "--dir", dir());
        assertThat(r.exit()).isEqualTo(UserErrors.USER_ERROR);
        assertThat(r.err().strip()).doesNotContain("\n").contains(store.weightsFile(3).toString());
    }
}
