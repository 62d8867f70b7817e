package io.routewise.policy;

import io.routewise.catalog.Exclusion;
import io.routewise.classifier.Scores;

/**
 * A model the policy may choose for one request.
 *
 * @param model           the catalog (or data-set) model id
 * @param provider        who serves it
 * @param quality         how its expected quality follows from the request's scores
 * @param expectedCostUsd what this request is expected to cost on it
 * @param excluded        why it cannot serve this request (capabilities, context, health, budget), or
 *                        null when it can
 * @param penalty         why it should serve only when no other adequate candidate can (a budget near
 *                        its cap: a {@linkplain Exclusion#soft() soft} exclusion), or null
 */
public record Candidate(String model, String provider, CandidateQuality quality, double expectedCostUsd,
                        Exclusion excluded, Exclusion penalty) {

    /** A candidate with no penalty. */
    public Candidate(String model, String provider, CandidateQuality quality, double expectedCostUsd,
                     Exclusion excluded) {
        this(model, provider, quality, expectedCostUsd, excluded, null);
    }

    /** A candidate whose quality is a row per classifier class ({@link CandidateQuality#byClass}). */
    public Candidate(String model, String provider, double[] qualityByClass, double expectedCostUsd,
                     Exclusion excluded, Exclusion penalty) {
        this(model, provider, CandidateQuality.byClass(qualityByClass), expectedCostUsd, excluded, penalty);
    }

    /** A class-row candidate with no penalty. */
    public Candidate(String model, String provider, double[] qualityByClass, double expectedCostUsd,
                     Exclusion excluded) {
        this(model, provider, CandidateQuality.byClass(qualityByClass), expectedCostUsd, excluded, null);
    }

    /** Its expected quality for the scored request. */
    public double expectedQuality(Scores scores) {
        return quality.expected(scores);
    }

    public boolean eligible() {
        return excluded == null;
    }
}
