package io.routewise.training;

/**
 * Held-out metrics of one trainer (or of a reference predictor).
 *
 * @param name          the candidate's name
 * @param description   what it is
 * @param logLoss       mean negative log-probability of the true class (lower is better)
 * @param accuracy      share of requests whose most probable class is the true one
 * @param outcomeBrier  mean squared error of {@code sum_c P(c|x) W[m][c]} against each logged
 *                      outcome: how well the probabilities, through the routing weights,
 *                      predict each model's quality (the quantity routing acts on)
 * @param trainSeconds  wall time of training (0 for references)
 * @param finalLoss     the trainer's last reported average training loss, or NaN
 */
public record TrainerResult(String name, String description, double logLoss, double accuracy, double outcomeBrier,
                            double trainSeconds, double finalLoss) {
}
