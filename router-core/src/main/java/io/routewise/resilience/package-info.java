/**
 * Surviving provider failures, as building blocks the dispatcher and the routing engine consult:
 * {@link io.routewise.resilience.RetryPolicy} and {@link io.routewise.resilience.Backoff} (when and after how long
 * to try a deployment again), {@link io.routewise.resilience.Deadline} (per-request and per-attempt time limits),
 * {@link io.routewise.resilience.DeploymentBreakers} (a circuit breaker per deployment),
 * {@link io.routewise.resilience.HealthChecker} (active probes and gradual re-admission),
 * {@link io.routewise.resilience.LatencyTracker} (time-to-first-token budgets),
 * {@link io.routewise.resilience.ProviderLimits} (concurrency, request and token rates, 429 back-off), and
 * {@link io.routewise.resilience.CandidateHealth}, the one question the router asks of them all: may this
 * deployment take this request, and if not, why not.
 *
 * <p>Every class takes its clock (and its randomness) as a parameter, so tests drive time by hand.
 */
package io.routewise.resilience;
