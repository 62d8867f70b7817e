package io.routewise.training.evidence;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** Prints an {@link EvidenceReport} as tables a person can read; costs are USD per 1,000 requests. */
public final class EvidencePrinter {

    /** Rows printed from the router's margin sweep (the JSON has all). */
    private static final java.util.Set<Double> MARGINS_SHOWN = java.util.Set.of(0.0, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.2,
            0.5, 1.0);

    private EvidencePrinter() {
    }

    public static void print(EvidenceReport report, PrintStream out) {
        out.println();
        out.println("== routing evidence on the held-out part (" + Evidence.FILE + " has every point; costs in USD per 1,000 requests) ==");
        for (DataSetEvidence d : report.dataSets()) {
            out.println();
            out.printf(Locale.ROOT, "%s: %d held-out requests, %d models; realised costs: %d logged, %d estimated%s%n", d.source(),
                    d.heldOutRequests(), d.models().size(), d.loggedCosts(), d.estimatedCosts(), tokensNote(d));
            d.excludedModels().forEach((m, why) -> out.printf(Locale.ROOT, "  left out %s: %s%n", m, why));
            if (d.costQuality() != null) {
                printCostQuality(d.costQuality(), out);
            } else {
                out.println("  no cost/quality curve: fewer than two models with known costs");
            }
            if (d.strongWeak() != null) {
                printStrongWeak(d.strongWeak(), out);
            }
        }
        if (report.pricesFile() == null) {
            out.println();
            out.println("no price table given: only logged costs count (pass --prices ../shared/data/catalog/dataset-model-prices.csv)");
        }
        out.println();
    }

    private static String tokensNote(DataSetEvidence d) {
        if (d.estimatedCosts() == 0) {
            return "";
        }
        TreeSet<Double> distinct = new TreeSet<>(d.assumedOutputTokens().values());
        return distinct.size() == 1
                ? String.format(Locale.ROOT, " (output tokens assumed where not logged: %.0f)", distinct.first())
                : " (output tokens assumed where not logged: per-model training means)";
    }

    private static void printCostQuality(CostQuality cq, PrintStream out) {
        double strongCost = cq.point(cq.strongest()).meanCostUsd();
        out.printf(Locale.ROOT, "  %-40s %10s %9s %8s%n", "single model", "cost/1k", "% strong", "quality");
        cq.singleModels().stream().sorted(Comparator.comparingDouble(ModelPoint::meanCostUsd).thenComparing(ModelPoint::model))
                .forEach(p -> out.printf(Locale.ROOT, "  %-40s %10.4f %8.1f%% %8.4f%s%n", p.model(), 1000 * p.meanCostUsd(),
                        100 * p.meanCostUsd() / strongCost, p.meanQuality(), marks(cq, p.model())));
        out.printf(Locale.ROOT, "  %6s | %10s %9s %8s | %14s%n", "margin", "router/1k", "% strong", "quality", "random mix q");
        for (CurvePoint r : cq.router()) {
            if (!MARGINS_SHOWN.contains(Math.round(r.target() * 10000) / 10000.0)) {
                continue;
            }
            Double mix = cq.randomMixQuality(r.meanCostUsd());
            out.printf(Locale.ROOT, "  %6.3f | %10.4f %8.1f%% %8.4f | %14s%n", r.target(), 1000 * r.meanCostUsd(),
                    100 * r.meanCostUsd() / strongCost, r.meanQuality(),
                    mix == null ? "-" : String.format(Locale.ROOT, "%.4f", mix));
        }
        CurvePoint best = cq.router().stream().max(Comparator.comparingDouble(CurvePoint::meanQuality)
                .thenComparing(Comparator.comparingDouble(CurvePoint::meanCostUsd).reversed())).orElseThrow();
        out.printf(Locale.ROOT, "  router (best quality %.4f at %.1f %% of %s's cost, margin %.3f):%n", best.meanQuality(),
                100 * best.meanCostUsd() / strongCost, cq.strongest(), best.target());
        headlines(out, cq.routerHeadlines());
        out.println("  nearest-neighbour baseline (TF-IDF, 50 nearest, argmax quality - lambda*cost):");
        headlines(out, cq.neighbourHeadlines());
        out.println("  task oracle (true task labels):");
        headlines(out, cq.taskOracleHeadlines());
        if (!cq.aiq().isEmpty()) {
            StringBuilder aiq = new StringBuilder("  AIQ (mean of the non-decreasing hull over the single models' cost range):");
            cq.aiq().forEach((k, v) -> aiq.append(String.format(Locale.ROOT, " %s %.4f;", k, v)));
            out.println(aiq.substring(0, aiq.length() - 1));
        }
        Map<String, Double> shares = cq.shareAtOrAbove();
        if (!shares.isEmpty()) {
            StringBuilder share = new StringBuilder("  share of that cost range where the router's hull is at or above:");
            shares.forEach((k, v) -> share.append(String.format(Locale.ROOT, " %s %.0f %%;", k, 100 * v)));
            out.println(share.substring(0, share.length() - 1));
        }
    }

    private static void headlines(PrintStream out, Headlines h) {
        out.println("    " + h.match().summary());
        out.println("    " + h.atBudget().summary());
        out.println("    " + h.atQuarterBudget().summary());
        out.println("    " + h.atHalfBudget().summary());
    }

    private static void printStrongWeak(StrongWeak sw, PrintStream out) {
        out.printf(Locale.ROOT, "  RouteLLM metrics (strong %s %.4f, weak %s %.4f, %d requests):%n", sw.strong(), sw.qStrong(),
                sw.weak(), sw.qWeak(), sw.requests());
        if (sw.apgr() == null) {
            out.println("    undefined: the strong model is not better than the weak one on the held-out part");
            return;
        }
        out.printf(Locale.ROOT, "    APGR %.4f (random %.4f); CPT(50%%) %.1f%% (random 50%%); CPT(80%%) %.1f%% (random 80%%)%n",
                sw.apgr(), sw.randomApgr(), 100 * sw.cpt50(), 100 * sw.cpt80());
        StringBuilder share = new StringBuilder("    strong calls");
        StringBuilder pgr = new StringBuilder("    PGR         ");
        for (StrongWeak.PgrPoint p : sw.curve()) {
            int pct = (int) Math.round(100 * p.strongShare());
            if (pct % 10 == 0) {
                share.append(String.format(Locale.ROOT, " %6d%%", pct));
                pgr.append(String.format(Locale.ROOT, " %7.3f", p.pgr()));
            }
        }
        out.println(share);
        out.println(pgr);
    }

    private static String marks(CostQuality cq, String model) {
        String s = "";
        if (model.equals(cq.strongest())) {
            s += "  <- strongest";
        }
        if (model.equals(cq.cheapest())) {
            s += "  <- cheapest";
        }
        return s;
    }

}
