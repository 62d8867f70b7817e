package io.routewise.eval.drift;

import static io.routewise.eval.drift.EvalRuns.outcome;
import static io.routewise.eval.drift.EvalRuns.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.config.DriftConfig;
import io.routewise.eval.EvalOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DriftDetectorTest {

    private final DriftDetector detector = new DriftDetector(DriftConfig.DEFAULT);

    private static List<EvalOutcome> concat(List<EvalOutcome> a, List<EvalOutcome> b) {
        List<EvalOutcome> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void aModelWhoseQualityHalvedIsFlaggedAndTheOthersAreNot() {
        SplittableRandom rng = new SplittableRandom(42);
        List<EvalOutcome> baseline = concat(run("r1", "degraded", 0.8, 0, 800, rng), run("r1", "steady", 0.8, 0, 800, rng));
        List<EvalOutcome> current = concat(run("r2", "degraded", 0.4, 0, 800, rng), run("r2", "steady", 0.8, 0, 800, rng));

        DriftReport report = detector.compare(baseline, current);

        assertThat(report.driftedModels()).containsExactly("degraded");
        assertThat(report.anyDrift()).isTrue();
        ModelDrift d = report.of("degraded").orElseThrow();
        assertThat(d.status()).isEqualTo(ModelDrift.DRIFT);
        assertThat(d.qualityDrift()).isTrue();
        assertThat(d.errorDrift()).isFalse();
        assertThat(d.latencyDrift()).isFalse();
        assertThat(d.baselinePassRate() - d.currentPassRate()).isGreaterThan(0.25);
        assertThat(d.baselineAnswered()).isEqualTo(210);
        assertThat(d.currentAnswered()).isEqualTo(210);
        GroupComparison overall = d.groups().get(0);
        assertThat(overall.level()).isEqualTo(GroupComparison.MODEL);
        assertThat(overall.drifted()).isTrue();
        assertThat(overall.p()).isLessThan(1e-6);
        // model + 7 tasks (30 answers each); classes have 10 answers, under min_samples
        assertThat(d.groups()).hasSize(8);
        assertThat(overall.threshold()).isEqualTo(0.01 / 8);
        assertThat(d.reasons().get(0)).startsWith("pass rate 0.").contains("vs baseline 0.", "n=210/210", "p=");
        ModelDrift s = report.of("steady").orElseThrow();
        assertThat(s.status()).isEqualTo(ModelDrift.OK);
        assertThat(s.reasons()).isEmpty();
    }

    /**
     * 200 repetitions × 5 models (true rates 0.5–0.9, 2 % errors, same latency) of two independent
     * runs from the same truth, judged with the default config (alpha 0.01, margin 0.10, min 20).
     * Measured (seed 20261121): 3 false alarms in 1000 model-run comparisons = 0.3 % (2 quality,
     * 1 error rate, 0 latency); asserted ≤ 1 %. The quality family alone is bounded by alpha = 1 %
     * through Bonferroni, and the margin and Fisher's conservatism keep it well below.
     */
    @Test
    void falseAlarmRateUnderNoChangeIsAtMostOnePercentMeasured3Of1000() {
        double[] rates = {0.5, 0.6, 0.7, 0.8, 0.9};
        SplittableRandom rng = new SplittableRandom(20261121L);
        int comparisons = 0;
        int alarms = 0;
        int[] kinds = new int[3];
        for (int rep = 0; rep < 200; rep++) {
            List<EvalOutcome> baseline = new ArrayList<>();
            List<EvalOutcome> current = new ArrayList<>();
            for (int m = 0; m < rates.length; m++) {
                baseline.addAll(run("b" + rep, "model-" + m, rates[m], 0.02, 800, rng));
                current.addAll(run("c" + rep, "model-" + m, rates[m], 0.02, 800, rng));
            }
            DriftReport report = detector.compare(baseline, current);
            comparisons += report.models().size();
            alarms += report.driftedModels().size();
            for (ModelDrift d : report.models()) {
                kinds[0] += d.qualityDrift() ? 1 : 0;
                kinds[1] += d.errorDrift() ? 1 : 0;
                kinds[2] += d.latencyDrift() ? 1 : 0;
            }
        }
        double rate = alarms / (double) comparisons;
        System.out.printf("drift false-alarm rate: %d / %d = %.4f (quality %d, errors %d, latency %d)%n",
                alarms, comparisons, rate, kinds[0], kinds[1], kinds[2]);
        assertThat(comparisons).isEqualTo(1000);
        assertThat(rate).isLessThanOrEqualTo(0.01);
    }

    @Test
    void groupsWithFewerAnswersThanMinSamplesAreNotJudged() {
        List<EvalOutcome> baseline = new ArrayList<>();
        List<EvalOutcome> current = new ArrayList<>();
        for (int i = 0; i < 19; i++) {
            baseline.add(outcome("b", "q" + i, "m", "math", "easy", true, null, 500));
            current.add(outcome("c", "q" + i, "m", "math", "easy", false, null, 500));
        }
        ModelDrift tooFew = detector.compare(baseline, current).of("m").orElseThrow();
        assertThat(tooFew.groups()).isEmpty();
        assertThat(tooFew.drifted()).isFalse();
        assertThat(tooFew.status()).isEqualTo(ModelDrift.INSUFFICIENT_DATA);

        baseline.add(outcome("b", "q19", "m", "math", "easy", true, null, 500));
        current.add(outcome("c", "q19", "m", "math", "easy", false, null, 500));
        ModelDrift enough = detector.compare(baseline, current).of("m").orElseThrow();
        assertThat(enough.groups()).extracting(GroupComparison::level)
                .containsExactly(GroupComparison.MODEL, GroupComparison.TASK, GroupComparison.CLASS);
        assertThat(enough.qualityDrift()).isTrue();
    }

    @Test
    void aSignificantDropSmallerThanTheMarginIsNotFlagged() {
        // 20 000 answers a side, 0.80 -> 0.75: p is astronomically small but the drop is 0.05 < 0.10
        List<EvalOutcome> baseline = fixed("b", 20_000, 16_000);
        List<EvalOutcome> current = fixed("c", 20_000, 15_000);
        ModelDrift d = detector.compare(baseline, current).of("m").orElseThrow();
        GroupComparison overall = d.groups().get(0);
        assertThat(overall.p()).isLessThan(1e-20);
        assertThat(overall.drop()).isEqualTo(0.05, org.assertj.core.api.Assertions.offset(1e-12));
        assertThat(d.qualityDrift()).isFalse();
        assertThat(d.status()).isEqualTo(ModelDrift.OK);

        ModelDrift lowMargin = new DriftDetector(new DriftConfig(null, 0.04, null, null, null, null))
                .compare(baseline, current).of("m").orElseThrow();
        assertThat(lowMargin.qualityDrift()).isTrue();
    }

    private static List<EvalOutcome> fixed(String run, int n, int passes) {
        List<EvalOutcome> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(outcome(run, "q" + i, "m", "chat", "easy", i < passes, null, 500));
        }
        return out;
    }

    @Test
    void aModelThatGotMuchSlowerIsFlaggedForLatency() {
        SplittableRandom rng = new SplittableRandom(7);
        List<EvalOutcome> baseline = concat(run("b", "slow", 0.8, 0, 800, rng), run("b", "same", 0.8, 0, 800, rng));
        List<EvalOutcome> current = concat(run("c", "slow", 0.8, 0, 2000, rng), run("c", "same", 0.8, 0, 900, rng));
        DriftReport report = detector.compare(baseline, current);

        ModelDrift slow = report.of("slow").orElseThrow();
        assertThat(slow.latencyDrift()).isTrue();
        assertThat(slow.qualityDrift()).isFalse();
        assertThat(slow.latencyP()).isLessThan(1e-6);
        assertThat(slow.currentMedianLatencyMs()).isGreaterThan(1.5 * slow.baselineMedianLatencyMs());
        assertThat(slow.reasons()).singleElement().asString().startsWith("median latency");
        // 12 % slower: below the 50 % margin even if significant
        assertThat(report.of("same").orElseThrow().latencyDrift()).isFalse();
        assertThat(report.driftedModels()).containsExactly("slow");
    }

    @Test
    void aRiseOfAFewMillisecondsIsNotLatencyDriftHoweverLargeItsRatio() {
        // An instant provider measured on a busy host: 2 ms instead of 1 ms is twice as slow and, over
        // 210 calls, certainly significant, but below the 100 ms floor no caller would notice.
        SplittableRandom rng = new SplittableRandom(10);
        ModelDrift quick = detector.compare(run("b", "m", 0.8, 0, 1, rng), run("c", "m", 0.8, 0, 3, rng))
                .of("m").orElseThrow();
        assertThat(quick.currentMedianLatencyMs()).isGreaterThan(1.5 * quick.baselineMedianLatencyMs());
        assertThat(quick.latencyP()).isLessThan(1e-6);
        assertThat(quick.latencyDrift()).isFalse();
        assertThat(quick.drifted()).isFalse();
        // The same doubling at human scale is drift; a floor set to zero restores the relative test alone.
        assertThat(detector.compare(run("b", "m", 0.8, 0, 400, rng), run("c", "m", 0.8, 0, 1200, rng))
                .of("m").orElseThrow().latencyDrift()).isTrue();
        DriftDetector noFloor = new DriftDetector(new DriftConfig(null, null, null, null, null, 0.0));
        assertThat(noFloor.compare(run("b", "m", 0.8, 0, 1, rng), run("c", "m", 0.8, 0, 3, rng))
                .of("m").orElseThrow().latencyDrift()).isTrue();
    }

    @Test
    void aFasterModelIsNotFlaggedForLatency() {
        SplittableRandom rng = new SplittableRandom(8);
        ModelDrift d = detector.compare(run("b", "m", 0.8, 0, 2000, rng), run("c", "m", 0.8, 0, 500, rng))
                .of("m").orElseThrow();
        assertThat(d.latencyDrift()).isFalse();
        assertThat(d.latencyP()).isGreaterThan(0.5);
    }

    @Test
    void aModelThatStartedFailingIsFlaggedForErrorsButErrorsAreNotQualityFailures() {
        SplittableRandom rng = new SplittableRandom(9);
        List<EvalOutcome> baseline = run("b", "flaky", 0.8, 0.01, 800, rng);
        List<EvalOutcome> current = run("c", "flaky", 0.8, 0.30, 800, rng);
        ModelDrift d = detector.compare(baseline, current).of("flaky").orElseThrow();
        assertThat(d.errorDrift()).isTrue();
        assertThat(d.qualityDrift()).isFalse();
        assertThat(d.currentErrorRate() - d.baselineErrorRate()).isGreaterThan(0.15);
        assertThat(d.errorP()).isLessThan(0.01);
        assertThat(d.currentAnswered()).isLessThan(200);
        assertThat(d.reasons()).singleElement().asString().startsWith("error rate");
    }

    @Test
    void aSmallErrorRiseBelowTheErrorMarginIsNotFlagged() {
        SplittableRandom rng = new SplittableRandom(10);
        ModelDrift d = detector.compare(run("b", "m", 0.8, 0.0, 800, rng), run("c", "m", 0.8, 0.03, 800, rng))
                .of("m").orElseThrow();
        assertThat(d.errorDrift()).isFalse();
    }

    @Test
    void aModelWithoutBaselineIsReportedButNeverDrifts() {
        SplittableRandom rng = new SplittableRandom(11);
        List<EvalOutcome> baseline = run("b", "old", 0.8, 0, 800, rng);
        List<EvalOutcome> current = concat(run("c", "new", 0.1, 0.5, 5000, rng), run("c", "old", 0.8, 0, 800, rng));
        DriftReport report = detector.compare(baseline, current);
        ModelDrift fresh = report.of("new").orElseThrow();
        assertThat(fresh.status()).isEqualTo(ModelDrift.NO_BASELINE);
        assertThat(fresh.drifted()).isFalse();
        assertThat(fresh.baselinePassRate()).isNull();
        assertThat(fresh.currentPassRate()).isNotNull();
        assertThat(report.anyDrift()).isFalse();
        assertThat(report.models()).extracting(ModelDrift::model).containsExactly("new", "old");
    }

    @Test
    void aModelOnlyInTheBaselineIsIgnored() {
        SplittableRandom rng = new SplittableRandom(12);
        DriftReport report = detector.compare(run("b", "retired", 0.8, 0, 800, rng), run("c", "m", 0.8, 0, 800, rng));
        assertThat(report.of("retired")).isEmpty();
        assertThat(report.models()).hasSize(1);
    }

    @Test
    void theBaselineMayPoolSeveralRuns() {
        SplittableRandom rng = new SplittableRandom(13);
        List<EvalOutcome> baseline = concat(run("r1", "m", 0.85, 0, 800, 5, rng), run("r2", "m", 0.85, 0, 800, 5, rng));
        ModelDrift d = detector.compare(baseline, run("r3", "m", 0.3, 0, 800, rng)).of("m").orElseThrow();
        assertThat(d.baselineAnswered()).isEqualTo(210);
        assertThat(d.qualityDrift()).isTrue();
    }

    @Test
    void theJsonUsesStableSnakeCaseNames() {
        SplittableRandom rng = new SplittableRandom(14);
        DriftReport report = detector.compare(run("b", "m", 0.8, 0, 800, rng), run("c", "m", 0.3, 0, 800, rng));
        JsonNode json = report.toJson();
        assertThat(json.get("any_drift").asBoolean()).isTrue();
        assertThat(json.get("drifted_models").get(0).asText()).isEqualTo("m");
        assertThat(json.get("config").get("min_samples").asInt()).isEqualTo(20);
        assertThat(json.get("config").get("latency_floor_ms").asDouble()).isEqualTo(100.0);
        JsonNode m = json.get("models").get(0);
        assertThat(m.get("status").asText()).isEqualTo("drift");
        assertThat(m.get("quality_drift").asBoolean()).isTrue();
        assertThat(m.has("baseline_median_latency_ms")).isTrue();
        assertThat(m.get("groups").get(0).get("baseline_passes").isInt()).isTrue();
        assertThat(m.get("groups").get(0).get("level").asText()).isEqualTo("model");
        assertThat(m.get("reasons").get(0).asText()).contains("pass rate");
    }
}
