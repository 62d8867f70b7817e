package io.routewise.policy;

import io.routewise.catalog.Exclusion;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingPolicyTest {

    // Two classes: easy, hard.
    private static final Candidate SMALL = new Candidate("small", "p", new double[] {0.9, 0.2}, 0.001, null);
    private static final Candidate MID = new Candidate("mid", "p", new double[] {0.95, 0.6}, 0.01, null);
    private static final Candidate BIG = new Candidate("big", "q", new double[] {0.97, 0.85}, 0.10, null);
    private static final List<Candidate> ALL = List.of(BIG, SMALL, MID);

    @Test
    void easyPromptGoesToTheCheapestAdequateModel() {
        Decision d = RoutingPolicy.decide(new float[] {0.95f, 0.05f}, ALL, 0.8, null);
        assertThat(d.model()).isEqualTo("small");
        assertThat(d.expectedQuality()).isCloseTo(0.95 * 0.9 + 0.05 * 0.2, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(d.fallbacks()).extracting(Decision.Choice::model).containsExactly("mid", "big");
        assertThat(d.reasons().get(0)).contains("cheapest").contains("small");
    }

    @Test
    void aCandidateNearItsBudgetIsRankedAfterTheOtherAdequateOnes() {
        Candidate softSmall = new Candidate("small", "p", new double[] {0.9, 0.2}, 0.001, null,
                Exclusion.of(Exclusion.Cause.BUDGET_SOFT, "budget provider 'p' per day ($1.00): past the soft threshold"));
        Decision d = RoutingPolicy.decide(new float[] {0.95f, 0.05f}, List.of(BIG, softSmall, MID), 0.8, null);
        assertThat(d.model()).isEqualTo("mid");
        assertThat(d.fallbacks()).extracting(Decision.Choice::model).containsExactly("big", "small");
        assertThat(d.reasons()).anySatisfy(r -> assertThat(r).contains("small ranked after").contains("budget provider 'p'"));
    }

    @Test
    void aCandidateNearItsBudgetStillServesWhenNothingElseIsAdequate() {
        Candidate softBig = new Candidate("big", "q", new double[] {0.97, 0.85}, 0.10, null, Exclusion.of(Exclusion.Cause.BUDGET_SOFT, "budget near its cap"));
        Decision d = RoutingPolicy.decide(new float[] {0.1f, 0.9f}, List.of(softBig, SMALL, MID), 0.8, null);
        assertThat(d.model()).isEqualTo("big");
    }

    @Test
    void hardPromptNeedsAStrongerModel() {
        Decision d = RoutingPolicy.decide(new float[] {0.1f, 0.9f}, ALL, 0.8, null);
        assertThat(d.model()).isEqualTo("big");
        assertThat(d.reasons()).anySatisfy(r -> assertThat(r).contains("fall short"));
    }

    @Test
    void whenNothingReachesTheTargetTheBestIsChosen() {
        Decision d = RoutingPolicy.decide(new float[] {0f, 1f}, ALL, 0.99, null);
        assertThat(d.model()).isEqualTo("big");
        assertThat(d.reasons().get(0)).contains("no model reaches");
        assertThat(d.fallbacks()).extracting(Decision.Choice::model).containsExactly("mid", "small");
    }

    @Test
    void raisingTheTargetNeverMakesTheChoiceCheaper() {
        float[] p = {0.5f, 0.5f};
        double last = -1;
        for (double target = 0; target <= 1.0; target += 0.05) {
            Decision d = RoutingPolicy.decide(p, ALL, target, null);
            if (d.expectedQuality() >= target) {
                assertThat(d.expectedCostUsd()).isGreaterThanOrEqualTo(last);
                last = d.expectedCostUsd();
            }
        }
    }

    @Test
    void excludedAndOverBudgetModelsAreSkippedWithReasons() {
        Candidate visionless = new Candidate("small", "p", new double[] {0.9, 0.2}, 0.001, Exclusion.of(Exclusion.Cause.MISSING_CAPABILITY, "lacks vision"));
        Decision d = RoutingPolicy.decide(new float[] {1f, 0f}, List.of(visionless, MID, BIG), 0.8, 0.05);
        assertThat(d.model()).isEqualTo("mid");
        assertThat(d.fallbacks()).isEmpty();
        assertThat(d.reasons()).anySatisfy(r -> assertThat(r).contains("small excluded: lacks vision"))
                .anySatisfy(r -> assertThat(r).contains("big excluded").contains("max_cost_usd"));
    }

    @Test
    void noEligibleCandidateIsNoDecision() {
        Decision d = RoutingPolicy.decide(new float[] {1f, 0f},
                List.of(new Candidate("x", "p", new double[] {1, 1}, 0, Exclusion.of(Exclusion.Cause.BREAKER_OPEN, "circuit open"))), 0.5, null);
        assertThat(d.routed()).isFalse();
        assertThat(d.reasons()).first().asString().contains("no candidate");
    }
}
