package io.routewise.training.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeadlinesTest {

    // A at cost 1 / quality 0.5, B dominated (dearer and worse than A), C at 3 / 0.9.
    private static final List<CurvePoint> CURVE = List.of(
            new CurvePoint(0.2, 2.5, 0.45), new CurvePoint(0.8, 3, 0.9), new CurvePoint(0.0, 1, 0.5));

    @Test
    void matchIsTheCheapestPointReachingTheBestSingleModelsQuality() {
        Headlines h = Headlines.of(CURVE, new ModelPoint("big", 20, 0.8, 10));
        assertThat(h.match().reached()).isTrue();
        assertThat(h.match().costPercent()).isCloseTo(15, within(1e-9));
        assertThat(h.match().target()).isEqualTo(0.8);
    }

    @Test
    void qualityAtTenPercentInterpolatesOnTheUpperEnvelope() {
        // 10 % of 20 = 2: halfway from A (1, 0.5) to C (3, 0.9); B is not on the envelope.
        Headlines h = Headlines.of(CURVE, new ModelPoint("big", 20, 0.8, 10));
        assertThat(h.atBudget().reached()).isTrue();
        assertThat(h.atBudget().quality()).isCloseTo(0.7, within(1e-12));
        assertThat(Headlines.upperEnvelope(CURVE)).extracting(CurvePoint::meanCostUsd).containsExactly(1.0, 3.0);
    }

    @Test
    void saysWhenTheCurveNeverReachesTheQualityAndReportsTheClosestPoint() {
        Headlines h = Headlines.of(CURVE, new ModelPoint("big", 20, 0.95, 10));
        assertThat(h.match().reached()).isFalse();
        assertThat(h.match().quality()).isEqualTo(0.9);
        assertThat(h.match().summary()).contains("never reaches");
    }

    @Test
    void saysWhenTheBudgetIsBelowTheCheapestPoint() {
        Headlines h = Headlines.of(CURVE, new ModelPoint("big", 5, 0.8, 10));
        assertThat(h.atBudget().reached()).isFalse();
        assertThat(h.atBudget().costPercent()).isCloseTo(20, within(1e-9));
        assertThat(h.atBudget().quality()).isEqualTo(0.5);
        assertThat(h.atBudget().summary()).contains("cannot run at 10 %");
    }

    @Test
    void qualityAtAQuarterAndHalfOfTheCostInterpolatesTheSameWay() {
        // strong cost 8: 10 % = 0.8 is below A; 25 % = 2 is halfway from A to C; 50 % = 4 is past C.
        Headlines h = Headlines.of(CURVE, new ModelPoint("big", 8, 0.8, 10));
        assertThat(h.atBudget().reached()).isFalse();
        assertThat(h.atQuarterBudget().reached()).isTrue();
        assertThat(h.atQuarterBudget().budgetPercent()).isEqualTo(25.0);
        assertThat(h.atQuarterBudget().costUsd()).isEqualTo(2.0);
        assertThat(h.atQuarterBudget().quality()).isCloseTo(0.7, within(1e-12));
        assertThat(h.atQuarterBudget().summary()).contains("at 25 % of big's cost");
        assertThat(h.atHalfBudget().reached()).isTrue();
        assertThat(h.atHalfBudget().budgetPercent()).isEqualTo(50.0);
        assertThat(h.atHalfBudget().quality()).isEqualTo(0.9);
    }

    @Test
    void saysWhenAQuarterOfTheCostIsBelowTheCheapestPoint() {
        // strong cost 2: 25 % = 0.5 is below A (cost 1); 50 % = 1 is exactly A.
        Headlines h = Headlines.of(CURVE, new ModelPoint("big", 2, 0.8, 10));
        assertThat(h.atQuarterBudget().reached()).isFalse();
        assertThat(h.atQuarterBudget().summary()).contains("cannot run at 25 %");
        assertThat(h.atHalfBudget().reached()).isTrue();
        assertThat(h.atHalfBudget().quality()).isEqualTo(0.5);
    }
}
