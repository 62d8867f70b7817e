package io.routewise.dispatch;

import io.routewise.catalog.Exclusion;
import io.routewise.config.ModelConfig;
import java.util.ArrayList;
import java.util.List;

/** One request's attempts so far, and the time spent upstream (calls and backoffs); one thread's. */
final class AttemptLog {

    private final List<Attempt> attempts;
    private long upstreamNanos;

    AttemptLog(int expected) {
        this.attempts = new ArrayList<>(expected + 2);
    }

    void skipped(ModelConfig model, Exclusion why) {
        attempts.add(Attempt.skipped(model.id(), model.provider(), why));
    }

    /** A call that was made, and took {@code nanos} upstream. */
    void called(Attempt attempt) {
        attempts.add(attempt);
        upstreamNanos += attempt.nanos();
    }

    void waited(long nanos) {
        upstreamNanos += nanos;
    }

    List<Attempt> attempts() {
        return attempts;
    }

    int size() {
        return attempts.size();
    }

    long upstreamNanos() {
        return upstreamNanos;
    }

    /** The request failed with what has been tried so far. */
    DispatchException failure(boolean afterFirstByte) {
        return new DispatchException(attempts, afterFirstByte);
    }
}
