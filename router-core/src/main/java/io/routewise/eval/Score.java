package io.routewise.eval;

/**
 * A scorer's verdict on one answer. Scores are pass/fail so that drift can be judged with tests
 * on proportions; {@code detail} says why (shown in reports, never containing the whole answer).
 *
 * @param passed whether the answer is acceptable
 * @param detail a short reason, e.g. {@code "expected 391, found 387"}
 */
public record Score(boolean passed, String detail) {

    public static Score pass(String detail) {
        return new Score(true, detail);
    }

    public static Score fail(String detail) {
        return new Score(false, detail);
    }
}
