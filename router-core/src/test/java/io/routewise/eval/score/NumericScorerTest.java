package io.routewise.eval.score;

import static io.routewise.eval.score.ScorerSpecs.scorer;
import static org.assertj.core.api.Assertions.assertThat;

import io.routewise.eval.Scorer;
import org.junit.jupiter.api.Test;

class NumericScorerTest {

    @Test
    void readsThousandsSeparatorsNegativesDecimalsAndFractions() {
        assertThat(NumericScorer.extract("The total is 1,234 apples.")).isEqualByComparingTo("1234");
        assertThat(NumericScorer.extract("It drops to -3.5 degrees")).isEqualByComparingTo("-3.5");
        assertThat(NumericScorer.extract("That leaves 3/4 of the cake")).isEqualByComparingTo("0.75");
        assertThat(NumericScorer.extract("about .5 litres")).isEqualByComparingTo("0.5");
        assertThat(NumericScorer.extract("a list 1,2,3")).isEqualByComparingTo("3");
        assertThat(NumericScorer.extract("minus sign \u22127")).isEqualByComparingTo("-7");
    }

    @Test
    void prefersTheMarkedAnswerOverTheLastNumber() {
        assertThat(NumericScorer.extract("\\boxed{42} since 6 times 7 is 42, not 41")).isEqualByComparingTo("42");
        assertThat(NumericScorer.extract("5 + 3 = 8\n#### 8\nchecked with 9 steps")).isEqualByComparingTo("8");
        assertThat(NumericScorer.extract("The answer is 391. I multiplied 17 by 23.")).isEqualByComparingTo("391");
        assertThat(NumericScorer.extract("Answer: 12\nsee steps 1 to 4")).isEqualByComparingTo("12");
        assertThat(NumericScorer.extract("First 10, then 20, finally 30")).isEqualByComparingTo("30");
    }

    @Test
    void noNumberIsAFailureNotAnError() {
        assertThat(NumericScorer.extract("I don't know")).isNull();
        Scorer s = scorer("{\"type\":\"numeric\",\"value\":391}");
        assertThat(s.score("I don't know").passed()).isFalse();
        assertThat(s.score("").passed()).isFalse();
        assertThat(s.score(null).passed()).isFalse();
        assertThat(NumericScorer.extract("3/0")).as("no number has a zero denominator").isNull();
    }

    @Test
    void passesWithinTheToleranceOnly() {
        Scorer exact = scorer("{\"type\":\"numeric\",\"value\":391}");
        assertThat(exact.score("The answer is 391.").passed()).isTrue();
        assertThat(exact.score("391.0").passed()).isTrue();
        assertThat(exact.score("The answer is 387.")).satisfies(s -> {
            assertThat(s.passed()).isFalse();
            assertThat(s.detail()).isEqualTo("expected 391, found 387");
        });
        Scorer loose = scorer("{\"type\":\"numeric\",\"value\":2812.16,\"tolerance\":0.005}");
        assertThat(loose.score("about 2,812.164 dollars").passed()).isTrue();
        assertThat(loose.score("2812.2").passed()).isFalse();
        Scorer relative = scorer("{\"type\":\"numeric\",\"value\":1000,\"relative_tolerance\":0.01}");
        assertThat(relative.score("1009").passed()).isTrue();
        assertThat(relative.score("1011").passed()).isFalse();
        assertThat(scorer("{\"type\":\"numeric\",\"value\":0.75}").score("It is 3/4.").passed()).isTrue();
        assertThat(scorer("{\"type\":\"numeric\",\"value\":-3.5}").score("x = -3.5").passed()).isTrue();
    }
}
