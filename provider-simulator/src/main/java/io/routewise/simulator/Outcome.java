package io.routewise.simulator;

/**
 * What happens to one request.
 *
 * @param status      the HTTP status of an {@link Kind#HTTP_ERROR} (0 otherwise)
 * @param retryAfterS the {@code Retry-After} of a 429, or 0 for none
 * @param outage      whether a scheduled outage caused it
 */
public record Outcome(Kind kind, int status, int retryAfterS, boolean outage) {

    /** The shapes a simulated call can take. */
    public enum Kind {
        /** A normal answer. */
        ANSWER,
        /** A stream that stops part-way: some frames, then the connection closes with no end marker. */
        STREAM_CUT,
        /** An error status with the wire format's error body. */
        HTTP_ERROR,
        /** No answer at all: the request is held until the server stops (or 10 minutes pass). */
        TIMEOUT,
        /** The connection is reset before any response. */
        RESET
    }

    public static final Outcome ANSWER = new Outcome(Kind.ANSWER, 0, 0, false);
    public static final Outcome STREAM_CUT = new Outcome(Kind.STREAM_CUT, 0, 0, false);
    public static final Outcome SERVER_ERROR = new Outcome(Kind.HTTP_ERROR, 500, 0, false);
    public static final Outcome TIMEOUT = new Outcome(Kind.TIMEOUT, 0, 0, false);
    public static final Outcome RESET = new Outcome(Kind.RESET, 0, 0, false);

    static Outcome error(int status, int retryAfterS, boolean outage) {
        return new Outcome(Kind.HTTP_ERROR, status, retryAfterS, outage);
    }

    /** The error {@code type} for the wire format's error body. */
    public String errorType() {
        return switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            case 503, 529 -> "overloaded_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }

    /** A human-readable message for the error body. */
    public String errorMessage(String model) {
        if (outage) {
            return "Simulated outage: model '" + model + "' is unavailable; retry later.";
        }
        return switch (status) {
            case 429 -> "Simulated rate limit for model '" + model + "'; retry after " + retryAfterS + " s.";
            case 500 -> "Simulated internal server error for model '" + model + "'.";
            default -> "Simulated HTTP " + status + " for model '" + model + "'.";
        };
    }
}
