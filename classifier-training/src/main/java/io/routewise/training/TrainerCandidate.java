package io.routewise.training;

import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.fm.FMClassificationTrainer;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.optimisers.AdaGrad;

import java.util.List;

/**
 * A named trainer configuration compared on the held-out split. Every candidate uses the
 * multiclass logistic loss, so its outputs are probabilities and Tribuo exports a softmax to ONNX.
 *
 * @param name        short name used in the model card
 * @param description what it is, for people
 * @param epochs      passes over the training data
 * @param trainer     a fresh trainer (a new one per run, so Tribuo's invocation count and hence
 *                    its random stream start from the seed every time)
 */
public record TrainerCandidate(String name, String description, int epochs, Trainer<Label> trainer) {

    /** Reports SGD progress every this many examples (see {@link SgdProgress}). */
    static final int LOGGING_INTERVAL = 1000;

    /**
     * The default candidates: two logistic regressions with different step sizes. (A factorisation
     * machine was as good for routing at 10-20x the training time; routing now rests on the outcome model.)
     */
    public static List<TrainerCandidate> defaults(long seed, int epochs) {
        return List.of(
                new TrainerCandidate("logistic-adagrad-0.1",
                        "multinomial logistic regression, SGD with AdaGrad (learning rate 0.1), " + epochs + " epochs",
                        epochs,
                        new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(0.1, 0.1), epochs, LOGGING_INTERVAL, 1, seed)),
                new TrainerCandidate("logistic-adagrad-0.5",
                        "multinomial logistic regression, SGD with AdaGrad (learning rate 0.5), " + epochs + " epochs",
                        epochs,
                        new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(0.5, 0.1), epochs, LOGGING_INTERVAL, 1, seed)));
    }
}
