package io.routewise.resilience;

import java.time.Duration;

/**
 * Whether to try the same deployment again after a failure.
 *
 * @param retry  true to wait {@code delay} and try again; false to move on to the next candidate (or fail)
 * @param delay  how long to wait first (zero when not retrying)
 * @param reason why, in words for the decision record and the log line
 */
public record RetryDecision(boolean retry, Duration delay, String reason) {

    static RetryDecision after(Duration delay, String reason) {
        return new RetryDecision(true, delay, reason);
    }

    static RetryDecision stop(String reason) {
        return new RetryDecision(false, Duration.ZERO, reason);
    }
}
