/**
 * routewise train and evaluate: traffic-log reading, labels, Tribuo trainers, ONNX export, model
 * cards, routing weights. Uses the foundation, components and policy.
 */
package io.routewise.training;
