/**
 * Versioned routing weights: written by recalibration (the drift loop) and by {@code routewise weights},
 * read by running servers, which route with the current version. A serving concern, next to the
 * classifier whose classes the weights must match. Uses the foundation and {@code classifier}.
 */
package io.routewise.classifier.weights;
