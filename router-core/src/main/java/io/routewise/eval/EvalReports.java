package io.routewise.eval;

import io.routewise.classifier.RoutingWeights;
import io.routewise.config.ModelConfig;
import io.routewise.eval.drift.DriftReport;
import io.routewise.eval.drift.ModelDrift;
import io.routewise.eval.report.EvalReportData;
import io.routewise.eval.report.HistoryPoint;
import io.routewise.eval.report.ModelSection;
import io.routewise.eval.report.TaskRow;
import io.routewise.eval.store.EvalRun;
import io.routewise.eval.store.EvalStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Assembles a run's report data from the run, its drift comparison and the stored history. */
final class EvalReports {

    private static final int HISTORY_RUNS = 30;
    /** z for a two-sided 95 % interval: the baseline band drawn around the baseline pass rate. */
    private static final double Z95 = 1.959964;

    private EvalReports() {
    }

    static EvalReportData data(EvalRun run, DriftReport drift, EvalStore store, List<ModelConfig> models,
                               RoutingWeights before, RoutingWeights after, Integer weightsVersion,
                               List<EvalOutcome> outcomes) {
        List<EvalRun> history = new ArrayList<>(store.completedRuns(HISTORY_RUNS));
        if (history.stream().noneMatch(r -> r.runId().equals(run.runId()))) {
            history.add(run);
        }
        Map<String, EvalRun> byId = new HashMap<>();
        history.forEach(r -> byId.put(r.runId(), r));
        Map<String, List<EvalStore.PassCount>> counts =
                store.passCountsByModel(history.stream().map(EvalRun::runId).toList());

        List<ModelSection> sections = new ArrayList<>();
        for (ModelConfig m : models) {
            List<EvalOutcome> mine = outcomes.stream().filter(o -> o.model().equals(m.id())).toList();
            long errors = mine.stream().filter(EvalOutcome::failed).count();
            // The drift comparison already summarised this run per model: pass rate, answers, median latency.
            Optional<ModelDrift> d = drift.of(m.id());
            double passRate = d.map(ModelDrift::currentPassRate).orElse(0.0);
            long answered = d.map(x -> (long) x.currentAnswered()).orElse(0L);
            Double baseRate = d.map(ModelDrift::baselinePassRate).filter(x -> !Double.isNaN(x)).orElse(null);
            long baseN = d.map(x -> (long) x.baselineAnswered()).orElse(0L);
            Double low = baseRate == null ? null : wilson(baseRate, baseN, -1);
            Double high = baseRate == null ? null : wilson(baseRate, baseN, +1);
            List<HistoryPoint> points = new ArrayList<>();
            for (EvalStore.PassCount pc : counts.getOrDefault(m.id(), List.of())) {
                EvalRun r = byId.get(pc.runId());
                points.add(new HistoryPoint(pc.runId(), r.startedAt(), pc.passRate(), pc.answered(),
                        r.runId().equals(run.runId()) ? d.map(ModelDrift::drifted).orElse(false) : r.driftedModels().contains(m.id())));
            }
            sections.add(new ModelSection(m.id(), m.provider(), d.map(ModelDrift::status).orElse("no_baseline"),
                    passRate, answered, errors, d.map(ModelDrift::currentMedianLatencyMs).orElse(null),
                    baseRate, low, high, d.map(ModelDrift::reasons).orElse(List.of()), points, tasks(mine, store, run),
                    meanWeight(before, m), meanWeight(after, m)));
        }
        return new EvalReportData(run.runId(), run.startedAt(), run.finishedAt(), run.status().dbName(), run.trigger(),
                run.sets(), run.prompts(), run.estimatedUsd(), run.spentUsd(),
                weightsVersion == null ? null : "v" + weightsVersion, sections);
    }

    private static List<TaskRow> tasks(List<EvalOutcome> mine, EvalStore store, EvalRun run) {
        Map<String, long[]> now = new TreeMap<>();
        for (EvalOutcome o : mine) {
            if (!o.failed()) {
                long[] c = now.computeIfAbsent(o.task(), t -> new long[2]);
                c[0]++;
                c[1] += o.passed() ? 1 : 0;
            }
        }
        Map<String, long[]> base = new TreeMap<>();
        if (!mine.isEmpty()) {
            for (EvalOutcome o : store.baselineOutcomes(List.of(mine.get(0).model()), run.runId())) {
                if (!o.failed()) {
                    long[] c = base.computeIfAbsent(o.task(), t -> new long[2]);
                    c[0]++;
                    c[1] += o.passed() ? 1 : 0;
                }
            }
        }
        List<TaskRow> rows = new ArrayList<>();
        now.forEach((task, c) -> {
            long[] b = base.get(task);
            rows.add(new TaskRow(task, (double) c[1] / c[0], c[0], b == null || b[0] == 0 ? null : (double) b[1] / b[0]));
        });
        return rows;
    }

    /** Wilson score interval bound for a proportion: the band that shows how sure the baseline is. */
    static double wilson(double p, long n, int sign) {
        if (n <= 0) {
            return p;
        }
        double z2 = Z95 * Z95;
        double centre = (p + z2 / (2.0 * n)) / (1 + z2 / n);
        double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        return Math.max(0, Math.min(1, centre + sign * half));
    }

    private static Double meanWeight(RoutingWeights weights, ModelConfig m) {
        try {
            return Arrays.stream(weights.qualityByClass(m.id(), m.tier())).average().orElse(Double.NaN);
        } catch (IllegalStateException e) {
            return null;
        }
    }
}
