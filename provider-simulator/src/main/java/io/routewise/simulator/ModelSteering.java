package io.routewise.simulator;

import io.routewise.config.SimulationProfile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Behaviour chosen by markers in the model name, so a test reads like a story
 * ({@code model: "gpt-sim-rate-limited"} is always rate limited). A marker may appear anywhere in
 * the name and several combine; each overrides one field of the model's configured (or default)
 * profile:
 * <ul>
 *   <li>{@code sim-error-NNN}: every request fails with HTTP status NNN (400-599)</li>
 *   <li>{@code sim-flaky}: half the requests fail with a 500</li>
 *   <li>{@code sim-rate-limited}: every request gets a 429 with {@code Retry-After}</li>
 *   <li>{@code sim-timeout}: no request is ever answered</li>
 *   <li>{@code sim-reset}: every connection is reset before any response</li>
 *   <li>{@code sim-stream-cut}: every stream is cut off part-way (non-streamed requests succeed)</li>
 *   <li>{@code sim-slow}: 2 s to first token, then 20 tokens/s</li>
 *   <li>{@code sim-perfect} / {@code sim-wrong}: quality 1 / 0</li>
 * </ul>
 */
public final class ModelSteering {

    private static final Pattern FORCED_STATUS = Pattern.compile("sim-error-(\\d{3})");

    private ModelSteering() {
    }

    /** The behaviour of {@code name}: {@code base} with the name's markers applied. */
    public static SimulatedModel resolve(String name, SimulationProfile base) {
        if (name == null || !name.contains("sim-")) {
            return new SimulatedModel(name, base, null);
        }
        Double quality = base.quality();
        Integer ttftMs = base.ttftMs();
        Double tokensPerS = base.tokensPerS();
        Double errorRate = base.errorRate();
        Double rateLimitRate = base.rateLimitRate();
        Double timeoutRate = base.timeoutRate();
        Double resetRate = base.resetRate();
        Double streamCutRate = base.streamCutRate();
        Integer forcedStatus = null;
        Matcher m = FORCED_STATUS.matcher(name);
        if (m.find()) {
            int status = Integer.parseInt(m.group(1));
            if (status >= 400 && status <= 599) {
                forcedStatus = status;
            }
        }
        if (name.contains("sim-flaky")) {
            errorRate = 0.5;
        }
        if (name.contains("sim-rate-limited")) {
            rateLimitRate = 1.0;
        }
        if (name.contains("sim-timeout")) {
            timeoutRate = 1.0;
        }
        if (name.contains("sim-reset")) {
            resetRate = 1.0;
        }
        if (name.contains("sim-stream-cut")) {
            streamCutRate = 1.0;
        }
        if (name.contains("sim-slow")) {
            ttftMs = 2000;
            tokensPerS = 20.0;
        }
        if (name.contains("sim-perfect")) {
            quality = 1.0;
        }
        if (name.contains("sim-wrong")) {
            quality = 0.0;
        }
        SimulationProfile profile = new SimulationProfile(quality, ttftMs, tokensPerS, base.jitter(), errorRate,
                rateLimitRate, timeoutRate, resetRate, streamCutRate, base.retryAfterS(), base.outages());
        return new SimulatedModel(name, profile, forcedStatus);
    }
}
