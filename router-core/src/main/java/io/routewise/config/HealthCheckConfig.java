package io.routewise.config;

import java.util.List;

/**
 * Active health checks ({@code routing.health}): every deployment is probed with the cheapest call
 * its provider offers; one that fails {@code unhealthyAfter} probes in a row leaves the routing pool,
 * and when a probe succeeds again it takes a growing share of traffic ({@code ramp}, one step per
 * {@code rampStepS} seconds) before it is fully back.
 *
 * @param enabled        whether to probe at all
 * @param intervalS      seconds between two probes of a deployment, on average
 * @param jitterS        each interval is drawn from [interval - jitter, interval + jitter]
 * @param unhealthyAfter failed probes in a row that mark a deployment unhealthy
 * @param ramp           shares of traffic (each in (0, 1), ascending) a recovering deployment may take
 * @param rampStepS      seconds spent at each share of the ramp
 */
public record HealthCheckConfig(Boolean enabled, Integer intervalS, Integer jitterS, Integer unhealthyAfter,
                                List<Double> ramp, Integer rampStepS) {

    public static final HealthCheckConfig DEFAULT = new HealthCheckConfig(null, null, null, null, null, null);

    public HealthCheckConfig {
        enabled = enabled == null || enabled;
        intervalS = intervalS == null ? 20 : intervalS;
        jitterS = jitterS == null ? 5 : jitterS;
        unhealthyAfter = unhealthyAfter == null ? 3 : unhealthyAfter;
        ramp = ramp == null ? List.of(0.1, 0.25, 0.5) : List.copyOf(ramp);
        rampStepS = rampStepS == null ? 30 : rampStepS;
    }
}
