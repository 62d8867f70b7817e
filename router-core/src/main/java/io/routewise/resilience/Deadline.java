package io.routewise.resilience;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The time left for one request, retries and fallbacks included. Attempts take the smaller of their own
 * timeout and what is left, so no attempt runs past the request's deadline.
 */
final class Deadline {

    private final LongSupplier nanoTime;
    private final long endNanos;
    private final Duration total;

    private Deadline(Duration total, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.total = total;
        this.endNanos = nanoTime.getAsLong() + total.toNanos();
    }

    /** A deadline {@code total} from now on {@code nanoTime} (e.g. {@code System::nanoTime}, or a fake in tests). */
    public static Deadline after(Duration total, LongSupplier nanoTime) {
        if (total.isNegative() || total.isZero()) {
            throw new IllegalArgumentException("a deadline needs a positive duration, got " + total);
        }
        return new Deadline(total, nanoTime);
    }

    /** A deadline {@code total} from now on the JVM's monotonic clock. */
    public static Deadline after(Duration total) {
        return after(total, System::nanoTime);
    }

    /** The duration the deadline was set with. */
    public Duration total() {
        return total;
    }

    /** Time left, never negative. */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, endNanos - nanoTime.getAsLong()));
    }

    public boolean expired() {
        return endNanos - nanoTime.getAsLong() <= 0;
    }

    /** {@code limit}, or the time left when that is shorter. */
    public Duration cap(Duration limit) {
        Duration left = remaining();
        return limit.compareTo(left) < 0 ? limit : left;
    }
}
