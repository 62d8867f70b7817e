package io.routewise.eval.score;

import static io.routewise.eval.score.ScorerSpecs.scorer;
import static org.assertj.core.api.Assertions.assertThat;

import io.routewise.eval.Score;
import io.routewise.eval.Scorer;
import org.junit.jupiter.api.Test;

class ConstraintsScorerTest {

    private static Scorer one(String type, String value) {
        return scorer("{\"type\":\"constraints\",\"constraints\":[{\"type\":\"" + type + "\""
                + (value == null ? "" : ",\"value\":" + value) + "}]}");
    }

    private static void holds(Scorer s, String text) {
        assertThat(s.score(text).passed()).as(text).isTrue();
    }

    private static void fails(Scorer s, String text) {
        assertThat(s.score(text).passed()).as(text).isFalse();
    }

    @Test
    void countsWordsAndCharacters() {
        holds(one("max_words", "3"), "one two three");
        fails(one("max_words", "3"), "one two three four");
        holds(one("max_words", "3"), "one - two three");
        holds(one("min_words", "2"), "hello there");
        fails(one("min_words", "2"), "hello");
        holds(one("max_chars", "5"), "  abcde  ");
        fails(one("max_chars", "5"), "abcdef");
    }

    @Test
    void countsBulletsLinesAndSentences() {
        Scorer bullets = one("bullet_count", "3");
        holds(bullets, "Intro\n- a\n* b\n1. c");
        fails(bullets, "- a\n- b");
        fails(bullets, "- a\n- b\n- c\n2) d");
        holds(one("line_count", "2"), "first\n\nsecond\n");
        fails(one("line_count", "2"), "only one");
        holds(one("sentence_count_max", "2"), "One. Two! ");
        fails(one("sentence_count_max", "2"), "One. Two? Three.");
        holds(one("sentence_count_max", "1"), "It costs 3.50 dollars.");
    }

    @Test
    void checksCase() {
        holds(one("all_lowercase", null), "all quiet 123.");
        fails(one("all_lowercase", null), "all Quiet");
        holds(one("all_uppercase", "true"), "LOUD, 42!");
        fails(one("all_uppercase", null), "LOUd");
    }

    @Test
    void checksPhrasesAsWholeWordsIgnoringCase() {
        Scorer include = one("must_include", "[\"wheel\", \"ten minutes\"]");
        holds(include, "The WHEEL turns in Ten Minutes.");
        fails(include, "The wheels turn in ten minutes.");
        Scorer exclude = one("must_not_include", "[\"no\"]");
        holds(exclude, "Nothing to note.");
        fails(exclude, "No, thanks.");
    }

    @Test
    void checksStartEndRegexAndCommas() {
        holds(one("starts_with", "\"Good morning\""), "  good morning, sun");
        fails(one("starts_with", "\"Good morning\""), "Morning!");
        holds(one("ends_with", "\"keep going.\""), "Breathe and keep going.\n");
        fails(one("ends_with", "\"?\""), "Really.");
        holds(one("regex", "\"^R.*\\\\nA\""), "Rain\nAll");
        fails(one("regex", "\"^R.*\\\\nA\""), "All\nRain");
        holds(one("no_commas", null), "no commas here.");
        fails(one("no_commas", null), "one, two");
    }

    @Test
    void passesOnlyWhenAllHoldAndNamesTheFirstFailure() {
        Scorer s = scorer("""
                {"type": "constraints", "constraints": [
                  {"type": "max_words", "value": 5}, {"type": "all_lowercase"}, {"type": "must_include", "value": ["tea"]}]}""");
        assertThat(s.score("green tea please").passed()).isTrue();
        Score failed = s.score("Green coffee please");
        assertThat(failed.passed()).isFalse();
        assertThat(failed.detail()).isEqualTo("all_lowercase: contains upper-case letters");
    }
}
