package io.routewise.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How evaluation results move the routing weights. Each cell {@code W[model][class]} becomes a
 * posterior mean: the training weight counted as {@code priorStrength} pseudo-answers, plus the
 * answers of the last {@code windowRuns} runs for that model and class, each run's count weighted
 * by {@code decay^(runs newer than it)} so recent evidence counts more.
 *
 * @param mode          when a new weights version is written
 * @param priorStrength how many answers the training weight is worth
 * @param decay         weight of a run relative to the next newer one (0–1]
 * @param windowRuns    how many recent runs enter
 */
public record RecalibrationConfig(Mode mode, Double priorStrength, Double decay, Integer windowRuns) {

    public static final RecalibrationConfig DEFAULT = new RecalibrationConfig(Mode.ON_DRIFT, 20.0, 0.5, 10);

    /** When a run writes new weights. */
    public enum Mode {
        /** when any model's drift state changed (flagged or recovered), or no recalibrated weights exist yet */
        ON_DRIFT,
        /** after every completed run */
        ALWAYS,
        /** never: report drift only */
        NEVER;

        @JsonValue
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Mode fromConfig(String name) {
            for (Mode m : values()) {
                if (m.configName().equals(name)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown recalibration mode '" + name
                    + "' (expected one of on_drift, always, never)");
        }
    }

    /** This config with every key it leaves out taken from {@code base}. */
    public RecalibrationConfig over(RecalibrationConfig base) {
        return new RecalibrationConfig(
                mode != null ? mode : base.mode,
                priorStrength != null ? priorStrength : base.priorStrength,
                decay != null ? decay : base.decay,
                windowRuns != null ? windowRuns : base.windowRuns);
    }
}
