package io.routewise.training.evidence;

import java.util.List;

/**
 * Everything the evidence step measured on the held-out part of a training run.
 *
 * @param method    how the figures were computed, in sentences (split, costs, router, baselines)
 * @param pricesFile the price table used for estimated costs, or null
 * @param targets   the quality targets swept
 * @param dataSets  one entry per data set
 * @param plot      the data set plotted to {@value Evidence#PLOT_FILE}, or null when none could be
 */
public record EvidenceReport(List<String> method, String pricesFile, List<Double> targets, List<DataSetEvidence> dataSets,
                             String plot) {

    public EvidenceReport {
        method = List.copyOf(method);
        targets = List.copyOf(targets);
        dataSets = List.copyOf(dataSets);
    }

    /** The evidence of one data set, or null. */
    public DataSetEvidence dataSet(String source) {
        return dataSets.stream().filter(d -> d.source().equals(source)).findFirst().orElse(null);
    }
}
