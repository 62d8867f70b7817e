package io.routewise.policy;

import io.routewise.catalog.Catalog;
import io.routewise.classifier.OutcomeModel;
import io.routewise.classifier.OutcomeReader;
import io.routewise.classifier.RequestClassifier;
import io.routewise.classifier.RoutingWeights;
import io.routewise.config.ModelConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds, once per engine, how each catalog model's expected quality follows from a request's scores:
 * with an outcome model, its per-prompt prediction (its own logged model's or its tier's,
 * {@link OutcomeModel#readerFor}) shifted on the log-odds scale when the drift evaluation calibrated it
 * against its own results, else moved by any recalibration of its routing-weight row; without one
 * (format-1 directories), its routing-weight row over the class probabilities.
 */
final class CandidateQualities {

    private CandidateQualities() {
    }

    /**
     * @param weights the routing weights in force (the directory's own, or a recalibrated version)
     * @return per enabled catalog model id, its quality
     */
    static Map<String, CandidateQuality> forCatalog(RequestClassifier classifier, RoutingWeights weights, Catalog catalog) {
        OutcomeModel outcomes = classifier.outcomeModel();
        RoutingWeights trained = classifier.weights();
        Map<String, CandidateQuality> out = new LinkedHashMap<>();
        for (ModelConfig m : catalog.enabled()) {
            double[] active = weights.qualityByClass(m.id(), m.tier());
            RoutingWeights.Calibration calibration = weights.calibration(m.id());
            if (outcomes == null) {
                out.put(m.id(), CandidateQuality.byClass(active));
            } else {
                OutcomeReader reader = outcomes.readerFor(m.id(), m.upstreamModel(), m.tier());
                out.put(m.id(), calibration != null ? CandidateQuality.calibrated(reader, calibration)
                        : CandidateQuality.predicted(reader, active, trained.qualityByClass(m.id(), m.tier())));
            }
        }
        return out;
    }
}
