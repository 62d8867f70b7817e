package io.routewise.eval;

/**
 * Judges a model's answer to one evaluation prompt against that prompt's reference. Implementations
 * are immutable and thread-safe; {@link #score} never throws on any answer text (an unparseable
 * answer is a failed score, not an error).
 */
public interface Scorer {

    /** The scorer's type name as written in the eval set ({@code "numeric"}, {@code "alias"}, ...). */
    String type();

    /** Scores an answer (the assistant message's text; may be empty). */
    Score score(String answer);
}
