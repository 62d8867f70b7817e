package io.routewise.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.routewise.classifier.OutcomeReader;
import io.routewise.classifier.Scores;
import org.junit.jupiter.api.Test;

class CandidateQualityTest {

    private static final OutcomeReader FIRST = new OutcomeReader("own:first", p -> p[0]);

    @Test
    void withTheDirectorysOwnWeightsThePredictionIsUsedAsIs() {
        CandidateQuality q = CandidateQuality.predicted(FIRST, new double[] {0.8, 0.4}, new double[] {0.8, 0.4});
        assertThat(q.expected(new Scores(new float[] {0.5f, 0.5f}, new double[] {0.62}))).isEqualTo(0.62);
    }

    @Test
    void aRecalibratedRowMovesThePredictionByTheClassWeightedChange() {
        // The drift evaluation found the model 0.3 worse on class 0, unchanged on class 1.
        CandidateQuality q = CandidateQuality.predicted(FIRST, new double[] {0.5, 0.4}, new double[] {0.8, 0.4});
        assertThat(q.expected(new Scores(new float[] {0.9f, 0.1f}, new double[] {0.7}))).isCloseTo(0.7 - 0.27,
                within(1e-6));
        assertThat(q.expected(new Scores(new float[] {0f, 1f}, new double[] {0.7}))).isCloseTo(0.7, within(1e-6));
        // Never below 0 or above 1.
        assertThat(q.expected(new Scores(new float[] {1f, 0f}, new double[] {0.1}))).isZero();
    }

    @Test
    void aClassRowIsWeightedByTheClassProbabilities() {
        CandidateQuality q = CandidateQuality.byClass(new double[] {0.9, 0.2});
        assertThat(q.expected(Scores.classesOnly(new float[] {0.25f, 0.75f}))).isCloseTo(0.375, within(1e-6));
    }

    @Test
    void aCalibrationShiftsThePredictionOnTheLogOddsScale() {
        CandidateQuality q = CandidateQuality.calibrated(FIRST, new io.routewise.classifier.RoutingWeights.Calibration(
                Math.log(1.0 / 9) - Math.log(49), 210, 0.1, 0.98));
        // A sure 0.98 ("hi") falls to what the model now does: 0.1.
        assertThat(q.expected(new Scores(new float[] {1f}, new double[] {0.98}))).isCloseTo(0.1, within(1e-9));
        // An unsure 0.5 falls further in probability than an additive shift of the same mean would suggest: odds / 441.
        assertThat(q.expected(new Scores(new float[] {1f}, new double[] {0.5}))).isCloseTo(1 / 442.0, within(1e-9));
        // A prediction of exactly 1 still moves (it is read as 1 - 1e-4).
        assertThat(q.expected(new Scores(new float[] {1f}, new double[] {1.0}))).isLessThan(0.99).isGreaterThan(0.1);
    }
}
