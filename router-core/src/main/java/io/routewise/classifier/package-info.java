/**
 * Model directories: the class head, the outcome model (heads, embedding and word-overlap
 * neighbours), the tier prior and routing weights, served through ONNX Runtime. Uses the foundation
 * and features.
 */
package io.routewise.classifier;
