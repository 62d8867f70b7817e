package io.routewise.dispatch;

import io.routewise.providers.ProviderException;
import java.util.List;

/** Every model tried for a request failed (or a stream failed after its first byte). */
public class DispatchException extends Exception {

    private final List<Attempt> attempts;
    private final boolean afterFirstByte;

    public DispatchException(List<Attempt> attempts, boolean afterFirstByte) {
        super(describe(attempts, afterFirstByte), attempts.get(attempts.size() - 1).error());
        this.attempts = List.copyOf(attempts);
        this.afterFirstByte = afterFirstByte;
    }

    private static String describe(List<Attempt> attempts, boolean afterFirstByte) {
        Attempt last = attempts.get(attempts.size() - 1);
        String where = afterFirstByte ? "the stream from " : "";
        String tried = attempts.size() > 1 ? " (tried " + attempts.size() + " models)" : "";
        return where + last.model() + " via " + last.provider() + " failed: " + last.error().getMessage() + tried;
    }

    public List<Attempt> attempts() {
        return attempts;
    }

    /** The failure of the last attempt, which decides the client's status. */
    public ProviderException lastError() {
        return attempts.get(attempts.size() - 1).error();
    }

    /** True when bytes had already reached the client, so no fallback was possible. */
    public boolean afterFirstByte() {
        return afterFirstByte;
    }
}
