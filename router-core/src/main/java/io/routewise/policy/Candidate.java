package io.routewise.policy;

/**
 * A model the policy may choose for one request.
 *
 * @param model           the catalog (or data-set) model id
 * @param provider        who serves it
 * @param qualityByClass  its expected outcome per classifier class, in the classifier's class order
 * @param expectedCostUsd what this request is expected to cost on it
 * @param excludedBecause why it cannot serve this request (capabilities, context, health, budget),
 *                        or null when it can
 * @param softReason      why it should serve only when no other adequate candidate can (a budget near
 *                        its cap), or null
 */
public record Candidate(String model, String provider, double[] qualityByClass, double expectedCostUsd,
                        String excludedBecause, String softReason) {

    /** A candidate with no soft penalty. */
    public Candidate(String model, String provider, double[] qualityByClass, double expectedCostUsd,
                     String excludedBecause) {
        this(model, provider, qualityByClass, expectedCostUsd, excludedBecause, null);
    }

    /** {@code E[q|x] = Σ_c P(c|x)·W[m][c]}. */
    public double expectedQuality(float[] classProbabilities) {
        double q = 0;
        for (int c = 0; c < classProbabilities.length; c++) {
            q += classProbabilities[c] * qualityByClass[c];
        }
        return q;
    }

    public boolean eligible() {
        return excludedBecause == null;
    }
}
