package io.routewise.eval.calibrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.routewise.classifier.RoutingWeights.Calibration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LogitCalibrationTest {

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** Outcomes drawn from σ(logit(p) + trueShift) over predictions spread from sure-fail to sure-pass. */
    private static LogitCalibration simulated(double trueShift, int n, long seed) {
        Random random = new Random(seed);
        LogitCalibration c = new LogitCalibration();
        for (int i = 0; i < n; i++) {
            double p = 0.05 + 0.94 * random.nextDouble();
            double truth = sigmoid(Math.log(p / (1 - p)) + trueShift);
            c.add(1, random.nextDouble() < truth, p);
        }
        return c;
    }

    @Test
    void recoversAKnownShiftFromManyOutcomes() {
        Calibration fitted = simulated(-2.0, 20_000, 7).fit(20);
        assertThat(fitted.logitOffset()).isCloseTo(-2.0, offset(0.1));
        assertThat(fitted.outcomes()).isEqualTo(20_000);
        assertThat(fitted.observed()).isLessThan(fitted.predicted());
    }

    @Test
    void aModelThatBehavesAsPredictedIsNotMoved() {
        assertThat(simulated(0, 20_000, 11).fit(20).logitOffset()).isCloseTo(0, offset(0.1));
    }

    @Test
    void aCollapseMovesEvenSurePredictionsBelowAnyUsefulTarget() {
        // 210 prompts the directory was sure of (0.98), of which 10 % now pass.
        LogitCalibration c = new LogitCalibration();
        for (int i = 0; i < 210; i++) {
            c.add(1, i % 10 == 0, 0.98);
        }
        Calibration fitted = c.fit(20);
        double after = sigmoid(Math.log(0.98 / 0.02) + fitted.logitOffset());
        assertThat(after).isLessThan(0.3);
        assertThat(fitted.observed()).isCloseTo(0.1, offset(0.01));
        assertThat(fitted.predicted()).isCloseTo(0.98, offset(1e-9));
    }

    @Test
    void thePriorHoldsBackAShiftThatRestsOnLittleEvidence() {
        LogitCalibration few = new LogitCalibration();
        LogitCalibration many = new LogitCalibration();
        for (int i = 0; i < 4; i++) {
            few.add(1, false, 0.5);
        }
        for (int i = 0; i < 400; i++) {
            many.add(1, false, 0.5);
        }
        double small = few.fit(20).logitOffset();
        double large = many.fit(20).logitOffset();
        assertThat(small).isNegative().isGreaterThan(-1);
        assertThat(large).isLessThan(small * 3);
        // A weaker prior lets the same evidence move further.
        assertThat(few.fit(2).logitOffset()).isLessThan(small);
    }

    @Test
    void noPredictionsGiveNoCalibration() {
        LogitCalibration c = new LogitCalibration();
        c.add(1, true, Double.NaN);
        c.add(0, true, 0.5);
        assertThat(c.fit(20)).isNull();
    }
}
