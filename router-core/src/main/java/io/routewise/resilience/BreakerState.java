package io.routewise.resilience;

/** A deployment's circuit: closed (normal), open (skipped), half-open (letting a few probe calls through). */
public enum BreakerState {
    CLOSED, OPEN, HALF_OPEN
}
