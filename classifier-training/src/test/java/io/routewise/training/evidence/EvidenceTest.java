package io.routewise.training.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.routewise.chat.Message;
import io.routewise.chat.Role;
import io.routewise.training.LoggedResponse;
import io.routewise.training.TrafficRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two models, predictions that separate easy from hard perfectly: on easy requests both answer, on
 * hard ones only the strong model. The right router sends easy requests to the weak model and
 * hard ones to the strong, reaching the strong model's quality at (1 + 10) / 2 / 10 = 55 % of
 * its cost; half the requests are hard.
 */
class EvidenceTest {

    private static final double WEAK_COST = 0.001;
    private static final double STRONG_COST = 0.01;

    private static TrafficRecord request(int i, boolean hard, String source) {
        return new TrafficRecord("r" + i, source, hard ? "proofs" : "trivia", null,
                List.of(Message.text(Role.USER, (hard ? "prove " : "name ") + i)),
                List.of(new LoggedResponse("weak", hard ? 0.0 : 1.0, WEAK_COST, null, null, null),
                        new LoggedResponse("strong", 1.0, STRONG_COST, null, null, null)),
                "mem", i + 1);
    }

    /** The router's predictions, in {@link #MODELS} order: perfect on this data. */
    private static final List<String> MODELS = List.of("weak", "strong");

    private static double[] predicted(boolean hard) {
        return hard ? new double[] {0, 1} : new double[] {1, 1};
    }

    private static EvidenceReport compute() {
        List<TrafficRecord> train = new ArrayList<>();
        List<TrafficRecord> test = new ArrayList<>();
        List<double[]> predictions = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            train.add(request(100 + i, i % 2 == 1, "toy"));
            test.add(request(i, i % 2 == 1, "toy"));
            predictions.add(predicted(i % 2 == 1));
        }
        return Evidence.compute(train, test, predictions.toArray(double[][]::new), MODELS, PriceTable.empty(),
                Evidence.defaultMargins());
    }

    @Test
    void routerReachesTheStrongModelsQualityAtTheKnownShareOfItsCost() {
        CostQuality cq = compute().dataSet("toy").costQuality();
        assertThat(cq.strongest()).isEqualTo("strong");
        assertThat(cq.cheapest()).isEqualTo("weak");

        // Margin 1: anything is good enough, so everything goes to the cheapest model.
        CurvePoint widest = cq.router().get(cq.router().size() - 1);
        assertThat(widest.target()).isEqualTo(1.0);
        assertThat(widest.meanQuality()).isEqualTo(0.5);
        assertThat(widest.meanCostUsd()).isCloseTo(WEAK_COST, within(1e-15));
        // Margin 0: the best expected quality, the cheaper of equals: easy to weak, hard to strong.
        CurvePoint exact = cq.router().get(0);
        assertThat(exact.target()).isEqualTo(0.0);
        assertThat(exact.meanQuality()).isEqualTo(1.0);
        assertThat(exact.meanCostUsd()).isCloseTo((WEAK_COST + STRONG_COST) / 2, within(1e-15));

        Headlines h = cq.routerHeadlines();
        assertThat(h.match().reached()).isTrue();
        assertThat(h.match().costPercent()).isCloseTo(55, within(1e-9));
        // 10 % of the strong model's cost is exactly the weak model's: quality 0.5 there.
        assertThat(h.atBudget().reached()).isTrue();
        assertThat(h.atBudget().quality()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void taskOracleRoutesEachTaskToItsCheapestAdequateModel() {
        CostQuality cq = compute().dataSet("toy").costQuality();
        assertThat(cq.tasks()).isEqualTo(2);
        assertThat(cq.taskOracle().get(50).meanQuality()).isEqualTo(1.0);
        assertThat(cq.taskOracle().get(50).meanCostUsd()).isCloseTo((WEAK_COST + STRONG_COST) / 2, within(1e-15));
        assertThat(cq.taskOracle().get(0).meanQuality()).isEqualTo(0.5);
    }

    @Test
    void randomMixIsTheLineBetweenCheapestAndStrongest() {
        CostQuality cq = compute().dataSet("toy").costQuality();
        assertThat(cq.randomMixQuality(WEAK_COST)).isCloseTo(0.5, within(1e-12));
        assertThat(cq.randomMixQuality((WEAK_COST + STRONG_COST) / 2)).isCloseTo(0.75, within(1e-12));
        assertThat(cq.randomMixQuality(STRONG_COST)).isCloseTo(1.0, within(1e-12));
        assertThat(cq.randomMixQuality(2 * STRONG_COST)).isNull();
    }

    @Test
    void twoModelSetsGetRouteLlmMetricsFromThePolicysPreference() {
        DataSetEvidence d = compute().dataSet("toy");
        StrongWeak sw = d.strongWeak();
        assertThat(sw.strong()).isEqualTo("strong");
        // Perfect ranking: PGR rises linearly to 1 at 50 % strong calls, then stays.
        assertThat(sw.apgr()).isCloseTo(0.75, within(1e-12));
        assertThat(sw.cpt50()).isEqualTo(0.25);
        assertThat(sw.cpt80()).isEqualTo(0.4);
        assertThat(d.loggedCosts()).isEqualTo(40);
        assertThat(d.estimatedCosts()).isZero();
    }

    @Test
    void modelsWithoutAnyCostAreLeftOutOfTheCurveButNotOfRouteLlmMetrics() {
        List<TrafficRecord> train = new ArrayList<>();
        List<TrafficRecord> test = new ArrayList<>();
        List<double[]> predictions = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            boolean hard = i % 2 == 1;
            for (List<TrafficRecord> side : List.of(train, test)) {
                side.add(new TrafficRecord("r" + i, "nocost", "t", null, List.of(Message.text(Role.USER, "q" + i)),
                        List.of(new LoggedResponse("weak", hard ? 0.0 : 1.0, null, null, null, null),
                                new LoggedResponse("strong", 1.0, null, null, null, null)), "mem", i + 1));
            }
            predictions.add(predicted(hard));
        }
        EvidenceReport report = Evidence.compute(train, test, predictions.toArray(double[][]::new), MODELS,
                PriceTable.empty(), Evidence.defaultMargins());
        DataSetEvidence d = report.dataSet("nocost");
        assertThat(d.excludedModels()).containsOnlyKeys("weak", "strong");
        assertThat(d.costQuality()).isNull();
        assertThat(d.strongWeak().apgr()).isCloseTo(0.75, within(1e-12));
        assertThat(report.plot()).isNull();
    }

    @Test
    void aModelWithAColumnPerDataSetIsPredictedByItsDataSetsColumn() {
        List<TrafficRecord> train = new ArrayList<>();
        List<TrafficRecord> test = new ArrayList<>();
        List<double[]> predictions = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            train.add(request(100 + i, i % 2 == 1, "toy"));
            boolean hard = i % 2 == 1;
            test.add(request(i, hard, "toy"));
            // Columns: "weak [elsewhere]" predicts nonsense, "weak [toy]" and "strong" are right.
            predictions.add(new double[] {hard ? 1 : 0, hard ? 0 : 1, 1});
        }
        EvidenceReport report = Evidence.compute(train, test, predictions.toArray(double[][]::new),
                List.of("weak [elsewhere]", "weak [toy]", "strong"), java.util.Map.of("weak", "weak [elsewhere]"),
                PriceTable.empty(), Evidence.defaultMargins());
        CostQuality cq = report.dataSet("toy").costQuality();
        assertThat(report.dataSet("toy").excludedModels()).isEmpty();
        // Read from "weak [toy]", the router sends easy requests to the weak model and keeps the strong one's quality.
        assertThat(cq.routerHeadlines().match().reached()).isTrue();
        assertThat(cq.routerHeadlines().match().costPercent()).isCloseTo(55.0, within(1e-9));
    }
}
