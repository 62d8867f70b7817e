package io.routewise.eval.calibrate;

import io.routewise.classifier.RoutingWeights.Calibration;

/**
 * Fits one model's log-odds shift {@code δ} from its evaluation outcomes and what the model directory
 * predicted for the same prompts: the maximum of the weighted Bernoulli log-likelihood of
 * {@code P(pass_i) = σ(logit(p_i) + δ)} under a Gaussian prior {@code δ ~ N(0, 1/τ)}, with
 * {@code τ = k·p̄(1 − p̄)} the information of {@code k} answers at the predicted mean rate {@code p̄}:
 * the directory's predictions count as {@code k} answers (the recalibration's {@code prior_strength}),
 * as the class rows' posterior means do. Newton's method; the objective is concave.
 */
final class LogitCalibration {

    /** Predictions are read within [EPS, 1 − EPS] so that a sure one still moves. */
    static final double EPS = 1e-4;

    private double weight;
    private double passes;
    private double predicted;
    private double[] logits = new double[16];
    private double[] weights = new double[16];
    private double[] passed = new double[16];
    private int n;

    /** Adds one answered outcome: its decay weight, whether it passed, and the directory's prediction for it. */
    void add(double w, boolean pass, double prediction) {
        if (!(w > 0) || !Double.isFinite(prediction)) {
            return;
        }
        if (n == logits.length) {
            logits = java.util.Arrays.copyOf(logits, n * 2);
            weights = java.util.Arrays.copyOf(weights, n * 2);
            passed = java.util.Arrays.copyOf(passed, n * 2);
        }
        double p = Math.max(EPS, Math.min(1 - EPS, prediction));
        logits[n] = Math.log(p / (1 - p));
        weights[n] = w;
        passed[n] = pass ? 1 : 0;
        n++;
        weight += w;
        passes += pass ? w : 0;
        predicted += w * p;
    }

    /** The fitted shift, or null when no outcome had a prediction. */
    Calibration fit(double priorStrength) {
        if (n == 0) {
            return null;
        }
        double mean = predicted / weight;
        double tau = priorStrength * mean * (1 - mean);
        double delta = 0;
        for (int iteration = 0; iteration < 100; iteration++) {
            double gradient = -tau * delta;
            double curvature = tau;
            for (int i = 0; i < n; i++) {
                double s = 1 / (1 + Math.exp(-(logits[i] + delta)));
                gradient += weights[i] * (passed[i] - s);
                curvature += weights[i] * s * (1 - s);
            }
            double step = gradient / Math.max(curvature, 1e-12);
            step = Math.max(-2, Math.min(2, step)); // damped: far from the optimum the curvature is tiny
            delta += step;
            if (Math.abs(step) < 1e-10) {
                break;
            }
        }
        return new Calibration(delta, weight, passes / weight, mean);
    }
}
