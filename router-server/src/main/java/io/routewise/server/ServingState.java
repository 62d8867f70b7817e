package io.routewise.server;

import java.util.function.UnaryOperator;

/**
 * The snapshot the router serves with now. Readers take {@link #current()} once per request; the two
 * writers (a config reload, new routing weights) change it one at a time, each building the next
 * snapshot from the one in force.
 */
final class ServingState {

    private volatile Serving current;
    private volatile Canary canary;

    ServingState(Serving initial) {
        this.current = initial;
    }

    /** The stable snapshot. */
    Serving current() {
        return current;
    }

    /** The snapshot for this request: the canary's when one runs and the request falls in its share. */
    Serving pick(String requestId, String callerKey) {
        Canary c = canary;
        return c != null && c.serves(requestId, callerKey) ? c.candidate : current;
    }

    /** The running canary, or null. */
    Canary canary() {
        return canary;
    }

    void canary(Canary next) {
        canary = next;
    }

    /** Replaces the snapshot with {@code change} of it; writers are serialised, readers never wait. */
    synchronized Serving replace(UnaryOperator<Serving> change) {
        current = change.apply(current);
        return current;
    }
}
