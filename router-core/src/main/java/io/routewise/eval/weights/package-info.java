/**
 * Versioned routing weights written by recalibration and read by running servers.
 */
package io.routewise.eval.weights;
