package io.routewise.eval.drift;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.json.Json;
import java.util.List;

/**
 * The drift verdict for one model: whether its quality, error rate or latency got significantly
 * and materially worse than its baseline, with the numbers and tests behind the verdict.
 * Rates and medians are null when their side has nothing to compute them from.
 *
 * @param model                   the catalog model id
 * @param status                  {@link #OK}, {@link #DRIFT}, {@link #NO_BASELINE} or {@link #INSUFFICIENT_DATA}
 * @param qualityDrift            any quality group drifted
 * @param errorDrift              the error rate rose significantly by more than the error margin
 * @param latencyDrift            the median latency of successful calls rose significantly by more than the latency margin
 * @param reasons                 one human-readable line per drifted test
 * @param baselinePassRate        passes / answered over all baseline outcomes
 * @param currentPassRate         passes / answered over all current outcomes
 * @param baselineAnswered        baseline outcomes without an error
 * @param currentAnswered         current outcomes without an error
 * @param baselineErrorRate       errors / all baseline outcomes
 * @param currentErrorRate        errors / all current outcomes
 * @param baselineMedianLatencyMs median latency of successful baseline calls
 * @param currentMedianLatencyMs  median latency of successful current calls
 * @param errorP                  one-sided Fisher p of the error-rate rise, null when not judged
 * @param latencyP                one-sided Mann-Whitney p of the latency rise, null when not judged
 * @param groups                  every judged quality group (model, then tasks, then classes)
 */
public record ModelDrift(String model, String status, boolean qualityDrift, boolean errorDrift, boolean latencyDrift,
                         List<String> reasons, Double baselinePassRate, Double currentPassRate,
                         int baselineAnswered, int currentAnswered, Double baselineErrorRate, Double currentErrorRate,
                         Double baselineMedianLatencyMs, Double currentMedianLatencyMs, Double errorP, Double latencyP,
                         List<GroupComparison> groups) {

    public static final String OK = "ok";
    public static final String DRIFT = "drift";
    public static final String NO_BASELINE = "no_baseline";

    /** A model seen for the first time: the current window's figures, nothing to compare them with. */
    public static ModelDrift noBaseline(String model, Double passRate, int answered, Double errorRate,
                                        Double medianLatencyMs) {
        return new ModelDrift(model, NO_BASELINE, false, false, false, List.of(), null, passRate, 0, answered, null,
                errorRate, null, medianLatencyMs, null, null, List.of());
    }
    public static final String INSUFFICIENT_DATA = "insufficient_data";

    public ModelDrift {
        reasons = List.copyOf(reasons);
        groups = List.copyOf(groups);
    }

    /** Whether any kind of drift was flagged. */
    public boolean drifted() {
        return qualityDrift || errorDrift || latencyDrift;
    }

    /** This verdict as JSON, snake_case field names; unknown numbers are JSON null. */
    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("model", model);
        o.put("status", status);
        o.put("drifted", drifted());
        o.put("quality_drift", qualityDrift);
        o.put("error_drift", errorDrift);
        o.put("latency_drift", latencyDrift);
        ArrayNode r = o.putArray("reasons");
        reasons.forEach(r::add);
        o.put("baseline_pass_rate", baselinePassRate);
        o.put("current_pass_rate", currentPassRate);
        o.put("baseline_answered", baselineAnswered);
        o.put("current_answered", currentAnswered);
        o.put("baseline_error_rate", baselineErrorRate);
        o.put("current_error_rate", currentErrorRate);
        o.put("baseline_median_latency_ms", baselineMedianLatencyMs);
        o.put("current_median_latency_ms", currentMedianLatencyMs);
        o.put("error_p", errorP);
        o.put("latency_p", latencyP);
        ArrayNode g = o.putArray("groups");
        groups.forEach(t -> g.add(t.toJson()));
        return o;
    }
}
