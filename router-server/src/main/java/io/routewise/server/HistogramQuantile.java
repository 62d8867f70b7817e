package io.routewise.server;

import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.util.concurrent.TimeUnit;

/**
 * A quantile of a timer's histogram as Prometheus' {@code histogram_quantile} computes it from the same
 * buckets: the bucket where the cumulative count reaches {@code q · total}, then linear interpolation
 * between its lower and upper bound. So the dashboard shows what a Grafana panel over {@code /metrics}
 * would.
 */
final class HistogramQuantile {

    private HistogramQuantile() {
    }

    /** The {@code q} quantile in milliseconds, or null for an empty histogram. */
    static Double of(HistogramSnapshot h, double q) {
        long total = h.count();
        if (total == 0) {
            return null;
        }
        double rank = q * total;
        double lower = 0;
        double below = 0;
        for (CountAtBucket b : h.histogramCounts()) {
            double upper = b.bucket(TimeUnit.MILLISECONDS);
            double cumulative = b.count();
            if (cumulative >= rank) {
                double inBucket = cumulative - below;
                double at = inBucket <= 0 ? upper : lower + (upper - lower) * (rank - below) / inBucket;
                return Math.round(at * 1000) / 1000.0;
            }
            lower = upper;
            below = cumulative;
        }
        // Above the largest finite bucket: Prometheus answers that bucket's bound.
        return Math.round(lower * 1000) / 1000.0;
    }
}
