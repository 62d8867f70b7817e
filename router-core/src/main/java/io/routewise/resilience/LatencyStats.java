package io.routewise.resilience;

/**
 * A deployment's recent latencies, in milliseconds; NaN where there are no samples in the window.
 *
 * @param ttftSamples  time-to-first-token samples in the window
 * @param ttftEwmaMs   moving average of time to first token
 * @param ttftP95Ms    95th percentile of time to first token over the window
 * @param totalSamples whole-call samples in the window
 * @param totalEwmaMs  moving average of whole-call latency
 * @param totalP95Ms   95th percentile of whole-call latency
 */
public record LatencyStats(int ttftSamples, double ttftEwmaMs, double ttftP95Ms, int totalSamples,
                           double totalEwmaMs, double totalP95Ms) {
}
