package io.routewise.classifier;

/**
 * What a model directory says about one request.
 *
 * @param classProbabilities {@code P(c|x)} in the classifier's label order
 * @param outcomes           each logged model's expected outcome, in the outcome model's order; empty
 *                           for a directory without an outcome model (format 1)
 */
public record Scores(float[] classProbabilities, double[] outcomes) {

    /** Scores of a directory that has class probabilities only. */
    public static Scores classesOnly(float[] classProbabilities) {
        return new Scores(classProbabilities, new double[0]);
    }
}
