package io.routewise.eval.score;

import io.routewise.eval.Score;
import io.routewise.eval.Scorer;
import java.util.List;

/**
 * A short factual answer: passes when any alias appears as whole words (ignoring case, accents
 * and punctuation) and no forbidden phrase does (e.g. a common wrong answer, or "not").
 *
 * @param aliases   accepted spellings of the answer
 * @param forbidden phrases that make the answer wrong wherever they appear
 */
public record AliasScorer(List<String> aliases, List<String> forbidden) implements Scorer {

    public AliasScorer {
        aliases = List.copyOf(aliases);
        forbidden = List.copyOf(forbidden);
    }

    @Override
    public String type() {
        return "alias";
    }

    @Override
    public Score score(String answer) {
        String text = AnswerText.normalise(answer);
        for (String f : forbidden) {
            if (AnswerText.containsWords(text, f)) {
                return Score.fail("contains forbidden '" + f + "'");
            }
        }
        for (String alias : aliases) {
            if (AnswerText.containsWords(text, alias)) {
                return Score.pass("found '" + alias + "'");
            }
        }
        return Score.fail("none of " + aliases + " found");
    }
}
