/**
 * Drift detection: whether a model's pass rate, error rate or latency in an evaluation run got
 * significantly and materially worse than its baseline ({@link io.routewise.eval.drift.DriftDetector}),
 * and the report that says so ({@link io.routewise.eval.drift.DriftReport}). Pure computation, no I/O.
 */
package io.routewise.eval.drift;
