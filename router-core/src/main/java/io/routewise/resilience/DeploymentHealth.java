package io.routewise.resilience;

/**
 * One deployment's health as the checker sees it now.
 *
 * @param status              healthy, unhealthy or recovering
 * @param consecutiveFailures failed probes in a row
 * @param admittedShare       the share of its traffic it may take, 0 to 1
 * @param lastFailure         the last failed probe's message, or null
 */
public record DeploymentHealth(HealthStatus status, int consecutiveFailures, double admittedShare, String lastFailure) {
}
