package io.routewise.resilience;

import io.routewise.catalog.Exclusion;
import io.routewise.providers.ProviderException;
import java.time.Duration;

/** {@link CallGate#OPEN}'s request gate: no exclusions, no limits, no deadline, no retries, no memory. */
final class OpenRequestGate implements CallGate.RequestGate {

    static final OpenRequestGate INSTANCE = new OpenRequestGate();
    private static final CallGate.Permit NO_PERMIT_NEEDED = tokens -> { };
    private static final CallGate.Admission ADMITTED = new CallGate.Admission(NO_PERMIT_NEEDED, null);
    private static final RetryDecision NEVER = RetryDecision.stop("no retries without resilience");

    private OpenRequestGate() {
    }

    @Override
    public Exclusion deadlinePassed() {
        return null;
    }

    @Override
    public Exclusion screen(Deployment deployment, CallGate.Screening screening) {
        return null;
    }

    @Override
    public CallGate.Admission admit(Deployment deployment) {
        return ADMITTED;
    }

    @Override
    public Exclusion acquireCall(Deployment deployment) {
        return null;
    }

    @Override
    public CallGate.Timeouts timeouts(Deployment deployment) {
        return CallGate.Timeouts.NONE;
    }

    @Override
    public void record(Deployment deployment, CallGate.Outcome outcome) {
    }

    @Override
    public void recordFirstToken(Deployment deployment, Duration ttft) {
    }

    @Override
    public RetryDecision retry(Deployment deployment, ProviderException failure, int attemptsMade) {
        return NEVER;
    }
}
