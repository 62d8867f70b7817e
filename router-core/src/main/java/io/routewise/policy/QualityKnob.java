package io.routewise.policy;

/**
 * What "good enough" means for one decision.
 * <ul>
 *   <li>{@link Margin} (the default): good enough = within {@code margin} of the best expected quality
 *       among the candidates that can serve the request. It needs no knowledge of the outcome scale
 *       the model was trained on, so it means the same on every catalog and every model directory:
 *       {@code 0} buys the best expected quality, {@code 1} always buys the cheapest.</li>
 *   <li>{@link Target}: good enough = an expected quality of at least {@code target} (absolute, in
 *       the training outcomes' scale); when no candidate reaches it, the best one.</li>
 * </ul>
 */
public sealed interface QualityKnob {

    /** The margin used when neither the request nor the config sets a knob. */
    double DEFAULT_MARGIN = 0.05;

    /** The threshold an expected quality must reach, given the best among the candidates. */
    double threshold(double bestExpectedQuality);

    /** Within {@code margin} of the best candidate's expected quality. */
    record Margin(double margin) implements QualityKnob {
        public Margin {
            if (!(margin >= 0 && margin <= 1)) {
                throw new IllegalArgumentException("quality_margin must be in [0, 1], got " + margin);
            }
        }

        @Override
        public double threshold(double best) {
            return best - margin;
        }
    }

    /** At least {@code target} expected quality. */
    record Target(double target) implements QualityKnob {
        public Target {
            if (!(target >= 0 && target <= 1)) {
                throw new IllegalArgumentException("quality_target must be in [0, 1], got " + target);
            }
        }

        @Override
        public double threshold(double best) {
            return target;
        }
    }

    /**
     * The knob of one request: the request's own target or margin (a target wins when it sets
     * both), else the config's (likewise), else {@link #DEFAULT_MARGIN}.
     */
    static QualityKnob resolve(Double requestTarget, Double requestMargin, Double configTarget, Double configMargin) {
        if (requestTarget != null) {
            return new Target(requestTarget);
        }
        if (requestMargin != null) {
            return new Margin(requestMargin);
        }
        if (configTarget != null) {
            return new Target(configTarget);
        }
        return new Margin(configMargin != null ? configMargin : DEFAULT_MARGIN);
    }
}
