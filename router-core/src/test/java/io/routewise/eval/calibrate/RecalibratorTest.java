package io.routewise.eval.calibrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.classifier.RoutingWeights;
import io.routewise.classifier.RoutingWeights.ClassWeight;
import io.routewise.classifier.RoutingWeights.ModelWeights;
import io.routewise.classifier.RoutingWeights.TierWeights;
import io.routewise.config.RecalibrationConfig;
import io.routewise.eval.EvalOutcome;
import io.routewise.json.Json;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecalibratorTest {

    private static final List<String> CLASSES = List.of("easy.math", "hard.math", "easy.chat");
    private static final Map<String, Integer> CATALOG = Map.of("known", 2, "newcomer", 2, "idle", 1);
    private static final Recalibrator DEFAULT = new Recalibrator(RecalibrationConfig.DEFAULT);

    @TempDir
    Path tmp;

    private static Map<String, ClassWeight> cells(double easyMath, double hardMath, double easyChat, long n) {
        return Map.of("easy.math", new ClassWeight(easyMath, n), "hard.math", new ClassWeight(hardMath, n),
                "easy.chat", new ClassWeight(easyChat, n));
    }

    /** "known" (own row 0.8/0.6/0.9), "legacy" (not in the catalog), tier rows 1 and 2. */
    private static RoutingWeights training() {
        ObjectNode source = Json.object().put("kind", "training").put("logs", "requests-2026-10.jsonl");
        return new RoutingWeights(RoutingWeights.FORMAT_VERSION, CLASSES, 10, "model mean outcome",
                Map.of("known", new ModelWeights(0.77, 300, 0.0021, 280, cells(0.8, 0.6, 0.9, 100)),
                        "legacy", new ModelWeights(0.5, 50, null, 0, cells(0.5, 0.4, 0.6, 17))),
                source)
                .withTiers(Map.of(1, new TierWeights(List.of("legacy"), 0.5, cells(0.5, 0.4, 0.6, 17)),
                        2, new TierWeights(List.of("known"), 0.77, cells(0.7, 0.5, 0.85, 100))));
    }

    /** One run in which {@code model} answered {@code n} prompts of each class, {@code passes} of them passing. */
    private static RunOutcomes run(String id, String model, List<String> classes, int n, int passes) {
        List<EvalOutcome> out = new ArrayList<>();
        for (String label : classes) {
            String[] parts = label.split("\\.");
            for (int i = 0; i < n; i++) {
                out.add(outcome(id, model, parts[0], parts[1], i, i < passes, null));
            }
        }
        return new RunOutcomes(id, Instant.parse("2026-11-01T03:00:00Z"), out);
    }

    private static EvalOutcome outcome(String run, String model, String complexity, String task, int i, boolean passed,
                                       String error) {
        return new EvalOutcome(run, complexity + "-" + task + "-" + i, model, "sim", task, complexity, passed, error,
                400, 10, 10, 0.001, "");
    }

    private static double[] row(RoutingWeights w, String model) {
        return w.qualityByClass(model, CATALOG.getOrDefault(model, 1));
    }

    @Test
    void aModelFailingRecentRunsGetsLowerCellsTheMoreEvidenceThereIs() {
        RoutingWeights oneRun = DEFAULT.recalibrate(training(), CATALOG, List.of(run("r1", "known", CLASSES, 10, 2)));
        RoutingWeights threeRuns = DEFAULT.recalibrate(training(), CATALOG, List.of(
                run("r1", "known", CLASSES, 10, 2), run("r2", "known", CLASSES, 10, 2), run("r3", "known", CLASSES, 10, 2)));
        double[] before = row(training(), "known");
        double[] after1 = row(oneRun, "known");
        double[] after3 = row(threeRuns, "known");
        for (int c = 0; c < CLASSES.size(); c++) {
            assertThat(after1[c]).isLessThan(before[c]);
            assertThat(after3[c]).isLessThan(after1[c]).isGreaterThan(0.2);
        }
        // easy.math: (20·0.8 + 2) / (20 + 10)
        assertThat(after1[0]).isCloseTo((20 * 0.8 + 2) / 30.0, offset(1e-12));
        // three runs, decay 0.5: weights 0.25, 0.5, 1
        assertThat(after3[0]).isCloseTo((20 * 0.8 + 1.75 * 2) / (20 + 1.75 * 10), offset(1e-12));
        ModelWeights known = threeRuns.models().get("known");
        assertThat(known.requests()).isEqualTo(90);
        assertThat(known.classes().get("easy.math").n()).isEqualTo(100 + 30);
        assertThat(known.prior()).isCloseTo((after3[0] + after3[1] + after3[2]) / 3, offset(1e-12));
        assertThat(known.meanCostUsd()).isEqualTo(0.0021);
        assertThat(known.costSamples()).isEqualTo(280);
    }

    @Test
    void recentRunsCountMoreThanOldOnes() {
        RunOutcomes bad = run("bad", "known", CLASSES, 10, 1);
        RunOutcomes good = run("good", "known", CLASSES, 10, 10);
        double recovered = row(DEFAULT.recalibrate(training(), CATALOG, List.of(bad, good)), "known")[0];
        double degraded = row(DEFAULT.recalibrate(training(), CATALOG, List.of(good, bad)), "known")[0];
        double unweighted = row(new Recalibrator(new RecalibrationConfig(null, null, 1.0, null))
                .recalibrate(training(), CATALOG, List.of(bad, good)), "known")[0];
        assertThat(recovered).isGreaterThan(unweighted).isGreaterThan(degraded);
        assertThat(Math.abs(1.0 - recovered)).isLessThan(Math.abs(0.1 - recovered));
    }

    @Test
    void onlyTheLastWindowRunsEnter() {
        Recalibrator lastOne = new Recalibrator(new RecalibrationConfig(null, null, null, 1));
        RoutingWeights w = lastOne.recalibrate(training(), CATALOG,
                List.of(run("old", "known", CLASSES, 10, 0), run("new", "known", CLASSES, 10, 8)));
        assertThat(row(w, "known")[0]).isCloseTo((20 * 0.8 + 8) / 30.0, offset(1e-12));
        assertThat(w.source().get("runs")).hasSize(1);
        assertThat(w.source().get("runs").get(0).asText()).isEqualTo("new");
    }

    @Test
    void noRunsLeaveEveryRowUnchanged() {
        for (List<RunOutcomes> runs : List.of(List.<RunOutcomes>of(),
                List.of(new RunOutcomes("empty", Instant.EPOCH, List.of())),
                List.of(run("outsider", "not-in-catalog", CLASSES, 10, 0)))) {
            RoutingWeights w = DEFAULT.recalibrate(training(), CATALOG, runs);
            assertThat(w.models()).isEqualTo(training().models());
            assertThat(w.tiers()).isEqualTo(training().tiers());
            assertThat(w.classes()).isEqualTo(CLASSES);
            assertThat(w.source().get("recalibrated_models")).isEmpty();
        }
    }

    @Test
    void aStrongerPriorMovesTheCellsLess() {
        List<RunOutcomes> runs = List.of(run("r1", "known", CLASSES, 10, 0));
        double weak = row(new Recalibrator(new RecalibrationConfig(null, 5.0, null, null))
                .recalibrate(training(), CATALOG, runs), "known")[0];
        double strong = row(new Recalibrator(new RecalibrationConfig(null, 200.0, null, null))
                .recalibrate(training(), CATALOG, runs), "known")[0];
        assertThat(weak).isCloseTo(5 * 0.8 / 15, offset(1e-12));
        assertThat(strong).isCloseTo(200 * 0.8 / 210, offset(1e-12));
        assertThat(strong).isGreaterThan(weak);
    }

    @Test
    void aCatalogModelOnTheTierFallbackGetsItsOwnRowAfterEvaluation() {
        assertThat(training().models()).doesNotContainKey("newcomer");
        RoutingWeights w = DEFAULT.recalibrate(training(), CATALOG, List.of(run("r1", "newcomer", CLASSES, 10, 10)));
        ModelWeights own = w.models().get("newcomer");
        assertThat(own).isNotNull();
        // prior = its tier-2 row; n counts only its own answers
        assertThat(own.classes().get("hard.math").expectedOutcome()).isCloseTo((20 * 0.5 + 10) / 30.0, offset(1e-12));
        assertThat(own.classes().get("hard.math").n()).isEqualTo(10);
        assertThat(own.meanCostUsd()).isNull();
        assertThat(w.models()).doesNotContainKey("idle");
        assertThat(w.qualityByClass("idle", 1)).containsExactly(0.5, 0.4, 0.6);
        assertThat(w.models().get("legacy")).isEqualTo(training().models().get("legacy"));
        assertThat(w.tiers()).isEqualTo(training().tiers());
    }

    @Test
    void classesWithoutAnswersMoveByTheModelsOverallEvidence() {
        // only the two math classes were evaluated, all failing
        RoutingWeights w = DEFAULT.recalibrate(training(), CATALOG,
                List.of(run("r1", "known", List.of("easy.math", "hard.math"), 10, 0)));
        double pre = (0.8 + 0.6) / 2;
        double post = 20 * pre / (20 + 20);
        ClassWeight chat = w.models().get("known").classes().get("easy.chat");
        assertThat(chat.expectedOutcome()).isCloseTo(0.9 + post - pre, offset(1e-12));
        assertThat(chat.n()).isEqualTo(100);
    }

    @Test
    void shiftedCellsAreClampedToTheUnitInterval() {
        RoutingWeights w = DEFAULT.recalibrate(training(), CATALOG,
                List.of(run("r1", "known", List.of("hard.math"), 200, 200)));
        // hard.math prior 0.6 rises to ~0.98: easy.chat at 0.9 would pass 1
        assertThat(w.models().get("known").classes().get("easy.chat").expectedOutcome()).isEqualTo(1.0);
    }

    @Test
    void errorsAreNeitherPassesNorFailures() {
        RunOutcomes clean = run("r1", "known", CLASSES, 10, 7);
        List<EvalOutcome> withErrors = new ArrayList<>(clean.outcomes());
        for (int i = 0; i < 30; i++) {
            withErrors.add(outcome("r1", "known", "hard", "math", 100 + i, false, "timeout"));
        }
        RoutingWeights a = DEFAULT.recalibrate(training(), CATALOG, List.of(clean));
        RoutingWeights b = DEFAULT.recalibrate(training(), CATALOG,
                List.of(new RunOutcomes("r1", clean.startedAt(), withErrors)));
        assertThat(b.models()).isEqualTo(a.models());

        List<EvalOutcome> onlyErrors = List.of(outcome("r2", "newcomer", "easy", "math", 0, false, "upstream_5xx"));
        RoutingWeights c = DEFAULT.recalibrate(training(), CATALOG, List.of(new RunOutcomes("r2", Instant.EPOCH, onlyErrors)));
        assertThat(c.models()).doesNotContainKey("newcomer");
    }

    @Test
    void theSourceNamesRunsPriorAndParameters() {
        RoutingWeights w = DEFAULT.recalibrate(training(), CATALOG,
                List.of(run("r1", "known", CLASSES, 10, 5), run("r2", "newcomer", CLASSES, 10, 5)));
        assertThat(w.source().get("kind").asText()).isEqualTo("evaluation recalibration");
        assertThat(w.source().get("runs")).extracting(n -> n.asText()).containsExactly("r1", "r2");
        assertThat(w.source().get("prior")).isEqualTo(training().source());
        assertThat(w.source().get("prior_strength").asDouble()).isEqualTo(20.0);
        assertThat(w.source().get("decay").asDouble()).isEqualTo(0.5);
        assertThat(w.source().get("window_runs").asInt()).isEqualTo(10);
        assertThat(w.source().get("recalibrated_models")).extracting(n -> n.asText()).containsExactly("known", "newcomer");
        assertThat(w.smoothingK()).isEqualTo(10);
        assertThat(w.prior()).isEqualTo("model mean outcome");
    }

    @Test
    void theSameInputsGiveIdenticalJsonThatRoundTrips() throws Exception {
        List<RunOutcomes> runs = List.of(run("r1", "known", CLASSES, 10, 3), run("r2", "newcomer", CLASSES, 10, 6));
        RoutingWeights first = DEFAULT.recalibrate(training(), new TreeMap<>(CATALOG), runs);
        RoutingWeights second = DEFAULT.recalibrate(training(), Map.copyOf(CATALOG), runs);
        assertThat(Json.MAPPER.writeValueAsString(second)).isEqualTo(Json.MAPPER.writeValueAsString(first));

        Path file = tmp.resolve(RoutingWeights.FILE_NAME);
        first.write(file);
        RoutingWeights read = RoutingWeights.read(file);
        assertThat(read).isEqualTo(first);
        assertThat(read.qualityByClass("newcomer", 2)).containsExactly(first.qualityByClass("newcomer", 2));
    }

    @Test
    void withPerPromptPredictionsARecalibratedRowCarriesALogOddsShift() {
        // The directory predicted 0.9 for "known" on every eval prompt; 2 of 10 pass per class.
        RoutingWeights w = DEFAULT.recalibrate(training(), CATALOG, List.of(run("r1", "known", CLASSES, 10, 2)),
                (model, item) -> model.equals("known") ? 0.9 : Double.NaN);
        RoutingWeights.Calibration c = w.calibration("known");
        assertThat(c).isNotNull();
        assertThat(c.observed()).isCloseTo(0.2, offset(1e-12));
        assertThat(c.predicted()).isCloseTo(0.9, offset(1e-12));
        assertThat(c.outcomes()).isEqualTo(30);
        // Most of the way from logit(0.9) to logit(0.2): 30 answers against a prior worth 20.
        assertThat(c.logitOffset()).isLessThan(-2).isGreaterThan(Math.log(0.2 / 0.8) - Math.log(0.9 / 0.1));
        // Without predictions (or for a model without any) the row has none, as before.
        assertThat(DEFAULT.recalibrate(training(), CATALOG, List.of(run("r1", "known", CLASSES, 10, 2)))
                .calibration("known")).isNull();
    }

    @Test
    void aCalibrationRoundTripsThroughTheWeightsFile() throws Exception {
        RoutingWeights w = DEFAULT.recalibrate(training(), CATALOG, List.of(run("r1", "known", CLASSES, 10, 2)),
                (model, item) -> 0.9);
        Path file = tmp.resolve("w.json");
        w.write(file);
        assertThat(RoutingWeights.read(file).calibration("known")).isEqualTo(w.calibration("known"));
    }
}
