package io.routewise.policy;

import io.routewise.classifier.OutcomeReader;
import io.routewise.classifier.RoutingWeights;
import io.routewise.classifier.Scores;

/** How one candidate's expected quality for a request follows from the model directory's {@link Scores}. */
@FunctionalInterface
public interface CandidateQuality {

    /** The candidate's expected outcome for the scored request, in [0, 1]. */
    double expected(Scores scores);

    /** {@code Σ_c P(c|x)·row[c]}: a quality row per classifier class (format-1 directories, tests). */
    static CandidateQuality byClass(double[] row) {
        double[] copy = row.clone();
        return s -> {
            float[] p = s.classProbabilities();
            double q = 0;
            for (int c = 0; c < p.length; c++) {
                q += p[c] * copy[c];
            }
            return q;
        };
    }

    /**
     * The outcome model's per-prompt prediction for this candidate, moved by what the drift
     * evaluation learnt since training: {@code clamp(q(x) + Σ_c P(c|x)·(active[c] − trained[c]))}.
     * With the directory's own weights the two rows are equal and the prediction is used as is.
     *
     * @param reader  reads the candidate's prediction (its own logged model or its tier)
     * @param active  the routing weights in force (recalibrated or the directory's), per class
     * @param trained the directory's own routing weights for this model, per class
     */
    static CandidateQuality predicted(OutcomeReader reader, double[] active, double[] trained) {
        double[] shift = new double[active.length];
        boolean shifted = false;
        for (int c = 0; c < shift.length; c++) {
            shift[c] = active[c] - trained[c];
            shifted |= shift[c] != 0;
        }
        if (!shifted) {
            return s -> clamp(reader.expected(s.outcomes()));
        }
        return s -> {
            float[] p = s.classProbabilities();
            double q = reader.expected(s.outcomes());
            for (int c = 0; c < p.length; c++) {
                q += p[c] * shift[c];
            }
            return clamp(q);
        };
    }

    /**
     * The outcome model's per-prompt prediction for this candidate, shifted on the log-odds scale by the
     * evaluation's calibration of this model ({@link RoutingWeights.Calibration}):
     * {@code σ(logit(q(x)) + δ)}. The shift was fitted against these same predictions, so it replaces the
     * class-row shift of {@link #predicted(OutcomeReader, double[], double[])}.
     */
    static CandidateQuality calibrated(OutcomeReader reader, RoutingWeights.Calibration calibration) {
        double delta = calibration.logitOffset();
        return s -> {
            double q = Math.max(EPS, Math.min(1 - EPS, reader.expected(s.outcomes())));
            return 1 / (1 + Math.exp(-(Math.log(q / (1 - q)) + delta)));
        };
    }

    /** Predictions are read within [EPS, 1 − EPS] before a log-odds shift (as the calibration was fitted). */
    double EPS = 1e-4;

    private static double clamp(double q) {
        return Math.max(0, Math.min(1, q));
    }
}
