package io.routewise.training.evidence;

import io.routewise.training.TrafficRecord;
import java.util.List;

/**
 * One held-out request as the evidence sees it: the classifier's class probabilities and, per
 * model that answered it, the logged outcome with the predicted and realised costs.
 *
 * @param record        the logged request
 * @param probabilities {@code P(c|x)} from the trained classifier (may be empty: the router's per-model
 *                      predictions are in the options)
 * @param options       the answering models usable for the evidence (outcome, weights and a cost known)
 */
public record HeldOutRequest(TrafficRecord record, float[] probabilities, List<Option> options) {

    public HeldOutRequest {
        options = List.copyOf(options);
    }

    /**
     * A model that answered this request.
     *
     * @param model            its id
     * @param outcome          the logged quality of its answer
     * @param predictedCostUsd the cost the policy sees before calling it
     * @param realisedCostUsd  the cost charged when it is chosen (logged, else estimated)
     * @param costLogged       whether the realised cost was logged rather than estimated
     * @param predictedQuality the router's expected outcome for this model on this request (NaN when it has none)
     */
    public record Option(String model, double outcome, double predictedCostUsd, double realisedCostUsd, boolean costLogged,
                         double predictedQuality) {

        /** An option without a router prediction. */
        public Option(String model, double outcome, double predictedCostUsd, double realisedCostUsd, boolean costLogged) {
            this(model, outcome, predictedCostUsd, realisedCostUsd, costLogged, Double.NaN);
        }
    }

    /** The option for this model, or null when that model did not answer (or is not usable). */
    public Option option(String model) {
        for (Option o : options) {
            if (o.model().equals(model)) {
                return o;
            }
        }
        return null;
    }
}
