package io.routewise.eval.drift;

import io.routewise.eval.EvalOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Simulated evaluation runs: 210 prompts per model, 10 in each of the 21 classes (3 complexities ×
 * 7 tasks), each passing with a fixed true rate, drawn from a seeded {@link SplittableRandom}.
 */
final class EvalRuns {

    static final List<String> TASKS = List.of("math", "code", "reasoning", "extraction", "summarization",
            "creative", "chat");
    static final List<String> COMPLEXITIES = List.of("easy", "medium", "hard");
    static final int PER_CLASS = 10;

    private EvalRuns() {
    }

    /**
     * One model's outcomes in one run.
     *
     * @param passRate      true pass rate of an answered prompt
     * @param errorRate     true rate of failed calls
     * @param medianLatency median latency (log-normal, sigma 0.4)
     */
    static List<EvalOutcome> run(String runId, String model, double passRate, double errorRate, double medianLatency,
                                 SplittableRandom rng) {
        return run(runId, model, passRate, errorRate, medianLatency, PER_CLASS, rng);
    }

    static List<EvalOutcome> run(String runId, String model, double passRate, double errorRate, double medianLatency,
                                 int perClass, SplittableRandom rng) {
        List<EvalOutcome> out = new ArrayList<>();
        for (String task : TASKS) {
            for (String complexity : COMPLEXITIES) {
                for (int i = 0; i < perClass; i++) {
                    String item = complexity + "-" + task + "-" + i;
                    long latency = Math.round(medianLatency * Math.exp(0.4 * rng.nextGaussian()));
                    if (rng.nextDouble() < errorRate) {
                        out.add(outcome(runId, item, model, task, complexity, false, "timeout", latency));
                    } else {
                        out.add(outcome(runId, item, model, task, complexity, rng.nextDouble() < passRate, null, latency));
                    }
                }
            }
        }
        return out;
    }

    static EvalOutcome outcome(String runId, String item, String model, String task, String complexity,
                               boolean passed, String error, long latencyMs) {
        return new EvalOutcome(runId, item, model, "sim", task, complexity, passed, error, latencyMs,
                error == null ? 100 : 0, error == null ? 50 : 0, 0.001, error == null ? "ok" : error);
    }
}
