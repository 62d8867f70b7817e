package io.routewise.training;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How capable a model a request needs, derived from the outcomes of the models that answered
 * it: the fraction of those models whose answer was adequate (outcome at least
 * {@link LoggedResponse#ADEQUATE}), bucketed. At least {@value #MIN_OUTCOMES} outcomes are needed,
 * since with one answer the label would only restate that one model's result.
 *
 * <p>The cut points make the buckets mean the same thing for the 2-model and the 8/9-model data
 * sets: with two models, both adequate = easy, one = medium, none = hard; with nine, 6+ = easy,
 * 3–5 = medium, 0–2 = hard. On the shared data this gives roughly balanced classes (see
 * {@code docs/training.md}).
 */
public enum Complexity {
    EASY, MEDIUM, HARD;

    /** At least this fraction of models adequate: easy. */
    public static final double EASY_MIN_FRACTION = 0.6;
    /** Below this fraction of models adequate: hard. */
    public static final double HARD_BELOW_FRACTION = 0.3;
    /** Fewer outcomes than this and a request gets no complexity label. */
    public static final int MIN_OUTCOMES = 2;

    /** The label name used in classes and files. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The bucket for this fraction of adequate answers. */
    public static Complexity ofFraction(double adequateFraction) {
        if (adequateFraction >= EASY_MIN_FRACTION) {
            return EASY;
        }
        return adequateFraction < HARD_BELOW_FRACTION ? HARD : MEDIUM;
    }

    /** The complexity of a request, or empty when fewer than {@value #MIN_OUTCOMES} models have outcomes. */
    public static Optional<Complexity> of(List<LoggedResponse> responses) {
        long scored = responses.stream().filter(LoggedResponse::hasOutcome).count();
        if (scored < MIN_OUTCOMES) {
            return Optional.empty();
        }
        long adequate = responses.stream().filter(LoggedResponse::adequate).count();
        return Optional.of(ofFraction((double) adequate / scored));
    }
}
