package io.routewise.features;

import java.util.List;

/** A classifier was trained on features this build does not compute the same way. */
public class FeatureSpecMismatchException extends RuntimeException {

    private final List<String> differences;

    public FeatureSpecMismatchException(String message, List<String> differences) {
        super(message);
        this.differences = List.copyOf(differences);
    }

    /** Each difference, readable on its own (e.g. "token budget 128 vs 256"). */
    public List<String> differences() {
        return differences;
    }
}
