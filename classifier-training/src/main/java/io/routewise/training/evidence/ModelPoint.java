package io.routewise.training.evidence;

/**
 * A single model sent every held-out request it answered.
 *
 * @param model       its id
 * @param meanCostUsd mean realised cost per request
 * @param meanQuality mean logged outcome
 * @param requests    how many held-out requests it answered
 */
public record ModelPoint(String model, double meanCostUsd, double meanQuality, int requests) {
}
