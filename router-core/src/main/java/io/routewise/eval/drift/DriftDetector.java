package io.routewise.eval.drift;

import io.routewise.config.DriftConfig;
import io.routewise.eval.EvalOutcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Compares an evaluation run with a baseline, model by model, and says which models got worse.
 *
 * <p><b>Quality.</b> The pass rate over answered outcomes (those without an error) is compared in
 * groups: the model overall, each task, each class ({@code complexity.task}). A group is judged
 * only when both sides have at least {@code minSamples} answered outcomes. A judged group drifts
 * when its rate dropped by more than {@code margin} <em>and</em> a one-sided Fisher exact test
 * (current worse) gives {@code p < alpha / m}, where {@code m} is the number of groups judged for
 * that model (Bonferroni, so a model with many small groups is not flagged by chance more often).
 * The margin keeps a large sample from flagging a real but immaterial drop; the test keeps a small
 * sample from flagging noise.
 *
 * <p><b>Errors.</b> The error rate (errors / all outcomes) drifts when it rose by more than
 * {@code errorMargin} and a one-sided Fisher test gives {@code p < alpha}; judged when both sides
 * have at least {@code minSamples} outcomes.
 *
 * <p><b>Latency.</b> Over successful calls, latency drifts when the current median exceeds the
 * baseline median by more than {@code latencyMargin} (relative) and by more than {@code latencyFloorMs}
 * (absolute), and a one-sided Mann-Whitney U test gives {@code p < alpha}; judged when both sides have
 * at least {@code minSamples} calls.
 *
 * <p>The baseline may pool several runs (the caller picks, per cell, the run it trusts); outcomes
 * are grouped by model. A model with no baseline outcomes is reported {@code no_baseline} and never
 * drifts; a model only in the baseline is not reported. A model none of whose tests could be
 * judged is {@code insufficient_data}.
 */
public final class DriftDetector {

    private final DriftConfig config;

    /** @param config thresholds; keys left null take {@link DriftConfig#DEFAULT}'s */
    public DriftDetector(DriftConfig config) {
        this.config = config == null ? DriftConfig.DEFAULT : config.over(DriftConfig.DEFAULT);
        if (!(this.config.alpha() > 0 && this.config.alpha() < 1)) {
            throw new IllegalArgumentException("drift alpha must be in (0, 1) (got " + this.config.alpha() + ")");
        }
        if (this.config.minSamples() < 1) {
            throw new IllegalArgumentException("drift min_samples must be >= 1 (got " + this.config.minSamples() + ")");
        }
    }

    /** The thresholds in use, every key filled. */
    public DriftConfig config() {
        return config;
    }

    /**
     * Judges every model of {@code current} against its outcomes in {@code baseline}.
     *
     * @param baseline the baseline outcomes (any number of runs)
     * @param current  the run under test
     * @return one verdict per model of {@code current}, sorted by model id
     */
    public DriftReport compare(List<EvalOutcome> baseline, List<EvalOutcome> current) {
        Map<String, List<EvalOutcome>> before = byModel(baseline);
        Map<String, List<EvalOutcome>> now = byModel(current);
        List<ModelDrift> verdicts = new ArrayList<>();
        for (Map.Entry<String, List<EvalOutcome>> e : now.entrySet()) {
            List<EvalOutcome> b = before.get(e.getKey());
            verdicts.add(b == null ? noBaseline(e.getKey(), e.getValue()) : judge(e.getKey(), b, e.getValue()));
        }
        return new DriftReport(config, verdicts);
    }

    private static Map<String, List<EvalOutcome>> byModel(List<EvalOutcome> outcomes) {
        return outcomes.stream().collect(Collectors.groupingBy(EvalOutcome::model, TreeMap::new, Collectors.toList()));
    }

    private ModelDrift noBaseline(String model, List<EvalOutcome> current) {
        Side c = new Side(current);
        return ModelDrift.noBaseline(model, c.passRate(), c.answered, c.errorRate(), c.medianLatency());
    }

    private ModelDrift judge(String model, List<EvalOutcome> baseline, List<EvalOutcome> current) {
        Side b = new Side(baseline);
        Side c = new Side(current);
        List<String> reasons = new ArrayList<>();

        List<GroupComparison> groups = qualityGroups(model, baseline, current);
        boolean quality = false;
        for (GroupComparison g : groups) {
            if (g.drifted()) {
                quality = true;
                String prefix = g.level().equals(GroupComparison.MODEL) ? "" : g.level() + " " + g.key() + ": ";
                reasons.add(prefix + String.format(Locale.ROOT, "pass rate %.2f vs baseline %.2f (%s, p=%s, n=%d/%d)",
                        g.currentRate(), g.baselineRate(), signed(-g.drop()), formatP(g.p()),
                        g.currentAnswered(), g.baselineAnswered()));
            }
        }

        Double errorP = null;
        boolean errors = false;
        if (b.all >= config.minSamples() && c.all >= config.minSamples()) {
            errorP = Significance.fisherCurrentLower(b.all - b.errors, b.all, c.all - c.errors, c.all);
            double rise = c.errorRate() - b.errorRate();
            errors = rise > config.errorMargin() && errorP < config.alpha();
            if (errors) {
                reasons.add(String.format(Locale.ROOT, "error rate %.2f vs baseline %.2f (%s, p=%s, n=%d/%d)",
                        c.errorRate(), b.errorRate(), signed(rise), formatP(errorP), c.all, b.all));
            }
        }

        Double latencyP = null;
        boolean latency = false;
        if (b.latencies.length >= config.minSamples() && c.latencies.length >= config.minSamples()) {
            latencyP = Significance.mannWhitneyCurrentGreater(b.latencies, c.latencies);
            double ratio = c.medianLatency() / b.medianLatency();
            latency = c.medianLatency() > b.medianLatency() * (1 + config.latencyMargin())
                    && c.medianLatency() - b.medianLatency() > config.latencyFloorMs()
                    && latencyP < config.alpha();
            if (latency) {
                reasons.add(String.format(Locale.ROOT, "median latency %.0f ms vs baseline %.0f ms (×%.2f, p=%s, n=%d/%d)",
                        c.medianLatency(), b.medianLatency(), ratio, formatP(latencyP),
                        c.latencies.length, b.latencies.length));
            }
        }

        String status;
        if (quality || errors || latency) {
            status = ModelDrift.DRIFT;
        } else if (groups.isEmpty() && errorP == null && latencyP == null) {
            status = ModelDrift.INSUFFICIENT_DATA;
        } else {
            status = ModelDrift.OK;
        }
        return new ModelDrift(model, status, quality, errors, latency, reasons, b.passRate(), c.passRate(),
                b.answered, c.answered, b.errorRate(), c.errorRate(), b.medianLatency(), c.medianLatency(),
                errorP, latencyP, groups);
    }

    /** The judged quality groups of one model, model level first, then tasks, then classes (each sorted). */
    private List<GroupComparison> qualityGroups(String model, List<EvalOutcome> baseline, List<EvalOutcome> current) {
        List<Candidate> judged = new ArrayList<>();
        addGroups(GroupComparison.MODEL, o -> model, baseline, current, judged);
        addGroups(GroupComparison.TASK, EvalOutcome::task, baseline, current, judged);
        addGroups(GroupComparison.CLASS, EvalOutcome::label, baseline, current, judged);
        double threshold = config.alpha() / Math.max(1, judged.size());
        List<GroupComparison> tests = new ArrayList<>();
        for (Candidate g : judged) {
            double rb = g.baseline.passes / (double) g.baseline.answered;
            double rc = g.current.passes / (double) g.current.answered;
            double p = Significance.fisherCurrentLower(g.baseline.passes, g.baseline.answered,
                    g.current.passes, g.current.answered);
            boolean drifted = rb - rc > config.margin() && p < threshold;
            tests.add(new GroupComparison(g.level, g.key, g.baseline.answered, g.baseline.passes, g.current.answered,
                    g.current.passes, rb, rc, rb - rc, p, threshold, drifted));
        }
        return tests;
    }

    /** Adds each key of one level that both sides answered at least {@code minSamples} times. */
    private void addGroups(String level, Function<EvalOutcome, String> key, List<EvalOutcome> baseline,
                           List<EvalOutcome> current, List<Candidate> judged) {
        Map<String, Count> b = count(baseline, key);
        Map<String, Count> c = count(current, key);
        for (Map.Entry<String, Count> e : b.entrySet()) {
            Count cur = c.get(e.getKey());
            if (cur != null && e.getValue().answered >= config.minSamples() && cur.answered >= config.minSamples()) {
                judged.add(new Candidate(level, e.getKey(), e.getValue(), cur));
            }
        }
    }

    private static Map<String, Count> count(List<EvalOutcome> outcomes, Function<EvalOutcome, String> key) {
        Map<String, Count> counts = new TreeMap<>();
        for (EvalOutcome o : outcomes) {
            if (o.error() == null) {
                Count n = counts.computeIfAbsent(key.apply(o), k -> new Count());
                n.answered++;
                if (o.passed()) {
                    n.passes++;
                }
            }
        }
        return counts;
    }

    private static String signed(double v) {
        return (v < 0 ? "\u2212" : "+") + String.format(Locale.ROOT, "%.2f", Math.abs(v));
    }

    private static String formatP(double p) {
        return p < 0.001 ? String.format(Locale.ROOT, "%.0e", p) : String.format(Locale.ROOT, "%.3f", p);
    }

    /** A group with enough answers on both sides to be judged. */
    private record Candidate(String level, String key, Count baseline, Count current) {
    }

    /** Answered outcomes of one group and how many passed. */
    private static final class Count {
        int answered;
        int passes;
    }

    /** The summary numbers of one model on one side. */
    private static final class Side {
        final int all;
        final int errors;
        final int answered;
        final int passes;
        final double[] latencies;

        Side(List<EvalOutcome> outcomes) {
            all = outcomes.size();
            int e = 0;
            int p = 0;
            List<Double> l = new ArrayList<>();
            for (EvalOutcome o : outcomes) {
                if (o.error() != null) {
                    e++;
                } else {
                    l.add((double) o.latencyMs());
                    if (o.passed()) {
                        p++;
                    }
                }
            }
            errors = e;
            passes = p;
            answered = all - e;
            latencies = l.stream().mapToDouble(Double::doubleValue).toArray();
        }

        Double passRate() {
            return answered == 0 ? null : passes / (double) answered;
        }

        Double errorRate() {
            return all == 0 ? null : errors / (double) all;
        }

        Double medianLatency() {
            if (latencies.length == 0) {
                return null;
            }
            double[] s = latencies.clone();
            Arrays.sort(s);
            int mid = s.length / 2;
            return s.length % 2 == 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
        }
    }
}
