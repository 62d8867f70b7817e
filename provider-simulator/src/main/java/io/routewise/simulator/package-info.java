/**
 * The built-in provider simulator: the three wire formats, configurable quality, latency and
 * faults, a control API. Uses the foundation and the providers' wire formats.
 */
package io.routewise.simulator;
