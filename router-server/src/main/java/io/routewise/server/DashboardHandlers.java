package io.routewise.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.routewise.chat.InvalidRequestException;
import io.routewise.classifier.weights.WeightsStore;
import io.routewise.classifier.weights.WeightsVersion;
import io.routewise.config.ModelConfig;
import io.routewise.eval.store.EvalRun;
import io.routewise.eval.store.EvalStore;
import io.routewise.json.Json;
import io.routewise.ledger.ConfigHistory;
import io.routewise.ledger.LedgerSeries;
import io.routewise.ledger.SpendQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON the dashboard's pages read ({@code /admin/dashboard/*}, admin credential; docs/dashboard.md),
 * usable on its own: spend over time, routing (the mix of chosen models, savings, recent decisions),
 * providers (live counters from the metrics) and quality (evaluation runs, weight and config versions).
 */
final class DashboardHandlers {

    /** Routed-request rows read for the routing page at most (newest kept). */
    static final int AUTO_ROWS = 50_000;
    private static final Duration DEFAULT_RANGE = Duration.ofDays(1);

    private final Gateway gw;
    private final EvalStore evals;
    private final WeightsStore weights;
    private final ConfigHistory configs;
    private final Path reportDir;

    DashboardHandlers(Gateway gw, EvalStore evals, WeightsStore weights, ConfigHistory configs, Path reportDir) {
        this.gw = gw;
        this.evals = evals;
        this.weights = weights;
        this.configs = configs;
        this.reportDir = reportDir;
    }

    /** A bucket width and a range from the query ({@code bucket=hour|day}, {@code since}, {@code until}). */
    private record Range(long bucketMillis, String bucket, Instant since, Instant until) {
        static Range of(Context ctx) {
            String bucket = ctx.queryParam("bucket") == null ? "hour" : ctx.queryParam("bucket");
            long millis = switch (bucket) {
                case "minute" -> 60_000L;
                case "hour" -> 3_600_000L;
                case "day" -> 86_400_000L;
                default -> throw new InvalidRequestException(400, "bucket must be minute, hour or day (got '" + bucket
                        + "').", "bucket", "invalid_value");
            };
            Instant until = LedgerHandlers.instant("until", ctx.queryParam("until"));
            Instant since = LedgerHandlers.instant("since", ctx.queryParam("since"));
            Instant end = until == null ? Instant.now() : until;
            return new Range(millis, bucket, since == null ? end.minus(DEFAULT_RANGE) : since, until);
        }

        void describe(ObjectNode root) {
            root.put("bucket", bucket);
            root.put("bucket_seconds", bucketMillis / 1000);
            root.put("since", since.toString());
            root.put("until", until == null ? null : until.toString());
        }
    }

    /** {@code GET /admin/dashboard/spend}: cost per bucket by provider, model and key; budgets; cost per success. */
    void spend(Context ctx) {
        Range range = Range.of(ctx);
        ObjectNode root = Json.object();
        root.put("object", "dashboard.spend");
        range.describe(root);
        LedgerSeries series = gw.ledger().series();
        for (SpendQuery.GroupBy g : SpendQuery.GroupBy.values()) {
            ArrayNode points = root.putArray("by_" + g.name().toLowerCase(java.util.Locale.ROOT));
            for (LedgerSeries.Point p : series.spend(g, range.bucketMillis(), range.since(), range.until())) {
                ObjectNode o = points.addObject();
                o.put("t", p.bucketStart().toString());
                o.put("group", p.group() == null ? "(no key)" : p.group());
                o.put("cost_usd", p.costUsd());
                o.put("requests", p.requests());
            }
        }
        ArrayNode totals = root.putArray("totals_by_provider");
        double total = 0;
        for (SpendQuery.SpendRow r : gw.ledger().spend().spend(SpendQuery.GroupBy.PROVIDER, range.since(), range.until())) {
            ObjectNode o = totals.addObject();
            o.put("provider", r.group());
            o.put("cost_usd", r.costUsd());
            o.put("requests", r.requests());
            total += r.costUsd();
        }
        root.put("total_cost_usd", total);
        ArrayNode perSuccess = root.putArray("cost_per_success");
        for (LedgerSeries.ModelCost m : series.costPerSuccess(range.since(), range.until())) {
            ObjectNode o = perSuccess.addObject();
            o.put("model", m.model());
            o.put("cost_usd", m.costUsd());
            o.put("attempts", m.attempts());
            o.put("successes", m.successes());
            if (m.perSuccess() != null) {
                o.put("cost_per_success_usd", m.perSuccess());
            } else {
                o.putNull("cost_per_success_usd");
            }
        }
        LedgerHandlers.budgetStates(gw.ledger().budgets(), root.putArray("budgets"));
        send(ctx, root);
    }

    /** {@code GET /admin/dashboard/routing}: what {@code auto} chose over time, the savings, recent decisions. */
    void routing(Context ctx) {
        Range range = Range.of(ctx);
        ObjectNode root = Json.object();
        root.put("object", "dashboard.routing");
        range.describe(root);
        List<LedgerSeries.AutoRow> rows = gw.ledger().series().autoRows(range.since(), range.until(), AUTO_ROWS);
        Serving s = gw.serving();
        ModelConfig strongest = strongest(s);
        Map<Long, Map<String, Long>> byModel = new TreeMap<>();
        Map<Long, Map<String, Long>> byClass = new TreeMap<>();
        double actual = 0;
        double atStrongest = 0;
        long answered = 0;
        java.util.Set<String> requests = new java.util.HashSet<>();
        for (LedgerSeries.AutoRow r : rows) {
            requests.add(r.requestId());
            actual += r.costUsd();
            if (!r.ok()) {
                continue;
            }
            answered++;
            long bucket = r.at().toEpochMilli() / range.bucketMillis() * range.bucketMillis();
            byModel.computeIfAbsent(bucket, b -> new TreeMap<>()).merge(r.model(), 1L, Long::sum);
            String topClass = io.routewise.ledger.LedgerRow.topClass(r.classes());
            byClass.computeIfAbsent(bucket, b -> new TreeMap<>()).merge(topClass == null ? "(unknown)" : topClass, 1L,
                    Long::sum);
            if (strongest != null) {
                atStrongest += r.inputTokens() * strongest.inputUsdPer1m() / 1e6 + r.outputTokens() * strongest.outputUsdPer1m() / 1e6;
            }
        }
        root.set("mix_by_model", series(byModel));
        root.set("mix_by_class", series(byClass));
        root.put("routed_requests", requests.size());
        root.put("answered_requests", answered);
        root.put("cost_usd", actual);
        if (strongest != null) {
            ObjectNode st = root.putObject("strongest");
            st.put("model", strongest.id());
            st.put("tier", strongest.tier());
            st.put("input_usd_per_1m", strongest.inputUsdPer1m());
            st.put("output_usd_per_1m", strongest.outputUsdPer1m());
            root.put("cost_at_strongest_usd", atStrongest);
            root.put("savings_usd", atStrongest - actual);
            root.put("savings_percent", atStrongest > 0 ? 100 * (atStrongest - actual) / atStrongest : 0);
        }
        ArrayNode decisions = root.putArray("decisions");
        for (RecentDecisions.Entry e : gw.decisions().list()) {
            decisions.add(Json.MAPPER.valueToTree(decisionJson(e)));
        }
        send(ctx, root);
    }

    /** {@code GET /admin/dashboard/providers}: per deployment and provider, the live counters of this process. */
    void providers(Context ctx) {
        ObjectNode root = gw.metrics().providerSnapshot();
        root.put("object", "dashboard.providers");
        root.put("at", Instant.now().toString());
        send(ctx, root);
    }

    /** {@code GET /admin/dashboard/quality}: evaluation runs, routing-weight versions, config versions. */
    void quality(Context ctx) {
        ObjectNode root = Json.object();
        root.put("object", "dashboard.quality");
        List<EvalRun> runs = evals.recentRuns(30);
        Map<String, List<EvalStore.PassCount>> passes = evals.passCountsByModel(runs.stream().map(EvalRun::runId).toList());
        ArrayNode runsJson = root.putArray("eval_runs");
        for (EvalRun r : runs) {
            ObjectNode o = runsJson.addObject();
            o.put("run_id", r.runId());
            o.put("started_at", r.startedAt().toString());
            o.put("status", r.status().dbName());
            o.put("trigger", r.trigger());
            o.put("spent_usd", r.spentUsd());
            o.put("weights_version", r.weightsVersion());
            ArrayNode drifted = o.putArray("drifted_models");
            r.driftedModels().forEach(drifted::add);
            String report = r.reportPath() == null ? null : Path.of(r.reportPath()).getFileName().toString();
            o.put("report", report);
            ObjectNode rates = o.putObject("pass_rate");
            for (var e : passes.entrySet()) {
                for (EvalStore.PassCount p : e.getValue()) {
                    if (p.runId().equals(r.runId()) && p.answered() > 0) {
                        rates.put(e.getKey(), p.passRate());
                    }
                }
            }
        }
        ArrayNode versions = root.putArray("weights_versions");
        for (WeightsVersion v : weights.list()) {
            ObjectNode o = versions.addObject();
            o.put("version", v.version());
            o.put("created_at", v.createdAt() == null ? null : v.createdAt().toString());
            o.put("reason", v.reason());
            o.put("run_id", v.runId());
            o.put("current", v.current());
        }
        ArrayNode configVersions = root.putArray("config_versions");
        for (ConfigHistory.Entry e : configs.list(50)) {
            ObjectNode o = configVersions.addObject();
            o.put("version", e.version());
            o.put("applied_at", e.appliedAt().toString());
            o.put("source", e.source());
        }
        send(ctx, root);
    }

    /** {@code GET /admin/dashboard/reports/{file}}: an evaluation report from {@code evaluation.report_dir}. */
    void report(Context ctx) throws java.io.IOException {
        String name = ctx.pathParam("file");
        if (!name.matches("[A-Za-z0-9._-]+\\.html") || name.startsWith(".")) {
            RouterHttp.sendError(ctx, ApiError.notFound("No report '" + name + "'."));
            return;
        }
        Path file = reportDir.resolve(name).normalize();
        if (!file.startsWith(reportDir.normalize()) || !Files.isRegularFile(file)) {
            RouterHttp.sendError(ctx, ApiError.notFound("No report '" + name + "' in the evaluation report folder."));
            return;
        }
        ctx.contentType("text/html; charset=utf-8").result(Files.readAllBytes(file));
    }

    /** The catalog's strongest enabled model: the highest tier, then the highest output price. */
    static ModelConfig strongest(Serving s) {
        return s.catalog().enabled().stream()
                .filter(m -> m.inputUsdPer1m() != null && m.outputUsdPer1m() != null)
                .max(java.util.Comparator.comparingInt(ModelConfig::tier)
                        .thenComparingDouble(ModelConfig::outputUsdPer1m)
                        .thenComparing(ModelConfig::id, java.util.Comparator.reverseOrder()))
                .orElse(null);
    }

    /** {@code {"t": [...], "series": {name: [count per t]}}}, zeros where a name has none. */
    private static ObjectNode series(Map<Long, Map<String, Long>> buckets) {
        ObjectNode out = Json.object();
        ArrayNode t = out.putArray("t");
        java.util.Set<String> names = new java.util.TreeSet<>();
        buckets.values().forEach(m -> names.addAll(m.keySet()));
        ObjectNode series = out.putObject("series");
        Map<String, ArrayNode> arrays = new TreeMap<>();
        names.forEach(n -> arrays.put(n, series.putArray(n)));
        for (var b : buckets.entrySet()) {
            t.add(Instant.ofEpochMilli(b.getKey()).toString());
            for (String n : names) {
                arrays.get(n).add(b.getValue().getOrDefault(n, 0L));
            }
        }
        return out;
    }

    private static Map<String, Object> decisionJson(RecentDecisions.Entry e) {
        Map<String, Object> o = new java.util.LinkedHashMap<>();
        o.put("request_id", e.requestId());
        o.put("at", e.at().toString());
        o.put("path", e.path());
        o.put("status", e.status());
        o.put("chosen", e.chosen());
        o.put("served", e.served());
        o.put("expected_quality", Math.round(e.expectedQuality() * 1e4) / 1e4);
        o.put("expected_cost_usd", e.expectedCostUsd());
        o.put("top_class", e.topClass());
        o.put("task", e.task());
        o.put("reasons", e.reasons());
        o.put("fallbacks", e.fallbacks());
        o.put("skipped", e.skipped());
        o.put("failed", e.failed());
        o.put("set_aside", e.setAside());
        o.put("latency_ms", Math.round(e.totalMs() * 1000) / 1000.0);
        o.put("cost_usd", e.costUsd());
        return o;
    }

    private static void send(Context ctx, ObjectNode root) {
        ctx.contentType("application/json").header("Cache-Control", "no-store").result(root.toString());
    }

    /** Runs a handler, answering a bad query parameter with the API's 400. */
    static io.javalin.http.Handler guarded(io.javalin.http.Handler h) {
        return ctx -> {
            try {
                h.handle(ctx);
            } catch (InvalidRequestException e) {
                RouterHttp.sendError(ctx, ApiError.of(e));
            }
        };
    }
}
