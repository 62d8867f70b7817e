package io.routewise.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import io.routewise.catalog.Exclusion;
import io.routewise.classifier.Scores;

/**
 * The router's one idea: among the models that can serve a request, choose the cheapest whose
 * expected quality {@code E[q|x]} is good enough ({@link QualityKnob}: within a margin of the best
 * candidate's, or at least an absolute target); when none is, the one with the highest expected quality. The rest follow as fallbacks: the other adequate
 * models by cost, then the others by quality. A pure function: no I/O, no clock, no state.
 */
public final class RoutingPolicy {

    /** How many fallbacks a decision carries at most. */
    public static final int MAX_FALLBACKS = 4;

    private RoutingPolicy() {
    }

    /**
     * An absolute target over class probabilities alone (candidates with class rows).
     *
     * @param classProbabilities the classifier's {@code P(c|x)}, in the candidates' class order
     * @param qualityTarget      the expected quality a model must reach, in [0, 1]
     * @param maxCostUsd         a cap on the expected cost, or null for none
     */
    public static Decision decide(float[] classProbabilities, List<Candidate> candidates, double qualityTarget,
                                  Double maxCostUsd) {
        return decide(Scores.classesOnly(classProbabilities), candidates, new QualityKnob.Target(qualityTarget), maxCostUsd);
    }

    /**
     * @param scores     what the model directory says about the request
     * @param knob       what counts as good enough
     * @param maxCostUsd a cap on the expected cost, or null for none
     */
    public static Decision decide(Scores scores, List<Candidate> candidates, QualityKnob knob, Double maxCostUsd) {
        List<String> reasons = new ArrayList<>();
        List<ExcludedModel> setAside = new ArrayList<>();
        List<Scored> pool = new ArrayList<>();
        for (Candidate c : candidates) {
            Exclusion why = c.excluded();
            if (why == null && maxCostUsd != null && c.expectedCostUsd() > maxCostUsd) {
                why = Exclusion.of(Exclusion.Cause.OVER_MAX_COST, "expected cost " + usd(c.expectedCostUsd())
                        + " over max_cost_usd " + usd(maxCostUsd));
            }
            if (why != null) {
                ExcludedModel out = new ExcludedModel(c.model(), why);
                setAside.add(out);
                reasons.add(out.reason());
            } else {
                pool.add(new Scored(c, c.expectedQuality(scores)));
            }
        }
        if (pool.isEmpty()) {
            reasons.add(0, "no candidate can serve this request");
            return new Decision(null, null, 0, 0, List.of(), List.copyOf(reasons),
                    knob instanceof QualityKnob.Price ? 0 : knob.threshold(0), List.copyOf(setAside));
        }
        for (Scored s : pool) {
            if (s.candidate.penalty() != null) {
                setAside.add(new ExcludedModel(s.candidate.model(), s.candidate.penalty()));
            }
        }
        if (knob instanceof QualityKnob.Price price) {
            return byPrice(pool, price, reasons, List.copyOf(setAside));
        }
        double bestQuality = pool.stream().mapToDouble(Scored::quality).max().orElseThrow();
        // A hair of slack so the best candidate itself always counts as good enough at margin 0.
        double qualityTarget = knob.threshold(bestQuality) - 1e-12;
        List<Scored> adequate = new ArrayList<>();
        List<Scored> short_ = new ArrayList<>();
        for (Scored s : pool) {
            (s.quality >= qualityTarget ? adequate : short_).add(s);
        }
        // Soft-penalised candidates (a budget past its soft threshold) come after every adequate one
        // without a penalty, so they serve only when nothing else of adequate quality can.
        adequate.sort(Comparator.comparing((Scored s) -> s.candidate.penalty() != null)
                .thenComparingDouble((Scored s) -> s.candidate.expectedCostUsd())
                .thenComparing(s -> -s.quality).thenComparing(s -> s.candidate.model()));
        short_.sort(Comparator.comparingDouble((Scored s) -> -s.quality)
                .thenComparingDouble(s -> s.candidate.expectedCostUsd()).thenComparing(s -> s.candidate.model()));

        for (Scored s : adequate) {
            if (s.candidate.penalty() != null) {
                reasons.add(s.candidate.model() + " ranked after the others of adequate quality: " + s.candidate.penalty());
            }
        }
        List<Scored> ranked = new ArrayList<>(adequate);
        ranked.addAll(short_);
        Scored chosen = ranked.get(0);
        List<String> head = new ArrayList<>();
        if (!adequate.isEmpty()) {
            head.add(chosen.candidate.model() + ": cheapest model whose expected quality " + q(chosen.quality)
                    + " reaches the target " + q(qualityTarget) + targetSource(knob, bestQuality) + " (expected cost " + usd(chosen.candidate.expectedCostUsd())
                    + ")");
            long cheaperBelow = short_.stream().filter(s -> s.candidate.expectedCostUsd() < chosen.candidate.expectedCostUsd()).count();
            if (cheaperBelow > 0) {
                Scored best = short_.stream().filter(s -> s.candidate.expectedCostUsd() < chosen.candidate.expectedCostUsd())
                        .findFirst().orElseThrow();
                head.add(cheaperBelow + " cheaper model(s) fall short of the target, the best of them " + best.candidate.model()
                        + " at " + q(best.quality));
            }
        } else {
            head.add("no model reaches the quality target " + q(qualityTarget) + "; " + chosen.candidate.model()
                    + " has the highest expected quality, " + q(chosen.quality) + " (expected cost "
                    + usd(chosen.candidate.expectedCostUsd()) + ")");
        }
        reasons.addAll(0, head);

        List<Decision.Choice> fallbacks = new ArrayList<>();
        for (Scored s : ranked.subList(1, Math.min(ranked.size(), 1 + MAX_FALLBACKS))) {
            fallbacks.add(new Decision.Choice(s.candidate.model(), s.candidate.provider(), s.quality,
                    s.candidate.expectedCostUsd()));
        }
        return new Decision(chosen.candidate.model(), chosen.candidate.provider(), chosen.quality,
                chosen.candidate.expectedCostUsd(), List.copyOf(fallbacks), List.copyOf(reasons), knob.threshold(bestQuality),
                List.copyOf(setAside));
    }

    /**
     * The price knob: the candidate with the highest {@code expected quality − expected cost / price},
     * where the price is what one whole point of expected quality is worth per request; soft-penalised
     * candidates after the others; the rest follow as fallbacks in the same order.
     */
    private static Decision byPrice(List<Scored> pool, QualityKnob.Price price, List<String> reasons,
                                    List<ExcludedModel> setAside) {
        double perPoint = price.usdPerQualityPoint();
        Comparator<Scored> order = Comparator.comparing((Scored s) -> s.candidate.penalty() != null)
                .thenComparingDouble(s -> -(s.quality - s.candidate.expectedCostUsd() / perPoint))
                .thenComparingDouble(s -> s.candidate.expectedCostUsd()).thenComparing(s -> s.candidate.model());
        List<Scored> ranked = new ArrayList<>(pool);
        ranked.sort(order);
        for (Scored s : ranked) {
            if (s.candidate.penalty() != null) {
                reasons.add(s.candidate.model() + " ranked after the others: " + s.candidate.penalty());
            }
        }
        Scored chosen = ranked.get(0);
        reasons.add(0, chosen.candidate.model() + ": best value at " + usd(perPoint) + " per quality point: expected quality "
                + q(chosen.quality) + " at expected cost " + usd(chosen.candidate.expectedCostUsd()));
        List<Decision.Choice> fallbacks = new ArrayList<>();
        for (Scored s : ranked.subList(1, Math.min(ranked.size(), 1 + MAX_FALLBACKS))) {
            fallbacks.add(new Decision.Choice(s.candidate.model(), s.candidate.provider(), s.quality,
                    s.candidate.expectedCostUsd()));
        }
        return new Decision(chosen.candidate.model(), chosen.candidate.provider(), chosen.quality,
                chosen.candidate.expectedCostUsd(), List.copyOf(fallbacks), List.copyOf(reasons), chosen.quality, setAside);
    }

    private record Scored(Candidate candidate, double quality) {
    }

    private static String targetSource(QualityKnob knob, double best) {
        return knob instanceof QualityKnob.Margin m
                ? " (the best expected quality " + q(best) + " less the margin " + q(m.margin()) + ")" : "";
    }

    private static String q(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String usd(double v) {
        return String.format(Locale.ROOT, "$%.6f", v);
    }
}
