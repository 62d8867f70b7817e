package io.routewise.eval.score;

import io.routewise.eval.Score;
import io.routewise.eval.Scorer;
import java.util.ArrayList;
import java.util.List;

/**
 * A classification answer: passes when the answer (normalised as in {@link AliasScorer}) is
 * exactly {@code label}, or when exactly one of the allowed {@code labels} appears in it and that
 * one is {@code label}. An answer naming two labels is wrong, whatever else it says.
 *
 * @param label  the correct label
 * @param labels the allowed set, which contains {@code label}
 */
public record LabelScorer(String label, List<String> labels) implements Scorer {

    public LabelScorer {
        labels = List.copyOf(labels);
        if (!labels.contains(label)) {
            throw new IllegalArgumentException("the allowed labels " + labels + " do not contain '" + label + "'");
        }
    }

    @Override
    public String type() {
        return "label";
    }

    @Override
    public Score score(String answer) {
        String text = AnswerText.normalise(answer);
        if (text.equals(AnswerText.normalise(label))) {
            return Score.pass("exactly '" + label + "'");
        }
        List<String> present = new ArrayList<>();
        for (String l : labels) {
            if (AnswerText.containsWords(text, l)) {
                present.add(l);
            }
        }
        if (present.size() == 1 && present.get(0).equals(label)) {
            return Score.pass("found '" + label + "'");
        }
        return Score.fail(present.isEmpty() ? "no label of " + labels + " found, expected '" + label + "'"
                : "found " + present + ", expected '" + label + "'");
    }
}
