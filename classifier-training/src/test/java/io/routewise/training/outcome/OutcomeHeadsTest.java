package io.routewise.training.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OutcomeHeadsTest {

    static final List<String> NAMES = List.of("f0", "f1", "f2");

    /** Outcomes of two models: "a" is adequate when f0 is high, "b" when f1 is. */
    static OutcomeTable table(float[][] x) {
        float[][] outcomes = new float[x.length][2];
        for (int i = 0; i < x.length; i++) {
            outcomes[i][0] = x[i][0] > 0 ? 1 : 0;
            outcomes[i][1] = x[i][1] > 0 ? 1 : 0;
        }
        return new OutcomeTable(List.of("a", "b"), outcomes);
    }

    static float[][] features(long seed) {
        Random r = new Random(seed);
        float[][] x = new float[200][3];
        for (float[] row : x) {
            for (int f = 0; f < 3; f++) {
                row[f] = (float) r.nextGaussian();
            }
        }
        return x;
    }

    static double logit(double p) {
        return Math.log(p / (1 - p));
    }

    @Test
    void theMeanOfRunsPredictsTheMeanOfTheirLogOdds() {
        float[][] x = features(1);
        OutcomeTable table = table(x);
        OutcomeHeads one = OutcomeHeads.train(table, x, NAMES, 0.2, 3, 7);
        OutcomeHeads two = OutcomeHeads.train(table, x, NAMES, 0.2, 3, 1007);
        OutcomeHeads mean = OutcomeHeads.average(List.of(one, two), "two runs");
        assertThat(mean.description()).isEqualTo("two runs");
        assertThat(mean.models()).containsExactly("a", "b");
        for (float[] row : features(2)) {
            double[] p1 = one.predict(row);
            double[] p2 = two.predict(row);
            double[] pm = mean.predict(row);
            for (int m = 0; m < 2; m++) {
                assertThat(logit(pm[m])).isCloseTo((logit(p1[m]) + logit(p2[m])) / 2, within(1e-4));
            }
        }
        // Runs that differ only in their seed learn different weights; the mean still reads the signal.
        assertThat(one.predict(new float[] {0, 3, 0})[0]).isNotEqualTo(two.predict(new float[] {0, 3, 0})[0]);
        assertThat(mean.predict(new float[] {2, -2, 0})[0]).isGreaterThan(0.8);
        assertThat(mean.predict(new float[] {2, -2, 0})[1]).isLessThan(0.2);
    }

    @Test
    void headsOfOtherModelsCannotBeAveraged() {
        float[][] x = features(3);
        OutcomeHeads ab = OutcomeHeads.train(table(x), x, NAMES, 0.2, 1, 7);
        float[][] onlyA = new float[x.length][1];
        OutcomeHeads a = OutcomeHeads.train(new OutcomeTable(List.of("a"), onlyA), x, NAMES, 0.2, 1, 7);
        assertThatThrownBy(() -> OutcomeHeads.average(List.of(ab, a), "mixed")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OutcomeHeads.average(List.of(), "none")).isInstanceOf(IllegalArgumentException.class);
    }
}
