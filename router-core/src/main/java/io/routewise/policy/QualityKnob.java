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
 *   <li>{@link Price}: no threshold but a willingness to pay: the candidate with the highest
 *       {@code expected quality − expected cost / usdPerQualityPoint}, where {@code usdPerQualityPoint}
 *       is what one whole point of expected quality (0 → 1) is worth per request. A price in USD means
 *       the same on every catalog; it trades quality against cost at the same rate on every request.</li>
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

    /** What one whole point of expected quality is worth per request, in USD. */
    record Price(double usdPerQualityPoint) implements QualityKnob {
        public Price {
            if (!(usdPerQualityPoint > 0) || Double.isInfinite(usdPerQualityPoint)) {
                throw new IllegalArgumentException("usd_per_quality_point must be a positive number, got "
                        + usdPerQualityPoint);
            }
        }

        /** No threshold: the policy ranks by value. */
        @Override
        public double threshold(double best) {
            return Double.NEGATIVE_INFINITY;
        }
    }

    /**
     * The knob of one request: the request's own target, price or margin (in that order when it sets
     * several), else the config's (likewise), else {@link #DEFAULT_MARGIN}.
     */
    static QualityKnob resolve(Double requestTarget, Double requestMargin, Double configTarget, Double configMargin) {
        return resolve(requestTarget, null, requestMargin, configTarget, null, configMargin);
    }

    /** As {@link #resolve(Double, Double, Double, Double)} with prices. */
    static QualityKnob resolve(Double requestTarget, Double requestPrice, Double requestMargin, Double configTarget,
                               Double configPrice, Double configMargin) {
        if (requestTarget != null) {
            return new Target(requestTarget);
        }
        if (requestPrice != null) {
            return new Price(requestPrice);
        }
        if (requestMargin != null) {
            return new Margin(requestMargin);
        }
        if (configTarget != null) {
            return new Target(configTarget);
        }
        if (configPrice != null) {
            return new Price(configPrice);
        }
        return new Margin(configMargin != null ? configMargin : DEFAULT_MARGIN);
    }
}
