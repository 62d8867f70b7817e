package io.routewise.training.evidence;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * RouterBench's AIQ (average improvement in quality): the mean quality of a router's
 * non-decreasing convex hull over a cost range.
 * <p>
 * The hull gives, for each cost, the best quality reachable at that cost or less: a router can mix
 * two operating points at random (so the upper convex hull of its points is reachable) and can
 * always spend less (so a point that a cheaper point matches or beats is dropped, which makes the
 * hull non-decreasing). Between hull vertices the quality is interpolated linearly; above the most
 * expensive vertex it stays at the hull's maximum.
 * <p>
 * Below the cheapest point the hull is taken to stay at that point's quality. Strictly a router
 * cannot run cheaper than its cheapest point; but every router here reaches a point at or below the
 * cost of sending everything to the cheapest model, so a range starting at that model's cost
 * barely extends below any curve and this is a mild approximation. It keeps AIQ comparable across
 * routers over one shared range.
 */
public final class Aiq {

    private Aiq() {
    }

    /**
     * The mean quality of the points' hull over {@code [costMin, costMax]}: its integral over the
     * range divided by the range's width.
     *
     * @throws IllegalArgumentException when there are no points, {@code costMax <= costMin}, or a
     *                                  value is not finite
     */
    public static double of(List<CurvePoint> points, double costMin, double costMax) {
        requireRange(costMin, costMax);
        List<CurvePoint> hull = hull(points);
        CurvePoint first = hull.get(0);
        CurvePoint last = hull.get(hull.size() - 1);
        double area = first.meanQuality() * overlap(Double.NEGATIVE_INFINITY, first.meanCostUsd(), costMin, costMax)
                + last.meanQuality() * overlap(last.meanCostUsd(), Double.POSITIVE_INFINITY, costMin, costMax);
        for (int i = 0; i + 1 < hull.size(); i++) {
            CurvePoint a = hull.get(i);
            CurvePoint b = hull.get(i + 1);
            double lo = Math.max(costMin, a.meanCostUsd());
            double hi = Math.min(costMax, b.meanCostUsd());
            if (hi > lo) {
                area += (hi - lo) * (at(a, b, lo) + at(a, b, hi)) / 2;
            }
        }
        return area / (costMax - costMin);
    }

    /**
     * The share of {@code [costMin, costMax]} over which the hull of {@code a} is at or above the hull of
     * {@code b} (within 1e-9): the "on or above the other curve over most of the cost range", where
     * AIQ only compares the two curves' averages. Both hulls are extended flat beyond their ends as in
     * {@link #of}; between vertices both are linear, so each stretch is split at the one crossing.
     *
     * @throws IllegalArgumentException as {@link #of}
     */
    public static double shareAtOrAbove(List<CurvePoint> a, List<CurvePoint> b, double costMin, double costMax) {
        requireRange(costMin, costMax);
        List<CurvePoint> ha = hull(a);
        List<CurvePoint> hb = hull(b);
        java.util.TreeSet<Double> cuts = new java.util.TreeSet<>(List.of(costMin, costMax));
        for (List<CurvePoint> h : List.of(ha, hb)) {
            for (CurvePoint p : h) {
                if (p.meanCostUsd() > costMin && p.meanCostUsd() < costMax) {
                    cuts.add(p.meanCostUsd());
                }
            }
        }
        double covered = 0;
        Double previous = null;
        for (double cut : cuts) {
            if (previous != null) {
                double lo = previous;
                double d0 = qualityAt(ha, lo) - qualityAt(hb, lo) + 1e-9;
                double d1 = qualityAt(ha, cut) - qualityAt(hb, cut) + 1e-9;
                if (d0 >= 0 && d1 >= 0) {
                    covered += cut - lo;
                } else if (d0 >= 0 || d1 >= 0) {
                    double crossing = lo + (cut - lo) * d0 / (d0 - d1);
                    covered += d0 >= 0 ? crossing - lo : cut - crossing;
                }
            }
            previous = cut;
        }
        return covered / (costMax - costMin);
    }

    private static void requireRange(double costMin, double costMax) {
        if (!Double.isFinite(costMin) || !Double.isFinite(costMax) || costMax <= costMin) {
            throw new IllegalArgumentException("the cost range must be finite and non-empty, got [" + costMin + ", " + costMax + "]");
        }
    }

    /** A hull's quality at a cost: flat before its first vertex and after its last, linear between. */
    static double qualityAt(List<CurvePoint> hull, double cost) {
        CurvePoint first = hull.get(0);
        if (cost <= first.meanCostUsd()) {
            return first.meanQuality();
        }
        for (int i = 0; i + 1 < hull.size(); i++) {
            if (cost <= hull.get(i + 1).meanCostUsd()) {
                return at(hull.get(i), hull.get(i + 1), cost);
            }
        }
        return hull.get(hull.size() - 1).meanQuality();
    }

    /**
     * The vertices of the points' non-decreasing upper convex hull, by increasing cost (and so
     * strictly increasing quality): the cheapest point (the best of equally cheap ones), then each
     * point that neither a cheaper-or-equal point nor a random mix of two others beats.
     *
     * @throws IllegalArgumentException when there are no points or a cost or quality is not finite
     */
    public static List<CurvePoint> hull(List<CurvePoint> points) {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("no points to build a hull of");
        }
        List<CurvePoint> sorted = new ArrayList<>(points);
        for (CurvePoint p : sorted) {
            if (!Double.isFinite(p.meanCostUsd()) || !Double.isFinite(p.meanQuality())) {
                throw new IllegalArgumentException("a curve point must have a finite cost and quality: " + p);
            }
        }
        sorted.sort(Comparator.comparingDouble(CurvePoint::meanCostUsd)
                .thenComparing(Comparator.comparingDouble(CurvePoint::meanQuality).reversed()));
        List<CurvePoint> hull = new ArrayList<>();
        for (CurvePoint p : sorted) {
            if (!hull.isEmpty() && p.meanQuality() <= hull.get(hull.size() - 1).meanQuality()) {
                continue;  // a cheaper or equally cheap point is at least as good
            }
            // costs and qualities now both strictly increase: drop vertices on or below the chord to p
            while (hull.size() >= 2 && !aboveChord(hull.get(hull.size() - 2), hull.get(hull.size() - 1), p)) {
                hull.remove(hull.size() - 1);
            }
            hull.add(p);
        }
        return List.copyOf(hull);
    }

    /** Whether {@code b} lies strictly above the segment from {@code a} to {@code c} (a.cost < b.cost < c.cost). */
    private static boolean aboveChord(CurvePoint a, CurvePoint b, CurvePoint c) {
        double cross = (b.meanCostUsd() - a.meanCostUsd()) * (c.meanQuality() - a.meanQuality())
                - (b.meanQuality() - a.meanQuality()) * (c.meanCostUsd() - a.meanCostUsd());
        return cross < 0;
    }

    /** The quality at {@code cost} on the segment from {@code a} to {@code b}. */
    private static double at(CurvePoint a, CurvePoint b, double cost) {
        double w = (cost - a.meanCostUsd()) / (b.meanCostUsd() - a.meanCostUsd());
        return a.meanQuality() + w * (b.meanQuality() - a.meanQuality());
    }

    /** The length of the intersection of {@code [lo, hi]} and {@code [from, to]}. */
    private static double overlap(double lo, double hi, double from, double to) {
        return Math.max(0, Math.min(hi, to) - Math.max(lo, from));
    }
}
