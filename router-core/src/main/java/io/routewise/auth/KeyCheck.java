package io.routewise.auth;

/**
 * The verdict on a presented caller key.
 *
 * @param outcome what was found
 * @param key     the key, when {@code outcome} is {@link Outcome#VALID}
 */
public record KeyCheck(Outcome outcome, CallerKey key) {

    /** Why a key was, or was not, accepted. */
    public enum Outcome {
        VALID("valid"),
        MISSING("no API key given: send 'Authorization: Bearer rw-...' (or 'x-api-key')"),
        UNKNOWN("invalid API key"),
        REVOKED("this API key was revoked"),
        EXPIRED("this API key has expired");

        private final String message;

        Outcome(String message) {
            this.message = message;
        }

        /** What the caller is told (never echoes the key). */
        public String message() {
            return message;
        }
    }

    static KeyCheck of(Outcome outcome) {
        return new KeyCheck(outcome, null);
    }

    public boolean valid() {
        return outcome == Outcome.VALID;
    }
}
