package io.routewise.simulator;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.routewise.config.SimulationProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Simulation profiles as JSON, in the config file's snake_case ({@code ttft_ms},
 * {@code tokens_per_s}, {@code outages: [{after_s, duration_s, failure}]}), and their checks.
 */
final class ProfileJson {

    /** snake_case, strict about unknown keys so a typo is reported rather than ignored. */
    static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static final Set<String> FAILURES = Set.of("error", "timeout", "reset");

    private ProfileJson() {
    }

    /** What is wrong with a profile, one message per problem naming the key; empty when it is valid. */
    static List<String> problems(SimulationProfile p) {
        List<String> problems = new ArrayList<>();
        probability(problems, "quality", p.quality());
        probability(problems, "jitter", p.jitter());
        probability(problems, "error_rate", p.errorRate());
        probability(problems, "rate_limit_rate", p.rateLimitRate());
        probability(problems, "timeout_rate", p.timeoutRate());
        probability(problems, "reset_rate", p.resetRate());
        probability(problems, "stream_cut_rate", p.streamCutRate());
        double failures = p.errorRate() + p.rateLimitRate() + p.timeoutRate() + p.resetRate() + p.streamCutRate();
        if (failures > 1.0 + 1e-9) {
            problems.add("the failure rates add up to " + failures + ", more than 1");
        }
        if (p.ttftMs() < 0) {
            problems.add("ttft_ms must be 0 or more, got " + p.ttftMs());
        }
        if (p.tokensPerS() < 0) {
            problems.add("tokens_per_s must be 0 (unpaced) or more, got " + p.tokensPerS());
        }
        if (p.retryAfterS() < 0) {
            problems.add("retry_after_s must be 0 or more, got " + p.retryAfterS());
        }
        for (int i = 0; i < p.outages().size(); i++) {
            SimulationProfile.Outage o = p.outages().get(i);
            if (o.afterS() < 0) {
                problems.add("outages[" + i + "].after_s must be 0 or more, got " + o.afterS());
            }
            if (o.durationS() <= 0) {
                problems.add("outages[" + i + "].duration_s must be more than 0, got " + o.durationS());
            }
            if (!FAILURES.contains(o.failure())) {
                problems.add("outages[" + i + "].failure must be one of error, timeout, reset; got '"
                        + o.failure() + "'");
            }
        }
        return problems;
    }

    private static void probability(List<String> problems, String key, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            problems.add(key + " must be between 0 and 1, got " + value);
        }
    }
}
