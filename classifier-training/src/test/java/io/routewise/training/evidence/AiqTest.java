package io.routewise.training.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class AiqTest {

    private static CurvePoint p(double cost, double quality) {
        return new CurvePoint(0, cost, quality);
    }

    // A (1, 0.5) and C (3, 0.9) span the hull; the others are beaten by a cheaper point or by a mix of A and C.
    private static final List<CurvePoint> POINTS = List.of(
            p(3, 0.9), p(2, 0.55), p(2.5, 0.4), p(1, 0.3), p(4, 0.85), p(1, 0.5));

    @Test
    void hullDropsDominatedPointsAndPointsBelowAMixOfTwoOthers() {
        assertThat(Aiq.hull(POINTS)).containsExactly(p(1, 0.5), p(3, 0.9));
    }

    @Test
    void hullKeepsAPointAboveTheChordOfItsNeighboursAndDropsCollinearOnes() {
        assertThat(Aiq.hull(List.of(p(3, 0.9), p(1, 0.5), p(2, 0.8)))).containsExactly(p(1, 0.5), p(2, 0.8), p(3, 0.9));
        assertThat(Aiq.hull(List.of(p(1, 0), p(2, 0.5), p(3, 1)))).containsExactly(p(1, 0), p(3, 1));
    }

    @Test
    void aiqIsTheMeanOfTheLinearlyInterpolatedHullOverTheRange() {
        assertThat(Aiq.of(POINTS, 1, 3)).isCloseTo(0.7, within(1e-12));
        // [2, 3]: mean 0.8 on the segment; [3, 5]: flat at 0.9 -> (0.8 + 1.8) / 3
        assertThat(Aiq.of(POINTS, 2, 5)).isCloseTo(2.6 / 3, within(1e-12));
    }

    @Test
    void belowTheCheapestPointTheHullStaysAtItsQuality() {
        // [0, 1): 0.5; [1, 3]: 1.4; [3, 5]: 1.8 -> 3.7 / 5
        assertThat(Aiq.of(POINTS, 0, 5)).isCloseTo(0.74, within(1e-12));
    }

    @Test
    void aSinglePointsAiqIsItsQuality() {
        assertThat(Aiq.of(List.of(p(2, 0.6)), 0, 10)).isCloseTo(0.6, within(1e-12));
    }

    @Test
    void aBetterRouterScoresHigher() {
        List<CurvePoint> better = List.of(p(1, 0.5), p(1.5, 0.85), p(3, 0.9));
        assertThat(Aiq.of(better, 1, 3)).isGreaterThan(Aiq.of(POINTS, 1, 3));
    }

    @Test
    void rejectsAnEmptyRangeOrNoPoints() {
        assertThatThrownBy(() -> Aiq.of(POINTS, 2, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Aiq.of(POINTS, 3, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Aiq.of(List.of(), 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
