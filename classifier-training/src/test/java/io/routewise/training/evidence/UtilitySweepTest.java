package io.routewise.training.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.routewise.chat.Message;
import io.routewise.chat.Role;
import io.routewise.training.TrafficRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

class UtilitySweepTest {

    private static HeldOutRequest request(HeldOutRequest.Option... options) {
        TrafficRecord record = new TrafficRecord("r", "toy", null, null, List.of(Message.text(Role.USER, "hi")), List.of(), "mem", 1);
        return new HeldOutRequest(record, new float[0], List.of(options));
    }

    private static HeldOutRequest.Option option(String model, double outcome, double predictedCost, double realisedCost) {
        return new HeldOutRequest.Option(model, outcome, predictedCost, realisedCost, true);
    }

    // r1: the dear model is right and the cheap one wrong; r2: both right.
    private static final HeldOutRequest R1 = request(option("cheap", 0, 1, 1.5), option("dear", 1, 10, 12));
    private static final HeldOutRequest R2 = request(option("cheap", 1, 1, 1), option("dear", 1, 10, 10));
    private static final List<HeldOutRequest> REQUESTS = List.of(R1, R2);
    // r1 switches to cheap above λ = 0.7 / 9 = 0.078, r2 above λ = 0.1 / 9 = 0.011.
    private static final List<double[]> PREDICTED = List.of(new double[] {0.2, 0.9}, new double[] {0.8, 0.9});

    @Test
    void eachLambdaChoosesTheBestPredictedQualityMinusLambdaTimesPredictedCost() {
        List<CurvePoint> curve = UtilitySweep.curve(REQUESTS, PREDICTED, List.of(0.0, 0.05, 0.1, Double.POSITIVE_INFINITY));

        assertThat(curve).extracting(CurvePoint::target).containsExactly(0.0, 0.05, 0.1, Double.POSITIVE_INFINITY);
        // λ = 0: dear for both (realised 12 and 10)
        assertThat(curve.get(0).meanCostUsd()).isCloseTo(11, within(1e-12));
        assertThat(curve.get(0).meanQuality()).isCloseTo(1, within(1e-12));
        // λ = 0.05: dear for r1, cheap for r2
        assertThat(curve.get(1).meanCostUsd()).isCloseTo(6.5, within(1e-12));
        assertThat(curve.get(1).meanQuality()).isCloseTo(1, within(1e-12));
        // λ = 0.1 and +∞: cheap for both
        assertThat(curve.get(2).meanCostUsd()).isCloseTo(1.25, within(1e-12));
        assertThat(curve.get(2).meanQuality()).isCloseTo(0.5, within(1e-12));
        assertThat(curve.get(3)).isEqualTo(new CurvePoint(Double.POSITIVE_INFINITY, 1.25, 0.5));
    }

    @Test
    void equalUtilityGoesToTheCheaperPredictedCostThenToTheEarlierOption() {
        HeldOutRequest r = request(option("dear", 0, 2, 2), option("cheap", 1, 1, 1), option("cheap-too", 0, 1, 1));
        assertThat(UtilitySweep.choose(r, new double[] {0.5, 0.5, 0.5}, 0)).isEqualTo(1);
        // 0.75 - 0.25 * 2 = 0.25 = 0.5 - 0.25 * 1: the cheaper one
        assertThat(UtilitySweep.choose(r, new double[] {0.75, 0.5, 0.1}, 0.25)).isEqualTo(1);
    }

    @Test
    void infiniteLambdaChoosesTheCheapestPredictedCostAndBreaksTiesByPredictedQuality() {
        HeldOutRequest r = request(option("dear", 1, 2, 0.5), option("cheap", 0, 1, 1), option("cheap-better", 1, 1, 1));
        assertThat(UtilitySweep.choose(r, new double[] {0.9, 0.2, 0.3}, Double.POSITIVE_INFINITY)).isEqualTo(2);
        assertThat(UtilitySweep.choose(r, new double[] {0.9, 0.3, 0.3}, Double.POSITIVE_INFINITY)).isEqualTo(1);
    }

    @Test
    void theOracleRoutesOnTheLoggedOutcomes() {
        assertThat(UtilitySweep.outcomes(R1)).containsExactly(0, 1);
        List<CurvePoint> oracle = UtilitySweep.curve(REQUESTS, List.of(UtilitySweep.outcomes(R1), UtilitySweep.outcomes(R2)),
                List.of(0.0));
        // r1 needs the dear model; on r2 both are right, so the cheaper predicted cost wins
        assertThat(oracle.get(0)).isEqualTo(new CurvePoint(0, 6.5, 1));
    }

    @Test
    void lambdaGridSpansSixDecadesOfTheMeanCostSpreadBetweenZeroAndInfinity() {
        HeldOutRequest wide = request(option("a", 0, 1, 1), option("b", 0, 5, 5), option("c", 0, 13, 13));  // spread 12
        HeldOutRequest single = request(option("a", 0, 1, 1));                                              // spread 0
        List<Double> lambdas = UtilitySweep.lambdas(List.of(wide, single));                                 // mean 6

        assertThat(lambdas).hasSize(UtilitySweep.STEPS + 3);
        assertThat(lambdas.get(0)).isEqualTo(0.0);
        assertThat(lambdas.get(1) * 6).isCloseTo(1e-3, within(1e-15));
        assertThat(lambdas.get(UtilitySweep.STEPS + 1) * 6).isCloseTo(1e3, within(1e-9));
        assertThat(lambdas.get(UtilitySweep.STEPS + 2)).isEqualTo(Double.POSITIVE_INFINITY);
        for (int i = 2; i <= UtilitySweep.STEPS + 1; i++) {
            assertThat(lambdas.get(i) / lambdas.get(i - 1)).isCloseTo(Math.pow(10, 0.1), within(1e-9));
        }
    }

    @Test
    void withoutAnyCostSpreadTheGridIsJustZeroAndInfinity() {
        assertThat(UtilitySweep.lambdas(List.of(request(option("a", 0, 2, 2), option("b", 1, 2, 3)))))
                .containsExactly(0.0, Double.POSITIVE_INFINITY);
    }

    @Test
    void rejectsPredictionsThatDoNotMatchTheOptions() {
        assertThatThrownBy(() -> UtilitySweep.curve(REQUESTS, List.of(new double[] {0.2, 0.9}), List.of(0.0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UtilitySweep.curve(REQUESTS, List.of(new double[] {0.2}, new double[] {0.8, 0.9}), List.of(0.0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UtilitySweep.curve(REQUESTS, PREDICTED, List.of(-1.0)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
