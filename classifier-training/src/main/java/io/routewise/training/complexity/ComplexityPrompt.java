package io.routewise.training.complexity;

import io.routewise.training.Complexity;

/**
 * A prompt with a complexity label and no outcomes: what the complexity head learns from.
 *
 * @param source where it came from (the file's {@code source} field, else the file name), for the
 *               leave-one-source-out check
 * @param prompt the user message
 * @param level  how capable a model it needs
 */
public record ComplexityPrompt(String source, String prompt, Complexity level) {

    /** The head's target: 1 easy, ½ medium, 0 hard. */
    public float ease() {
        return switch (level) {
            case EASY -> 1f;
            case MEDIUM -> 0.5f;
            case HARD -> 0f;
        };
    }
}
