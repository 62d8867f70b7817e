package io.routewise.providers;

import java.util.regex.Pattern;

/**
 * Tells a provider's 5xx that the request itself caused (a schema it cannot handle, a prompt longer
 * than the context, content its policy refuses) from one that is the provider's trouble. Some
 * providers answer such requests with a 500; counted as the provider's failure, a few of them open
 * the breaker for every caller, and a fallback to another model fails the same way. Read by the
 * provider's own error text, so it errs toward "the provider's trouble" when the text says nothing.
 */
final class ContentFaults {

    private static final Pattern REQUEST_CAUSED = Pattern.compile(
            "context[ _-]?(length|window)|maximum context|too many (input )?tokens|prompt is too long|input is too long"
                    + "|content[ _-]?(policy|filter|management)|safety (system|filter|settings)|responsible ai"
                    + "|invalid[ _-]?(json )?schema|schema (is )?(invalid|not supported|unsupported)|invalid_argument"
                    + "|invalid_request_error|unsupported (parameter|value)",
            Pattern.CASE_INSENSITIVE);

    private ContentFaults() {
    }

    /** Whether a provider's 5xx with this error text is the request's fault. */
    public static boolean causedByRequest(int status, String errorText) {
        return status >= 500 && errorText != null && REQUEST_CAUSED.matcher(errorText).find();
    }
}
