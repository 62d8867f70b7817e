/**
 * The drift evaluation: eval sets, runs, cost estimates. Sub-packages hold scorers, the run store,
 * drift tests, recalibration, weight versions and reports. Uses the domain and below.
 */
package io.routewise.eval;
