package io.routewise.eval.drift;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.json.Json;

/**
 * One judged quality comparison for one model: its pass rate over a group of prompts in the
 * baseline against the current run (only groups with enough answers on both sides are judged).
 *
 * @param level            {@code model} (all prompts), {@code task} or {@code class} (complexity.task)
 * @param key              the model id, task name or class label
 * @param baselineAnswered baseline outcomes without an error
 * @param baselinePasses   of those, passed
 * @param currentAnswered  current outcomes without an error
 * @param currentPasses    of those, passed
 * @param baselineRate     {@code baselinePasses / baselineAnswered}
 * @param currentRate      {@code currentPasses / currentAnswered}
 * @param drop             {@code baselineRate - currentRate} (negative when the model improved)
 * @param p                one-sided Fisher exact p-value that the current rate is lower
 * @param threshold        the Bonferroni-corrected level {@code p} was compared with
 * @param drifted          {@code drop > margin && p < threshold}
 */
public record GroupComparison(String level, String key, int baselineAnswered, int baselinePasses,
                        int currentAnswered, int currentPasses, double baselineRate, double currentRate,
                        double drop, double p, double threshold, boolean drifted) {

    public static final String MODEL = "model";
    public static final String TASK = "task";
    public static final String CLASS = "class";

    /** This test as JSON, snake_case field names. */
    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("level", level);
        o.put("key", key);
        o.put("baseline_answered", baselineAnswered);
        o.put("baseline_passes", baselinePasses);
        o.put("current_answered", currentAnswered);
        o.put("current_passes", currentPasses);
        o.put("baseline_rate", baselineRate);
        o.put("current_rate", currentRate);
        o.put("drop", drop);
        o.put("p", p);
        o.put("threshold", threshold);
        o.put("drifted", drifted);
        return o;
    }
}
