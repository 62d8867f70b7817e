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

    @Test
    void shareAtOrAboveCountsTheStretchesWhereOneHullLeadsSplittingAtTheCrossing() {
        // a: flat 0.6 from cost 1 to 3; b: 0.4 at 1 rising to 0.8 at 3, crossing a at cost 2
        List<CurvePoint> a = List.of(p(1, 0.6));
        List<CurvePoint> b = List.of(p(1, 0.4), p(3, 0.8));
        assertThat(Aiq.shareAtOrAbove(a, b, 1, 3)).isCloseTo(0.5, within(1e-6));
        assertThat(Aiq.shareAtOrAbove(b, a, 1, 3)).isCloseTo(0.5, within(1e-6));
        // beyond b's last vertex both are flat: a (0.6) stays below b (0.8) over [3, 5]
        assertThat(Aiq.shareAtOrAbove(a, b, 1, 5)).isCloseTo(0.25, within(1e-6));
        // equal curves count as at or above over the whole range; a dominating curve too
        assertThat(Aiq.shareAtOrAbove(POINTS, POINTS, 1, 3)).isEqualTo(1.0);
        assertThat(Aiq.shareAtOrAbove(List.of(p(1, 0.95)), POINTS, 1, 3)).isEqualTo(1.0);
        assertThat(Aiq.shareAtOrAbove(List.of(p(1, 0.1)), POINTS, 1, 3)).isEqualTo(0.0);
        assertThatThrownBy(() -> Aiq.shareAtOrAbove(a, b, 2, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
