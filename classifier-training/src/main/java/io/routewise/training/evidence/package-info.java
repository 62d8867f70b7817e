/**
 * Held-out routing evidence: cost/quality curves, baselines, AIQ, APGR, the plot.
 */
package io.routewise.training.evidence;
