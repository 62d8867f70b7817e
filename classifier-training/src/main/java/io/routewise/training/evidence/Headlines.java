package io.routewise.training.evidence;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The headline figures of a cost/quality curve against the best single model.
 *
 * @param match           the cost needed to match the best single model's quality
 * @param atBudget        the quality reached at {@value #BUDGET_SHARE} of the best single model's cost
 * @param atQuarterBudget the same at {@value #QUARTER_BUDGET_SHARE} of its cost
 * @param atHalfBudget    the same at {@value #HALF_BUDGET_SHARE} of its cost
 */
public record Headlines(Match match, AtBudget atBudget, AtBudget atQuarterBudget, AtBudget atHalfBudget) {

    /** Share of the best single model's cost at which {@link #atBudget} is read. */
    public static final double BUDGET_SHARE = 0.10;
    /** Share of the best single model's cost at which {@link #atQuarterBudget} is read. */
    public static final double QUARTER_BUDGET_SHARE = 0.25;
    /** Share of the best single model's cost at which {@link #atHalfBudget} is read. */
    public static final double HALF_BUDGET_SHARE = 0.50;
    /** Outcomes are means of many requests; a difference below this is rounding. */
    private static final double EPS = 1e-12;

    /**
     * The cheapest curve point whose quality reaches the best single model's.
     *
     * @param reached     whether any point does; when not, the other fields describe the point
     *                    with the highest quality (the closest)
     * @param target      the quality target of that point
     * @param costUsd     its mean cost per request
     * @param costPercent its cost as a percentage of the best single model's
     * @param quality     its mean quality
     * @param summary     the same in a sentence
     */
    public record Match(boolean reached, double target, double costUsd, double costPercent, double quality, String summary) {
    }

    /**
     * The quality on the curve's upper envelope at {@code budgetPercent} % of the best single
     * model's cost, linearly interpolated between the two envelope points around it (a router can
     * mix two operating points at random, so the segment is reachable).
     *
     * @param reached     false when even the cheapest point costs more than the budget; then
     *                    {@code quality} and {@code costUsd} are the cheapest point's
     * @param costUsd     the budget in USD per request (or the cheapest point's cost when not reached)
     * @param quality     the quality there
     */
    public record AtBudget(double budgetPercent, boolean reached, double costUsd, double costPercent, double quality,
                           String summary) {
    }

    /**
     * @param curve         the operating points (any order)
     * @param bestSingle    the best single model's point
     */
    public static Headlines of(List<CurvePoint> curve, ModelPoint bestSingle) {
        if (curve.isEmpty()) {
            throw new IllegalArgumentException("an empty curve has no headlines");
        }
        double strongCost = bestSingle.meanCostUsd();
        String strong = bestSingle.model();
        return new Headlines(match(curve, bestSingle, strongCost), atBudget(curve, BUDGET_SHARE, strongCost, strong),
                atBudget(curve, QUARTER_BUDGET_SHARE, strongCost, strong), atBudget(curve, HALF_BUDGET_SHARE, strongCost, strong));
    }

    private static Match match(List<CurvePoint> curve, ModelPoint best, double strongCost) {
        CurvePoint cheapest = null;
        for (CurvePoint p : curve) {
            if (p.meanQuality() >= best.meanQuality() - EPS && (cheapest == null || p.meanCostUsd() < cheapest.meanCostUsd())) {
                cheapest = p;
            }
        }
        if (cheapest != null) {
            double pct = 100 * cheapest.meanCostUsd() / strongCost;
            return new Match(true, cheapest.target(), cheapest.meanCostUsd(), pct, cheapest.meanQuality(), String.format(Locale.ROOT,
                    "matches %s's quality %.4f at %.1f %% of its cost (knob %.4g: quality %.4f, $%.3g per request)",
                    best.model(), best.meanQuality(), pct, cheapest.target(), cheapest.meanQuality(), cheapest.meanCostUsd()));
        }
        CurvePoint top = curve.stream().max(Comparator.comparingDouble(CurvePoint::meanQuality)
                .thenComparing(Comparator.comparingDouble(CurvePoint::meanCostUsd).reversed())).orElseThrow();
        double pct = 100 * top.meanCostUsd() / strongCost;
        return new Match(false, top.target(), top.meanCostUsd(), pct, top.meanQuality(), String.format(Locale.ROOT,
                "never reaches %s's quality %.4f; closest: %.4f at %.1f %% of its cost (knob %.4g)",
                best.model(), best.meanQuality(), top.meanQuality(), pct, top.target()));
    }

    private static AtBudget atBudget(List<CurvePoint> curve, double share, double strongCost, String strongModel) {
        List<CurvePoint> envelope = upperEnvelope(curve);
        double budget = share * strongCost;
        double budgetPct = 100 * share;
        CurvePoint first = envelope.get(0);
        if (budget < first.meanCostUsd() - EPS) {
            double pct = 100 * first.meanCostUsd() / strongCost;
            return new AtBudget(budgetPct, false, first.meanCostUsd(), pct, first.meanQuality(), String.format(Locale.ROOT,
                    "cannot run at %.0f %% of %s's cost: its cheapest point costs %.1f %% (quality %.4f)", budgetPct, strongModel,
                    pct, first.meanQuality()));
        }
        double quality = envelope.get(envelope.size() - 1).meanQuality();
        for (int i = 0; i + 1 < envelope.size(); i++) {
            CurvePoint a = envelope.get(i);
            CurvePoint b = envelope.get(i + 1);
            if (budget <= b.meanCostUsd()) {
                double w = (budget - a.meanCostUsd()) / (b.meanCostUsd() - a.meanCostUsd());
                quality = a.meanQuality() + Math.max(0, w) * (b.meanQuality() - a.meanQuality());
                break;
            }
        }
        return new AtBudget(budgetPct, true, budget, budgetPct, quality, String.format(Locale.ROOT,
                "quality %.4f at %.0f %% of %s's cost ($%.3g per request)", quality, budgetPct, strongModel, budget));
    }

    /**
     * The points no cheaper point beats, by increasing cost: each has a strictly higher quality
     * than every cheaper one.
     */
    static List<CurvePoint> upperEnvelope(List<CurvePoint> curve) {
        List<CurvePoint> sorted = new ArrayList<>(curve);
        sorted.sort(Comparator.comparingDouble(CurvePoint::meanCostUsd)
                .thenComparing(Comparator.comparingDouble(CurvePoint::meanQuality).reversed()));
        List<CurvePoint> envelope = new ArrayList<>();
        for (CurvePoint p : sorted) {
            if (envelope.isEmpty() || p.meanQuality() > envelope.get(envelope.size() - 1).meanQuality() + EPS) {
                envelope.add(p);
            }
        }
        return envelope;
    }
}
