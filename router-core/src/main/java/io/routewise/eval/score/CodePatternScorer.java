package io.routewise.eval.score;

import io.routewise.eval.Score;
import io.routewise.eval.Scorer;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A code answer judged by its shape: every {@code mustMatch} pattern is found in the code and no
 * {@code mustNotMatch} pattern is. The code is the first fenced block of the answer, else the
 * whole answer. Patterns are compiled with {@link Pattern#DOTALL}.
 *
 * @param mustMatch    patterns that must all be found
 * @param mustNotMatch patterns none of which may be found
 */
public record CodePatternScorer(List<Pattern> mustMatch, List<Pattern> mustNotMatch) implements Scorer {

    public CodePatternScorer {
        mustMatch = List.copyOf(mustMatch);
        mustNotMatch = List.copyOf(mustNotMatch);
    }

    @Override
    public String type() {
        return "code_pattern";
    }

    @Override
    public Score score(String answer) {
        String code = AnswerText.code(answer);
        for (Pattern p : mustMatch) {
            if (!p.matcher(code).find()) {
                return Score.fail("missing /" + AnswerText.brief(p.pattern()) + "/");
            }
        }
        for (Pattern p : mustNotMatch) {
            if (p.matcher(code).find()) {
                return Score.fail("must not match /" + AnswerText.brief(p.pattern()) + "/");
            }
        }
        return Score.pass("matches all " + mustMatch.size() + " patterns");
    }
}
