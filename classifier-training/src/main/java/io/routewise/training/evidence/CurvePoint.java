package io.routewise.training.evidence;

/**
 * One operating point of a router on the held-out requests.
 *
 * @param target      the quality target it was run with
 * @param meanCostUsd mean realised cost per request
 * @param meanQuality mean logged outcome of the chosen models
 */
public record CurvePoint(double target, double meanCostUsd, double meanQuality) {
}
