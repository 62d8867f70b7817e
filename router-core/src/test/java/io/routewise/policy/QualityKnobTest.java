package io.routewise.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routewise.classifier.Scores;
import java.util.List;
import org.junit.jupiter.api.Test;

class QualityKnobTest {

    private static final Scores NONE = Scores.classesOnly(new float[0]);

    private static Candidate fixed(String model, double quality, double cost) {
        return new Candidate(model, "p", s -> quality, cost, null);
    }

    private static final List<Candidate> CANDIDATES = List.of(fixed("tiny", 0.80, 0.001), fixed("mid", 0.86, 0.01),
            fixed("frontier", 0.90, 0.1));

    @Test
    void marginTakesTheCheapestWithinItOfTheBestCandidate() {
        assertThat(RoutingPolicy.decide(NONE, CANDIDATES, new QualityKnob.Margin(0.05), null).model()).isEqualTo("mid");
        assertThat(RoutingPolicy.decide(NONE, CANDIDATES, new QualityKnob.Margin(0.10), null).model()).isEqualTo("tiny");
        assertThat(RoutingPolicy.decide(NONE, CANDIDATES, new QualityKnob.Margin(0), null).model()).isEqualTo("frontier");
    }

    @Test
    void marginIsRelativeSoTheSameKnobWorksOnAnyOutcomeScale() {
        List<Candidate> halved = List.of(fixed("tiny", 0.40, 0.001), fixed("mid", 0.43, 0.01), fixed("frontier", 0.45, 0.1));
        assertThat(RoutingPolicy.decide(NONE, halved, new QualityKnob.Margin(0.05), null).model()).isEqualTo("tiny");
        // An absolute target that suited the first scale sends everything on this one to the best.
        assertThat(RoutingPolicy.decide(NONE, halved, new QualityKnob.Target(0.85), null).model()).isEqualTo("frontier");
    }

    @Test
    void theDecisionReportsTheThresholdItUsed() {
        Decision d = RoutingPolicy.decide(NONE, CANDIDATES, new QualityKnob.Margin(0.05), null);
        assertThat(d.qualityThreshold()).isEqualTo(0.90 - 0.05);
        assertThat(d.reasons().get(0)).contains("less the margin 0.050");
    }

    @Test
    void aTargetWinsOverAMarginAndTheRequestOverTheConfig() {
        assertThat(QualityKnob.resolve(0.7, 0.1, null, null)).isEqualTo(new QualityKnob.Target(0.7));
        assertThat(QualityKnob.resolve(null, 0.1, 0.8, null)).isEqualTo(new QualityKnob.Margin(0.1));
        assertThat(QualityKnob.resolve(null, null, 0.8, 0.02)).isEqualTo(new QualityKnob.Target(0.8));
        assertThat(QualityKnob.resolve(null, null, null, 0.02)).isEqualTo(new QualityKnob.Margin(0.02));
        assertThat(QualityKnob.resolve(null, null, null, null)).isEqualTo(new QualityKnob.Margin(QualityKnob.DEFAULT_MARGIN));
    }

    @Test
    void aPricePerQualityPointBuysTheBestValue() {
        // Utility = quality - cost / price.
        assertThat(RoutingPolicy.decide(NONE, CANDIDATES, new QualityKnob.Price(1), null).model()).isEqualTo("mid");
        assertThat(RoutingPolicy.decide(NONE, CANDIDATES, new QualityKnob.Price(0.01), null).model()).isEqualTo("tiny");
        Decision rich = RoutingPolicy.decide(NONE, CANDIDATES, new QualityKnob.Price(100), null);
        assertThat(rich.model()).isEqualTo("frontier");
        assertThat(rich.fallbacks()).extracting(Decision.Choice::model).containsExactly("mid", "tiny");
        assertThat(rich.reasons().get(0)).contains("best value at $100.000000 per quality point");
    }

    @Test
    void aSoftPenalisedCandidateServesOnlyWhenNothingElseCan() {
        Candidate nearCap = new Candidate("mid", "p", s -> 0.86, 0.01, null, io.routewise.catalog.Exclusion.of(io.routewise.catalog.Exclusion.Cause.BUDGET_SOFT, "budget near its cap"));
        Decision d = RoutingPolicy.decide(NONE, List.of(CANDIDATES.get(0), nearCap, CANDIDATES.get(2)),
                new QualityKnob.Price(1), null);
        assertThat(d.model()).isEqualTo("frontier");
        assertThat(d.fallbacks()).extracting(Decision.Choice::model).containsExactly("tiny", "mid");
    }

    @Test
    void aPriceWinsOverAMarginAndLosesToATarget() {
        assertThat(QualityKnob.resolve(null, 2.0, 0.1, null, null, null)).isEqualTo(new QualityKnob.Price(2.0));
        assertThat(QualityKnob.resolve(0.7, 2.0, 0.1, null, null, null)).isEqualTo(new QualityKnob.Target(0.7));
        assertThat(QualityKnob.resolve(null, null, null, null, 3.0, 0.1)).isEqualTo(new QualityKnob.Price(3.0));
        assertThat(QualityKnob.resolve(null, null, 0.2, null, 3.0, null)).isEqualTo(new QualityKnob.Margin(0.2));
    }

    @Test
    void outOfRangeKnobsAreRefused() {
        assertThatThrownBy(() -> new QualityKnob.Price(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QualityKnob.Margin(-0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QualityKnob.Target(1.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
