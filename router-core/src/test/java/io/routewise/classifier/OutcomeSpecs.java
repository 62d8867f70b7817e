package io.routewise.classifier;

/** Names shared by the outcome-model tests. */
final class OutcomeSpecs {

    /** The easiness column's name as training writes it. */
    static final String EASINESS = "(easiness)";

    private OutcomeSpecs() {
    }
}
