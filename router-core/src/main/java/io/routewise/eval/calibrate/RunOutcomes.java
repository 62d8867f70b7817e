package io.routewise.eval.calibrate;

import io.routewise.eval.EvalOutcome;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The outcomes of one evaluation run, the unit of evidence {@link Recalibrator} weighs by age.
 *
 * @param runId     the run's id (recorded in the recalibrated weights' {@code source})
 * @param startedAt when the run started
 * @param outcomes  every outcome of the run, all models
 */
public record RunOutcomes(String runId, Instant startedAt, List<EvalOutcome> outcomes) {

    public RunOutcomes {
        Objects.requireNonNull(runId, "runId");
        outcomes = List.copyOf(outcomes);
    }
}
