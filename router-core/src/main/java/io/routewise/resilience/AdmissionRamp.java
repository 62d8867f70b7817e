package io.routewise.resilience;

import java.time.Duration;
import java.util.List;

/**
 * The share of its traffic a recovering deployment may take: {@code shares[i]} during the i-th step of
 * {@code step} after it recovered, then all of it. Re-admitting gradually keeps a deployment that only
 * looks healthy from taking every request at once.
 *
 * @param shares ascending shares in (0, 1); empty re-admits at once
 * @param step   how long each share holds
 */
record AdmissionRamp(List<Double> shares, Duration step) {

    public AdmissionRamp {
        shares = List.copyOf(shares);
        if (step.isNegative() || step.isZero()) {
            throw new IllegalArgumentException("a ramp step must be positive, got " + step);
        }
    }

    /** The share admitted {@code sinceRecovery} after the deployment recovered. */
    public double share(Duration sinceRecovery) {
        long index = sinceRecovery.isNegative() ? 0 : sinceRecovery.toMillis() / step.toMillis();
        return index < shares.size() ? shares.get((int) index) : 1.0;
    }

    /** Whether the ramp is over, so the deployment takes all its traffic again. */
    public boolean complete(Duration sinceRecovery) {
        return share(sinceRecovery) >= 1.0;
    }

    /** How long the whole ramp takes. */
    public Duration length() {
        return step.multipliedBy(shares.size());
    }
}
