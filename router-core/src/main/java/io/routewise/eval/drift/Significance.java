package io.routewise.eval.drift;

import org.apache.commons.math3.distribution.HypergeometricDistribution;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;
import org.apache.commons.math3.stat.ranking.NaturalRanking;

/**
 * The two one-sided significance tests drift detection uses, both asking "is the current run
 * worse than the baseline?", never "is it different?".
 */
final class Significance {

    private Significance() {
    }

    /**
     * One-sided Fisher exact test that the current rate of "good" outcomes (passes, or calls that
     * did not fail) is lower than the baseline's. With the 2×2 table's margins fixed, the number of
     * good current outcomes follows a hypergeometric distribution (population {@code nb + nc},
     * {@code gb + gc} good ones, {@code nc} drawn); the p-value is the probability of seeing as few
     * good current outcomes as observed, or fewer.
     *
     * @param baselineGood good outcomes in the baseline
     * @param baselineN    baseline outcomes
     * @param currentGood  good outcomes in the current run
     * @param currentN     current outcomes
     * @return p in [0, 1]; 1 when either side is empty
     */
    static double fisherCurrentLower(int baselineGood, int baselineN, int currentGood, int currentN) {
        if (baselineN <= 0 || currentN <= 0) {
            return 1.0;
        }
        HypergeometricDistribution h = new HypergeometricDistribution(null,
                baselineN + currentN, baselineGood + currentGood, currentN);
        return Math.min(1.0, h.cumulativeProbability(currentGood));
    }

    /**
     * One-sided Mann-Whitney U test that current values tend to be larger than baseline values.
     * commons-math3's test is two-sided (normal approximation); its p is halved when the current
     * sample's rank sum lies above its expectation, and taken as {@code 1 - p/2} otherwise.
     *
     * @return p in [0, 1]; 1 when either side is empty
     */
    static double mannWhitneyCurrentGreater(double[] baseline, double[] current) {
        if (baseline.length == 0 || current.length == 0) {
            return 1.0;
        }
        double twoSided = new MannWhitneyUTest().mannWhitneyUTest(current, baseline);
        return currentRanksHigher(baseline, current) ? twoSided / 2 : 1 - twoSided / 2;
    }

    /** Whether the current sample's U statistic exceeds its null expectation {@code nb·nc/2}. */
    private static boolean currentRanksHigher(double[] baseline, double[] current) {
        double[] all = new double[baseline.length + current.length];
        System.arraycopy(current, 0, all, 0, current.length);
        System.arraycopy(baseline, 0, all, current.length, baseline.length);
        double[] ranks = new NaturalRanking().rank(all);
        double rankSum = 0;
        for (int i = 0; i < current.length; i++) {
            rankSum += ranks[i];
        }
        double u = rankSum - current.length * (current.length + 1) / 2.0;
        return u > current.length * (double) baseline.length / 2.0;
    }
}
