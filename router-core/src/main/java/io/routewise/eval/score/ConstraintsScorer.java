package io.routewise.eval.score;

import io.routewise.eval.Score;
import io.routewise.eval.Scorer;
import java.util.List;

/**
 * An instruction-following answer: passes only when every {@link Constraint} holds; the detail
 * names the first one that does not.
 *
 * @param constraints the instructions to check, in order
 */
public record ConstraintsScorer(List<Constraint> constraints) implements Scorer {

    public ConstraintsScorer {
        constraints = List.copyOf(constraints);
    }

    @Override
    public String type() {
        return "constraints";
    }

    @Override
    public Score score(String answer) {
        for (Constraint c : constraints) {
            String violation = c.violation(answer);
            if (violation != null) {
                return Score.fail(c.type().wireName() + ": " + violation);
            }
        }
        return Score.pass("all " + constraints.size() + " constraints hold");
    }
}
