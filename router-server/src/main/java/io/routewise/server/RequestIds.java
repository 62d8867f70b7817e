package io.routewise.server;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The id a request is known by in logs and headers: the caller's {@code x-request-id} when it is
 * sane, else the trace id of a W3C {@code traceparent}, else a new random one.
 */
final class RequestIds {

    /** Ids are echoed into headers and logs, so only a safe alphabet and length get through. */
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");
    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final String ZERO_TRACE = "0".repeat(32);

    private RequestIds() {
    }

    static String resolve(String requestIdHeader, String traceparentHeader) {
        if (requestIdHeader != null && SAFE_ID.matcher(requestIdHeader).matches()) {
            return requestIdHeader;
        }
        if (traceparentHeader != null) {
            var m = TRACEPARENT.matcher(traceparentHeader.trim());
            if (m.matches() && !m.group(1).equals(ZERO_TRACE)) {
                return m.group(1);
            }
        }
        return generate();
    }

    static String generate() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return hex16(r.nextLong()) + hex16(r.nextLong());
    }

    private static String hex16(long v) {
        String s = Long.toHexString(v);
        return s.length() == 16 ? s : "0".repeat(16 - s.length()) + s;
    }
}
