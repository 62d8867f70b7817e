package io.routewise.resilience;

import java.time.Instant;

/** Told about every breaker transition, e.g. to update a state gauge or write a log line. */
@FunctionalInterface
interface BreakerListener {

    /**
     * Called on the thread whose call caused the transition; must be quick and must not throw.
     *
     * @param cause why, in words ("5 consecutive failures", "cooldown of 30 s over", ...)
     */
    void onTransition(Deployment deployment, BreakerState from, BreakerState to, Instant at, String cause);
}
