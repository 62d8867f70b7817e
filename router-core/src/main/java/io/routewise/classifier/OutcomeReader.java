package io.routewise.classifier;

import java.util.function.ToDoubleFunction;

/**
 * How one catalog model reads its expected outcome from an {@link OutcomeModel}'s prediction vector.
 *
 * @param source what it reads (its own logged model, or a tier), for reasons and logs
 * @param read   the function from the prediction vector to its expected outcome
 */
public record OutcomeReader(String source, ToDoubleFunction<double[]> read) {

    /** The expected outcome in a prediction vector. */
    public double expected(double[] predictions) {
        return read.applyAsDouble(predictions);
    }
}
