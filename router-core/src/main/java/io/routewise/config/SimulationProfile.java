package io.routewise.config;

import java.util.List;

/**
 * How the built-in simulator behaves when it serves a model. Rates are probabilities per request
 * in [0, 1]; every field has a default so {@code simulate: {}} is valid.
 *
 * @param quality        probability of a correct answer when the simulator knows the reference
 * @param ttftMs         mean time to first token
 * @param tokensPerS     output speed after the first token (0 or less: no pacing)
 * @param jitter         relative spread of the latencies, e.g. 0.2 for ±20 %
 * @param errorRate      share of requests answered with a 500
 * @param rateLimitRate  share answered with a 429 and {@code Retry-After}
 * @param timeoutRate    share that never answer (the client times out)
 * @param resetRate      share whose connection is reset before any response
 * @param streamCutRate  share of streams cut off mid-way
 * @param retryAfterS    the {@code Retry-After} seconds of a simulated 429
 * @param outages        scheduled windows in which every request fails
 */
public record SimulationProfile(Double quality, Integer ttftMs, Double tokensPerS, Double jitter, Double errorRate,
                                Double rateLimitRate, Double timeoutRate, Double resetRate, Double streamCutRate,
                                Integer retryAfterS, List<Outage> outages) {

    public static final SimulationProfile DEFAULT = new SimulationProfile(null, null, null, null, null, null, null,
            null, null, null, null);

    public SimulationProfile {
        quality = quality == null ? 0.8 : quality;
        ttftMs = ttftMs == null ? 0 : ttftMs;
        tokensPerS = tokensPerS == null ? 0.0 : tokensPerS;
        jitter = jitter == null ? 0.0 : jitter;
        errorRate = errorRate == null ? 0.0 : errorRate;
        rateLimitRate = rateLimitRate == null ? 0.0 : rateLimitRate;
        timeoutRate = timeoutRate == null ? 0.0 : timeoutRate;
        resetRate = resetRate == null ? 0.0 : resetRate;
        streamCutRate = streamCutRate == null ? 0.0 : streamCutRate;
        retryAfterS = retryAfterS == null ? 1 : retryAfterS;
        outages = outages == null ? List.of() : List.copyOf(outages);
    }

    /**
     * A window in which the simulated model is down.
     *
     * @param afterS    seconds after the simulator starts
     * @param durationS how long it lasts
     * @param failure   how requests fail meanwhile: {@code error} (503), {@code timeout} or {@code reset}
     */
    public record Outage(Long afterS, Long durationS, String failure) {
        public Outage {
            afterS = afterS == null ? 0L : afterS;
            durationS = durationS == null ? 60L : durationS;
            failure = failure == null ? "error" : failure;
        }
    }
}
