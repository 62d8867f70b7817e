package io.routewise.server;

import java.util.function.UnaryOperator;

/**
 * The snapshot the router serves with now. Readers take {@link #current()} once per request; the two
 * writers (a config reload, new routing weights) change it one at a time, each building the next
 * snapshot from the one in force.
 */
final class ServingState {

    private volatile Serving current;

    ServingState(Serving initial) {
        this.current = initial;
    }

    Serving current() {
        return current;
    }

    /** Replaces the snapshot with {@code change} of it; writers are serialised, readers never wait. */
    synchronized Serving replace(UnaryOperator<Serving> change) {
        current = change.apply(current);
        return current;
    }
}
