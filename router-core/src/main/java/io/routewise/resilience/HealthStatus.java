package io.routewise.resilience;

/** What active health checks say about a deployment. */
public enum HealthStatus {
    /** Probes pass (or none has failed enough yet): full traffic. */
    HEALTHY,
    /** Failed enough probes in a row: no traffic. */
    UNHEALTHY,
    /** Passed a probe after being unhealthy: a growing share of traffic (see {@link AdmissionRamp}). */
    RECOVERING
}
