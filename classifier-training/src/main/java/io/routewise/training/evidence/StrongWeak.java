package io.routewise.training.evidence;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * RouteLLM's evaluation of a router between a strong and a weak model. The router ranks the
 * requests by its preference for the strong model, {@code E[q_strong|x] − E[q_weak|x]}, and sends
 * the top share to the strong one; sweeping that share from 0 to 100 % gives the curve.
 * <ul>
 *   <li>PGR (performance gap recovered) = {@code (q − q_weak) / (q_strong − q_weak)}, where
 *       {@code q_weak} / {@code q_strong} are the mean qualities of sending everything to one model;</li>
 *   <li>CPT(x) = the smallest share of strong calls whose PGR reaches x;</li>
 *   <li>APGR = the area under PGR against the share of strong calls over [0, 1] (trapezoids over
 *       every request count k = 0..n), i.e. the average PGR over the call-share range.</li>
 * </ul>
 * A random router recovers the gap in proportion to its strong calls: APGR 0.5, CPT(x) = x.
 *
 * @param strong    the strong model (higher mean quality on the training part)
 * @param weak      the weak model
 * @param requests  held-out requests both answered
 * @param qStrong   mean quality of all-strong
 * @param qWeak     mean quality of all-weak
 * @param apgr      the router's APGR, or null when {@code q_strong <= q_weak} (no gap to recover)
 * @param cpt50     CPT(50 %) as a share in [0, 1], or null when undefined
 * @param cpt80     CPT(80 %) as a share in [0, 1], or null when undefined
 * @param curve     PGR at every whole percent of strong calls
 * @param randomApgr the random router's APGR (0.5)
 */
public record StrongWeak(String strong, String weak, int requests, double qStrong, double qWeak, Double apgr, Double cpt50,
                         Double cpt80, List<PgrPoint> curve, double randomApgr) {

    public StrongWeak {
        curve = List.copyOf(curve);
    }

    /**
     * @param strongShare share of requests sent to the strong model
     * @param quality     mean quality at that share
     * @param pgr         the PGR there, or null when undefined
     */
    public record PgrPoint(double strongShare, double quality, Double pgr) {
    }

    /** One request: the router's preference score for the strong model and both outcomes. */
    public record Scored(double preference, double strongOutcome, double weakOutcome) {
    }

    /**
     * Evaluates the ranking given by the scores.
     *
     * @param scored one entry per request both models answered
     */
    public static StrongWeak of(String strong, String weak, List<Scored> scored) {
        int n = scored.size();
        if (n == 0) {
            throw new IllegalArgumentException("no request answered by both " + strong + " and " + weak);
        }
        List<Scored> ranked = new ArrayList<>(scored);
        // Highest preference first; the sort is stable, so ties keep the input order.
        ranked.sort(Comparator.comparingDouble(Scored::preference).reversed());
        double[] quality = new double[n + 1];  // mean quality with the top k to the strong model
        double sumWeak = 0;
        for (Scored s : ranked) {
            sumWeak += s.weakOutcome();
        }
        double sum = sumWeak;
        quality[0] = sum / n;
        for (int k = 1; k <= n; k++) {
            Scored s = ranked.get(k - 1);
            sum += s.strongOutcome() - s.weakOutcome();
            quality[k] = sum / n;
        }
        double qWeak = quality[0];
        double qStrong = quality[n];
        boolean gap = qStrong > qWeak;
        double[] pgr = new double[n + 1];
        for (int k = 0; k <= n; k++) {
            pgr[k] = gap ? (quality[k] - qWeak) / (qStrong - qWeak) : Double.NaN;
        }
        Double apgr = null;
        if (gap) {
            double area = 0;
            for (int k = 1; k <= n; k++) {
                area += (pgr[k - 1] + pgr[k]) / 2;
            }
            apgr = area / n;
        }
        List<PgrPoint> curve = new ArrayList<>();
        for (int pct = 0; pct <= 100; pct++) {
            int k = (int) Math.round(pct / 100.0 * n);
            curve.add(new PgrPoint(pct / 100.0, quality[k], gap ? pgr[k] : null));
        }
        return new StrongWeak(strong, weak, n, qStrong, qWeak, apgr, gap ? cpt(pgr, 0.5) : null, gap ? cpt(pgr, 0.8) : null,
                curve, 0.5);
    }

    /** The smallest share k/n whose PGR reaches x. */
    static double cpt(double[] pgr, double x) {
        int n = pgr.length - 1;
        for (int k = 0; k <= n; k++) {
            if (pgr[k] >= x - 1e-12) {
                return (double) k / n;
            }
        }
        return 1.0;
    }

    /** The scores for a data set's held-out requests: {@code E[q_strong|x] − E[q_weak|x]} from the router's predictions. */
    static List<Scored> score(List<HeldOutRequest> heldOut, String strong, String weak) {
        List<Scored> scored = new ArrayList<>();
        for (HeldOutRequest r : heldOut) {
            HeldOutRequest.Option s = r.option(strong);
            HeldOutRequest.Option w = r.option(weak);
            if (s == null || w == null) {
                continue;
            }
            double pref = s.predictedQuality() - w.predictedQuality();
            scored.add(new Scored(pref, s.outcome(), w.outcome()));
        }
        return scored;
    }
}
