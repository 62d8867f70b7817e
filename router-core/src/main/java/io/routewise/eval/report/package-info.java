/**
 * The HTML report of an evaluation run and its index.
 */
package io.routewise.eval.report;
