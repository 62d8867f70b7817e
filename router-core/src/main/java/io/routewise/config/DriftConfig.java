package io.routewise.config;

/**
 * When an evaluation result counts as drift against the baseline. A quality drop is flagged only
 * when it is both statistically significant (one-sided Fisher exact test at {@code alpha}, Bonferroni-
 * corrected over the groups tested for a model) and larger than {@code margin}, on at least
 * {@code minSamples} scored answers on each side. Keys left out are null until {@link #over} fills them.
 *
 * @param alpha         significance level of each model's family of tests
 * @param margin        smallest drop in pass rate (absolute, 0–1) that counts
 * @param minSamples    fewest answers on each side before a group is judged
 * @param latencyMargin relative rise of median latency that counts (0.5 = 50 % slower), also tested (Mann-Whitney)
 * @param errorMargin   smallest rise in error rate (absolute, 0–1) that counts, also tested (Fisher)
 * @param latencyFloorMs smallest rise of median latency in milliseconds that counts: a model answering in 2 ms
 *                      instead of 1 ms is 100 % slower and, over a few hundred calls, significantly so, yet no
 *                      caller notices it (a busy evaluation host alone does that)
 */
public record DriftConfig(Double alpha, Double margin, Integer minSamples, Double latencyMargin, Double errorMargin,
                          Double latencyFloorMs) {

    public static final DriftConfig DEFAULT = new DriftConfig(0.01, 0.10, 20, 0.5, 0.05, 100.0);

    /** This config with every key it leaves out taken from {@code base}. */
    public DriftConfig over(DriftConfig base) {
        return new DriftConfig(
                alpha != null ? alpha : base.alpha,
                margin != null ? margin : base.margin,
                minSamples != null ? minSamples : base.minSamples,
                latencyMargin != null ? latencyMargin : base.latencyMargin,
                errorMargin != null ? errorMargin : base.errorMargin,
                latencyFloorMs != null ? latencyFloorMs : base.latencyFloorMs);
    }
}
