package io.routewise.policy;

import io.routewise.classifier.Scores;

/**
 * A model the policy may choose for one request.
 *
 * @param model           the catalog (or data-set) model id
 * @param provider        who serves it
 * @param quality         how its expected quality follows from the request's scores
 * @param expectedCostUsd what this request is expected to cost on it
 * @param excludedBecause why it cannot serve this request (capabilities, context, health, budget),
 *                        or null when it can
 * @param softReason      why it should serve only when no other adequate candidate can (a budget near
 *                        its cap), or null
 */
public record Candidate(String model, String provider, CandidateQuality quality, double expectedCostUsd,
                        String excludedBecause, String softReason) {

    /** A candidate with no soft penalty. */
    public Candidate(String model, String provider, CandidateQuality quality, double expectedCostUsd,
                     String excludedBecause) {
        this(model, provider, quality, expectedCostUsd, excludedBecause, null);
    }

    /** A candidate whose quality is a row per classifier class ({@link CandidateQuality#byClass}). */
    public Candidate(String model, String provider, double[] qualityByClass, double expectedCostUsd,
                     String excludedBecause, String softReason) {
        this(model, provider, CandidateQuality.byClass(qualityByClass), expectedCostUsd, excludedBecause, softReason);
    }

    /** A class-row candidate with no soft penalty. */
    public Candidate(String model, String provider, double[] qualityByClass, double expectedCostUsd,
                     String excludedBecause) {
        this(model, provider, CandidateQuality.byClass(qualityByClass), expectedCostUsd, excludedBecause, null);
    }

    /** Its expected quality for the scored request. */
    public double expectedQuality(Scores scores) {
        return quality.expected(scores);
    }

    public boolean eligible() {
        return excludedBecause == null;
    }
}
