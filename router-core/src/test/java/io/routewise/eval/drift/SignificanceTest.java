package io.routewise.eval.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import org.junit.jupiter.api.Test;

class SignificanceTest {

    @Test
    void fisherMatchesTheLadyTastingTea() {
        // Fisher's table [[3,1],[1,3]]: baseline 3 of 4 good, current 1 of 4. With margins fixed,
        // P(current good <= 1) = (C(4,0)C(4,4) + C(4,1)C(4,3)) / C(8,4) = (1 + 16) / 70.
        assertThat(Significance.fisherCurrentLower(3, 4, 1, 4)).isCloseTo(17.0 / 70, offset(1e-12));
    }

    @Test
    void fisherMatchesAHandComputedTable() {
        // baseline 8/10, current 2/10: (C(10,0)C(10,10) + C(10,1)C(10,9) + C(10,2)C(10,8)) / C(20,10)
        // = (1 + 100 + 2025) / 184756 (R: fisher.test(matrix(c(8,2,2,8),2), alternative="greater") -> 0.01151)
        assertThat(Significance.fisherCurrentLower(8, 10, 2, 10)).isCloseTo(2126.0 / 184756, offset(1e-12));
        assertThat(Significance.fisherCurrentLower(10, 10, 0, 10)).isCloseTo(1.0 / 184756, offset(1e-15));
    }

    @Test
    void fisherIsOneSidedTowardACurrentDrop() {
        // the mirror table (current better): P(current good <= 3) = 1 - P(4) = 69/70
        assertThat(Significance.fisherCurrentLower(1, 4, 3, 4)).isCloseTo(69.0 / 70, offset(1e-12));
        assertThat(Significance.fisherCurrentLower(80, 100, 95, 100)).isGreaterThan(0.99);
        assertThat(Significance.fisherCurrentLower(95, 100, 80, 100)).isLessThan(0.01);
    }

    @Test
    void fisherOfAnEmptySideIsOne() {
        assertThat(Significance.fisherCurrentLower(0, 0, 3, 4)).isEqualTo(1.0);
    }

    @Test
    void mannWhitneyIsSmallOnlyWhenTheCurrentSampleIsSlower() {
        double[] fast = new double[30];
        double[] slow = new double[30];
        for (int i = 0; i < 30; i++) {
            fast[i] = 100 + i;
            slow[i] = 200 + i;
        }
        assertThat(Significance.mannWhitneyCurrentGreater(fast, slow)).isLessThan(1e-6);
        assertThat(Significance.mannWhitneyCurrentGreater(slow, fast)).isGreaterThan(0.999);
        assertThat(Significance.mannWhitneyCurrentGreater(fast, fast.clone())).isGreaterThanOrEqualTo(0.5);
    }
}
