package io.routewise.classifier.weights;

import io.routewise.classifier.RoutingWeights;

/**
 * A version's metadata with its routing weights.
 *
 * @param version what the store recorded about it
 * @param weights the weights, checked against {@link WeightsVersion#sha256()} when read
 */
public record StoredWeights(WeightsVersion version, RoutingWeights weights) {
}
