package io.routewise.resilience;

import io.routewise.providers.ProviderException;
import java.time.Duration;

/**
 * Told about every probe and every health change, e.g. to count probe results, feed the latency
 * tracker (a one-token probe measures time to first token) or write a log line. Quick, never throws.
 */
public interface HealthListener {

    /** @param failure why the probe failed, or null when it passed */
    default void onProbe(Deployment deployment, Duration took, ProviderException failure) {
    }

    default void onStatusChange(Deployment deployment, HealthStatus from, HealthStatus to) {
    }
}
