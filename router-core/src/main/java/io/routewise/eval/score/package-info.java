/**
 * Scorers that judge an answer against an eval item's reference.
 */
package io.routewise.eval.score;
