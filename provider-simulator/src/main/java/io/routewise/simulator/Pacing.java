package io.routewise.simulator;

/**
 * When a simulated answer's bytes go out: the wait before the first byte, then the output
 * speed. Both zero means no waiting at all (the throughput benchmark's setting).
 *
 * @param ttftMs     time to first byte
 * @param tokensPerS output speed; 0 or less sends everything at once
 */
public record Pacing(long ttftMs, double tokensPerS) {

    public static final Pacing NONE = new Pacing(0, 0);

    /** The profile's latencies, each spread uniformly by ±{@code jitter} (relative) with the given draws. */
    static Pacing of(int ttftMs, double tokensPerS, double jitter, double draw1, double draw2) {
        if (ttftMs <= 0 && tokensPerS <= 0) {
            return NONE;
        }
        double spread = Math.max(0.0, Math.min(jitter, 1.0));
        long ttft = Math.max(0, Math.round(ttftMs * (1 + spread * (2 * draw1 - 1))));
        double speed = tokensPerS <= 0 ? 0 : tokensPerS * Math.max(0.1, 1 + spread * (2 * draw2 - 1));
        return new Pacing(ttft, speed);
    }

    /** How long {@code tokens} take to generate at this speed, in nanoseconds (0 when unpaced). */
    public long nanosFor(long tokens) {
        return tokensPerS <= 0 ? 0 : (long) (tokens * 1_000_000_000L / tokensPerS);
    }

    /** The whole answer's time for a non-streamed response: first byte plus generation. */
    public long totalMillis(int outputTokens) {
        return ttftMs + nanosFor(outputTokens) / 1_000_000;
    }

    public boolean isNone() {
        return ttftMs <= 0 && tokensPerS <= 0;
    }
}
