package io.routewise.policy;

import io.routewise.catalog.Exclusion;
import io.routewise.chat.ChatRequest;
import io.routewise.chat.RoutingOptions;
import io.routewise.classifier.OutcomeModel;
import io.routewise.classifier.RequestClassifier;
import io.routewise.classifier.RoutingWeights;
import java.util.ArrayList;
import java.util.List;

/**
 * Candidates without a catalog ({@code routewise route} without {@code --config}): the models the
 * routing weights know, each priced at its mean observed cost per request in the training logs, with
 * its own per-prompt prediction when the directory has an outcome model (else its class row).
 * A model whose logs carried no cost cannot be compared on cost, so it is excluded with a reason.
 * Nothing depends on the request, so the list is built once.
 */
final class ObservedCostCandidates implements CandidateSource {

    private final List<Candidate> candidates;

    ObservedCostCandidates(RequestClassifier classifier) {
        RoutingWeights weights = classifier.weights();
        OutcomeModel outcomes = classifier.outcomeModel();
        List<Candidate> list = new ArrayList<>();
        weights.models().forEach((id, w) -> {
            double[] row = weights.qualityByClass(id, 1); // its own row: every id here has one
            CandidateQuality quality = outcomes == null || !outcomes.models().contains(id) ? CandidateQuality.byClass(row)
                    : CandidateQuality.predicted(outcomes.readerFor(id, null, 1), row, row);
            if (w.meanCostUsd() == null) {
                list.add(new Candidate(id, null, quality, 0,
                        Exclusion.of(Exclusion.Cause.UNPRICED, "no observed cost in the routing weights")));
            } else {
                list.add(new Candidate(id, null, quality, w.meanCostUsd(), null));
            }
        });
        this.candidates = List.copyOf(list);
    }

    @Override
    public List<Candidate> forRequest(ChatRequest request, RoutingOptions options) {
        return candidates;
    }
}
