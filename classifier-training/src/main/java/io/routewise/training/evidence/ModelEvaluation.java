package io.routewise.training.evidence;

import io.routewise.classifier.RequestClassifier;
import io.routewise.classifier.RoutingWeights;
import io.routewise.classifier.Scores;
import io.routewise.features.Featurizer;
import io.routewise.training.FeatureSource;
import io.routewise.training.HoldoutSplit;
import io.routewise.training.LineProblem;
import io.routewise.training.ParallelFeaturizer;
import io.routewise.training.TrafficLog;
import io.routewise.training.TrafficLogReader;
import io.routewise.training.TrafficRecord;
import io.routewise.training.TrainingInputException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scores an existing model directory on any outcome log ({@code routewise evaluate}): the log is split
 * by prompt as training splits it (so, with the training run's holdout and seed, the held-out part is
 * one the model never saw); the baselines that learn (nearest neighbours, task oracle) fit on the other
 * part; the model directory and every baseline are scored on the held-out part with the same
 * {@link Evidence} as {@code routewise train} prints.
 *
 * <p>A directory with an outcome model predicts each logged model it knows; an older directory (class
 * probabilities only) predicts {@code Σ_c P(c|x)·W[m][c]} for the models its routing weights have. Logged
 * models the directory knows nothing of are left out of the curves, with the reason.
 */
public final class ModelEvaluation {

    private ModelEvaluation() {
    }

    /** The held-out part and the training part of the logs under one split. */
    public record Split(List<TrafficRecord> training, List<TrafficRecord> heldOut, List<LineProblem> problems) {
    }

    /** Reads the logs and splits them by prompt. */
    public static Split split(List<Path> logs, double holdout, long seed) {
        List<TrafficRecord> training = new ArrayList<>();
        List<TrafficRecord> heldOut = new ArrayList<>();
        List<LineProblem> problems = new ArrayList<>();
        HoldoutSplit split = new HoldoutSplit(holdout, seed);
        for (Path log : logs) {
            TrafficLog read = TrafficLogReader.read(log);
            problems.addAll(read.problems());
            for (TrafficRecord r : read.records()) {
                if (r.withOutcomes().isEmpty()) {
                    continue;
                }
                (split.isHeldOut(r.messages()) ? heldOut : training).add(r);
            }
        }
        if (heldOut.isEmpty()) {
            throw new TrainingInputException("no request with an outcome falls in the held-out part of " + logs
                    + " (holdout " + holdout + ", seed " + seed + ")");
        }
        return new Split(training, heldOut, problems);
    }

    /**
     * Evaluates one model directory.
     *
     * @param classifier the loaded directory
     * @param features   its featurizer (as a feature source, possibly cached)
     * @param prices     prices for requests without logged costs
     */
    public static EvidenceReport evaluate(RequestClassifier classifier, FeatureSource features, Split split,
                                          PriceTable prices, int threads, PrintStream progress) {
        float[][] x = ParallelFeaturizer.featurize(split.heldOut().stream().map(TrafficRecord::messages).toList(), features,
                threads, progress);
        List<String> models;
        java.util.Map<String, String> servingColumns = java.util.Map.of();
        double[][] predictions = new double[x.length][];
        if (classifier.outcomeModel() != null) {
            models = classifier.outcomeModel().models();
            servingColumns = classifier.outcomeModel().spec().servingColumns();
            for (int i = 0; i < x.length; i++) {
                predictions[i] = classifier.score(x[i], Featurizer.lastUserTurn(split.heldOut().get(i).messages())).outcomes();
            }
        } else {
            RoutingWeights weights = classifier.weights();
            models = weights.modelIds();
            for (int i = 0; i < x.length; i++) {
                Scores s = classifier.score(x[i], "");
                predictions[i] = new double[models.size()];
                for (int m = 0; m < models.size(); m++) {
                    predictions[i][m] = weights.expectedOutcome(models.get(m), s.classProbabilities());
                }
            }
        }
        progress.printf(Locale.ROOT, "scored %d held-out requests with %s%n", x.length, classifier.directory().dir());
        return Evidence.compute(split.training(), split.heldOut(), predictions, models, servingColumns, prices,
                Evidence.defaultMargins());
    }
}
