package io.routewise.providers;

import java.time.Duration;

/** A failed call to a provider, classified so callers can decide whether to retry or fall back. */
public class ProviderException extends Exception {

    /** What went wrong. */
    public enum Kind {
        /** 429: slow down; {@link #retryAfter()} may say for how long. */
        RATE_LIMITED,
        /** 5xx from the provider. */
        SERVER_ERROR,
        /** No (complete) answer in time. */
        TIMEOUT,
        /** Could not connect, or the connection was reset. */
        CONNECTION,
        /** The provider rejected the request (4xx other than 429). Retrying the same request will not help. */
        CLIENT_ERROR,
        /** The answer could not be read. */
        BAD_RESPONSE,
        /** A stream ended without its end marker, or carried an error event. */
        STREAM_INTERRUPTED
    }

    private final Kind kind;
    private final int upstreamStatus;
    private final Duration retryAfter;

    public ProviderException(Kind kind, int upstreamStatus, Duration retryAfter, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.upstreamStatus = upstreamStatus;
        this.retryAfter = retryAfter;
    }

    public ProviderException(Kind kind, String message) {
        this(kind, 0, null, message, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status the provider answered with, or 0 when there was none. */
    public int upstreamStatus() {
        return upstreamStatus;
    }

    /** The provider's {@code Retry-After}, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Whether another attempt (here or at another deployment) may succeed. */
    public boolean retryable() {
        return kind != Kind.CLIENT_ERROR;
    }

    /** The status the router gives its own client when this is the final failure. */
    public int clientStatus() {
        return switch (kind) {
            case RATE_LIMITED -> 429;
            case TIMEOUT -> 504;
            // A 5xx the request caused (ContentFaults) is the caller's to fix: 400.
            case CLIENT_ERROR -> upstreamStatus == 401 || upstreamStatus == 403 ? 502
                    : upstreamStatus >= 500 ? 400 : upstreamStatus;
            default -> 502;
        };
    }
}
