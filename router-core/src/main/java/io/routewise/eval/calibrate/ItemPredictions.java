package io.routewise.eval.calibrate;

/**
 * What the model directory predicts, before any recalibration, for a catalog model on an evaluation
 * prompt: the per-prompt prediction {@link Recalibrator} fits a model's log-odds shift against.
 */
@FunctionalInterface
public interface ItemPredictions {

    /** None known: recalibration moves the class rows only. */
    ItemPredictions NONE = (model, itemId) -> Double.NaN;

    /** The expected outcome in [0, 1], or NaN when unknown (the prompt is no longer in the sets, no outcome model). */
    double predicted(String model, String itemId);
}
