package io.routewise.eval.score;

import static io.routewise.eval.score.ScorerSpecs.scorer;
import static org.assertj.core.api.Assertions.assertThat;

import io.routewise.eval.Scorer;
import org.junit.jupiter.api.Test;

class AliasAndLabelScorerTest {

    @Test
    void aliasMatchesWholeWordsIgnoringCaseAccentsAndPunctuation() {
        Scorer s = scorer("{\"type\":\"alias\",\"aliases\":[\"Garcia Marquez\",\"Márquez\"]}");
        assertThat(s.score("It was written by Gabriel García Márquez.").passed()).isTrue();
        assertThat(s.score("GARCIA-MARQUEZ, of course").passed()).isTrue();
        assertThat(s.score("Isabel Allende").passed()).isFalse();
        Scorer iron = scorer("{\"type\":\"alias\",\"aliases\":[\"iron\",\"Fe\"]}");
        assertThat(iron.score("Environment").passed()).as("not inside another word").isFalse();
        assertThat(iron.score("Element 26 is Fe.").passed()).isTrue();
    }

    @Test
    void aForbiddenPhraseFailsEvenWhenAnAliasIsPresent() {
        Scorer s = scorer("{\"type\":\"alias\",\"aliases\":[\"Canberra\"],\"forbidden\":[\"Sydney\"]}");
        assertThat(s.score("Canberra").passed()).isTrue();
        assertThat(s.score("Sydney, or maybe Canberra")).satisfies(r -> {
            assertThat(r.passed()).isFalse();
            assertThat(r.detail()).contains("Sydney");
        });
    }

    @Test
    void labelPassesOnTheExactLabelOrWhenItIsTheOnlyLabelNamed() {
        Scorer s = scorer("{\"type\":\"label\",\"label\":\"negative\",\"labels\":[\"positive\",\"negative\",\"neutral\"]}");
        assertThat(s.score("Negative.").passed()).isTrue();
        assertThat(s.score("The sentiment is negative because the soup was cold.").passed()).isTrue();
        assertThat(s.score("positive").passed()).isFalse();
        assertThat(s.score("Either negative or neutral").passed()).as("two labels named").isFalse();
        assertThat(s.score("bad").passed()).isFalse();
        assertThat(scorer("{\"type\":\"label\",\"label\":\"ad_hominem\",\"labels\":[\"ad_hominem\",\"strawman\"]}")
                .score("ad_hominem").passed()).isTrue();
    }
}
