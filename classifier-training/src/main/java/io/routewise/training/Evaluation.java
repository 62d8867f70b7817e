package io.routewise.training;

import io.routewise.classifier.RoutingWeights;
import java.util.List;
import java.util.Map;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

/** Scores class probabilities against the held-out truth. */
final class Evaluation {

    private static final double EPS = 1e-15;

    private Evaluation() {
    }

    /** Class probabilities of each example, in the model's label-id order. */
    static float[][] probabilities(Model<Label> model, List<Prediction<Label>> predictions, List<String> labels) {
        float[][] out = new float[predictions.size()][labels.size()];
        for (int i = 0; i < predictions.size(); i++) {
            Map<String, Label> scores = predictions.get(i).getOutputScores();
            for (int c = 0; c < labels.size(); c++) {
                Label l = scores.get(labels.get(c));
                out[i][c] = l == null ? 0f : (float) l.getScore();
            }
        }
        return out;
    }

    /** Log-loss, accuracy and outcome Brier score of these probabilities on the held-out set. */
    static TrainerResult score(String name, String description, float[][] probs, List<String> labels, LabelledSet heldOut,
                               RoutingWeights weights, double trainSeconds, double finalLoss) {
        double logLoss = 0;
        int correct = 0;
        double sq = 0;
        long outcomes = 0;
        for (int i = 0; i < heldOut.size(); i++) {
            int truth = labels.indexOf(heldOut.classes().get(i));
            float[] p = probs[i];
            logLoss -= Math.log(Math.max(truth < 0 ? 0 : p[truth], EPS));
            int best = 0;
            for (int c = 1; c < p.length; c++) {
                if (p[c] > p[best]) {
                    best = c;
                }
            }
            if (best == truth) {
                correct++;
            }
            for (LoggedResponse r : heldOut.records().get(i).withOutcomes()) {
                if (weights.models().containsKey(r.model())) {
                    double e = weights.expectedOutcome(r.model(), p) - r.outcome();
                    sq += e * e;
                    outcomes++;
                }
            }
        }
        int n = heldOut.size();
        return new TrainerResult(name, description, logLoss / n, (double) correct / n,
                outcomes == 0 ? Double.NaN : sq / outcomes, trainSeconds, finalLoss);
    }

    /** The same probabilities for every example: the training class frequencies. */
    static float[][] constant(float[] distribution, int n) {
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            out[i] = distribution;
        }
        return out;
    }

    /** One-hot probabilities of the true class: the ceiling a perfect classifier would reach. */
    static float[][] oracle(LabelledSet set, List<String> labels) {
        float[][] out = new float[set.size()][labels.size()];
        for (int i = 0; i < set.size(); i++) {
            int c = labels.indexOf(set.classes().get(i));
            if (c >= 0) {
                out[i][c] = 1f;
            }
        }
        return out;
    }
}
