/**
 * Recalibration: routing weights moved toward recent evaluation results as decay-weighted
 * posterior means with the trained weights as prior ({@link io.routewise.eval.calibrate.Recalibrator}).
 * Pure computation, no I/O.
 */
package io.routewise.eval.calibrate;
