package io.routewise.eval;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.catalog.Catalog;
import io.routewise.classifier.RequestClassifier;
import io.routewise.classifier.RoutingWeights;
import io.routewise.config.EvaluationConfig;
import io.routewise.config.ModelConfig;
import io.routewise.config.RecalibrationConfig;
import io.routewise.config.RoutewiseConfig;
import io.routewise.dispatch.Dispatcher;
import io.routewise.eval.calibrate.ItemPredictions;
import io.routewise.eval.calibrate.Recalibrator;
import io.routewise.eval.calibrate.RunOutcomes;
import io.routewise.eval.drift.DriftDetector;
import io.routewise.eval.drift.DriftReport;
import io.routewise.eval.report.EvalReportWriter;
import io.routewise.eval.store.EvalRun;
import io.routewise.eval.store.EvalRunStatus;
import io.routewise.eval.store.EvalStore;
import io.routewise.classifier.weights.StoredWeights;
import io.routewise.classifier.weights.WeightsStore;
import io.routewise.json.Json;
import io.routewise.ledger.AttemptLedger;
import io.routewise.ledger.Ledger;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One drift evaluation, end to end: load the sets, estimate the cost (refusing a run the budget
 * cannot cover), take the cross-process lease, send every prompt to every model
 * ({@link EvalRunner}), store the results, adopt baselines for cells that have none, compare with
 * the baselines ({@link DriftDetector}), recalibrate and write a new routing-weights version when
 * the drift state changed ({@link Recalibrator}, {@link WeightsStore}), write the report, and log a
 * summary line. Used by {@code routewise eval} and by the server's schedule alike.
 */
public final class EvalJob {

    private static final Logger LOG = LoggerFactory.getLogger("routewise.eval");
    private static final Duration LEASE = Duration.ofMinutes(10);
    private static final DateTimeFormatter RUN_ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private volatile RoutewiseConfig config;
    private volatile Catalog catalog;
    private volatile Dispatcher dispatcher;
    private final AttemptLedger attempts;
    private final EvalStore store;
    private final RoutingWeights trainingWeights;
    private final WeightsStore weights;
    private final Clock clock;
    private volatile RequestClassifier predictor;

    /**
     * Follows a reloaded config: the catalog (models to evaluate), its version in run records, and the
     * dispatcher over its providers. The {@code evaluation} section itself is read at start only (a reload
     * keeps its running value), so the schedule, sets, folders and thresholds do not change here.
     */
    public void follow(RoutewiseConfig reloaded, Dispatcher reloadedDispatcher) {
        this.catalog = Catalog.of(reloaded);
        this.dispatcher = reloadedDispatcher;
        this.config = reloaded;
    }

    /**
     * @param attempts        the cost ledger's per-attempt bookkeeping (null: evaluation calls are not
     *                        recorded as traffic nor held against budgets)
     * @param trainingWeights the model directory's own weights: the prior every recalibration starts from
     */
    public EvalJob(RoutewiseConfig config, Dispatcher dispatcher, AttemptLedger attempts, Ledger ledger,
                   RoutingWeights trainingWeights, Clock clock) {
        this.config = config;
        this.catalog = Catalog.of(config);
        this.dispatcher = dispatcher;
        this.attempts = attempts;
        this.store = new EvalStore(ledger, clock);
        this.trainingWeights = trainingWeights;
        this.weights = new WeightsStore(Path.of(config.evaluation().weightsDir()));
        this.clock = clock;
    }

    /**
     * What to run.
     *
     * @param sets         set files or folders; empty: {@code evaluation.sets}
     * @param models       model ids; empty: {@code evaluation.models}, else every enabled model
     * @param budgetUsd    the budget; null: {@code evaluation.budget_usd}
     * @param trigger      {@code cli} or {@code schedule}
     * @param slot         the scheduled slot (run at most once across replicas), or null
     * @param estimateOnly stop after the estimate
     * @param recalibrate  when this run writes new weights; null: {@code evaluation.recalibration.mode}
     */
    public record Request(List<String> sets, List<String> models, Double budgetUsd, String trigger, String slot,
                          boolean estimateOnly, RecalibrationConfig.Mode recalibrate) {
        public Request {
            sets = sets == null ? List.of() : List.copyOf(sets);
            models = models == null ? List.of() : List.copyOf(models);
        }

        /** A request with the configured recalibration mode. */
        public Request(List<String> sets, List<String> models, Double budgetUsd, String trigger, String slot,
                       boolean estimateOnly) {
            this(sets, models, budgetUsd, trigger, slot, estimateOnly, null);
        }
    }

    /**
     * What a run came to.
     *
     * @param run            the stored run (null when only estimated)
     * @param estimate       the cost estimate
     * @param drift          the comparison with the baselines (null when the run did not complete)
     * @param weightsVersion the routing-weights version written, or null
     * @param report         the report written, or null
     * @param summary        the one-line summary that was logged
     */
    public record Result(EvalRun run, CostEstimate estimate, DriftReport drift, Integer weightsVersion, Path report,
                         String summary) {
    }

    /** The run was refused before any call: over budget, or another evaluation holds the lease. */
    public static final class RefusedException extends RuntimeException {
        public RefusedException(String message) {
            super(message);
        }
    }

    /** The items a request would send (for the caller's progress bar and the estimate). */
    public List<EvalItem> items(Request request) {
        List<String> names = request.sets().isEmpty() ? config.evaluation().sets() : request.sets();
        return EvalSetReader.load(names.stream().map(n -> io.routewise.config.InstallPaths.resolve(Path.of(n))).toList());
    }

    /**
     * The models a request evaluates.
     *
     * @throws IllegalArgumentException naming an unknown or disabled model
     */
    public List<ModelConfig> models(Request request) {
        List<String> ids = !request.models().isEmpty() ? request.models() : config.evaluation().models();
        if (ids.isEmpty()) {
            return catalog.enabled();
        }
        List<ModelConfig> out = new ArrayList<>();
        for (String id : ids) {
            ModelConfig m = catalog.find(id).orElseThrow(() -> new IllegalArgumentException("unknown model '" + id + "'"));
            if (!m.enabled()) {
                throw new IllegalArgumentException("model '" + id + "' is disabled in the catalog");
            }
            out.add(m);
        }
        return out;
    }

    /**
     * Runs one evaluation.
     *
     * @param onStart  told the number of calls once the run is admitted (for a progress bar)
     * @param progress called once per finished call
     * @throws RefusedException         when the estimate exceeds the budget or another run is in progress
     * @throws IllegalArgumentException for bad sets or models
     */
    public Result run(Request request, IntConsumer onStart, Runnable progress) {
        EvaluationConfig ec = config.evaluation();
        List<EvalItem> items = items(request);
        List<ModelConfig> models = models(request);
        double budget = request.budgetUsd() != null ? request.budgetUsd() : ec.budgetUsd();
        CostEstimate estimate = CostEstimate.of(items, models, ec.maxOutputTokens());
        if (request.estimateOnly()) {
            return new Result(null, estimate, null, null, null, String.format(java.util.Locale.ROOT,
                    "estimate: %d calls, expected $%.4f, at most $%.4f, budget $%.2f", estimate.calls(),
                    estimate.expectedUsd(), estimate.worstUsd(), budget));
        }
        Instant started = clock.instant();
        String runId = RUN_ID_TIME.format(started) + "-" + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
        List<String> setNames = items.stream().map(EvalItem::set).distinct().toList();
        String setsSha = digest(items);
        List<String> modelIds = models.stream().map(ModelConfig::id).toList();
        if (estimate.expectedUsd() > budget) {
            String why = String.format(java.util.Locale.ROOT, "estimated cost $%.4f for %d calls exceeds the budget "
                    + "of $%s; raise --budget-usd or evaluate fewer models/sets", estimate.expectedUsd(),
                    estimate.calls(), java.math.BigDecimal.valueOf(budget).stripTrailingZeros().toPlainString());
            store.insertRun(new EvalRun(runId, null, request.trigger(), EvalRunStatus.REFUSED, started, started, setNames,
                    setsSha, modelIds, items.size(), estimate.expectedUsd(), budget, 0, null, null, null, why));
            throw new RefusedException(why);
        }
        String holder = runId + "@" + ProcessHandle.current().pid();
        if (!store.tryLock(holder, LEASE)) {
            throw new RefusedException("another evaluation run is in progress (it holds the evaluation lease in the ledger database)");
        }
        ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "routewise-eval-lease");
            t.setDaemon(true);
            return t;
        });
        try {
            renewer.scheduleAtFixedRate(() -> store.renewLock(holder, LEASE), 1, 1, TimeUnit.MINUTES);
            store.failAbandonedRuns();
            if (request.slot() != null && store.slotTaken(request.slot())) {
                throw new RefusedException("the scheduled slot " + request.slot() + " already ran");
            }
            store.insertRun(new EvalRun(runId, request.slot(), request.trigger(), EvalRunStatus.RUNNING, started, null,
                    setNames, setsSha, modelIds, items.size(), estimate.expectedUsd(), budget, 0, null, null, null, null));
            onStart.accept(estimate.calls());
            EvalRunner.Result ran;
            try {
                ran = new EvalRunner(dispatcher, attempts, config.version(), ec.concurrency(), ec.maxOutputTokens())
                        .run(runId, items, models, budget, store::insertResults, progress);
            } catch (RuntimeException e) {
                store.finishRun(runId, EvalRunStatus.FAILED, 0, "failed: " + e.getMessage());
                throw e;
            }
            EvalRunStatus status = ran.budgetExhausted() ? EvalRunStatus.BUDGET_EXHAUSTED : EvalRunStatus.COMPLETED;
            store.finishRun(runId, status, ran.spentUsd(), ran.budgetExhausted()
                    ? ran.notSent() + " calls not sent: the budget could not cover them" : null);
            return conclude(store.run(runId).orElseThrow(), estimate, ran.outcomes(), models, request.recalibrate(), items);
        } finally {
            renewer.shutdownNow();
            store.unlock(holder);
        }
    }

    /** Baselines, drift, recalibration, report and summary for a finished run. */
    private Result conclude(EvalRun run, CostEstimate estimate, List<EvalOutcome> outcomes, List<ModelConfig> models,
                            RecalibrationConfig.Mode recalibrate, List<EvalItem> items) {
        boolean completed = run.status() == EvalRunStatus.COMPLETED;
        List<String> modelIds = models.stream().map(ModelConfig::id).toList();
        // The run before this one (this one is already stored as completed): what was drifted then.
        Set<String> previouslyDrifted = store.completedRuns(2).stream()
                .filter(r -> !r.runId().equals(run.runId()))
                .reduce((a, b) -> b)
                .map(EvalRun::driftedModels)
                .orElse(Set.of());

        DriftReport drift = new DriftDetector(config.evaluation().drift())
                .compare(store.baselineOutcomes(modelIds, run.runId()), outcomes);
        if (completed) {
            store.adoptAsBaselineWhereMissing(run.runId());
        }
        RoutingWeights before = effectiveWeights();
        Integer version = null;
        RoutingWeights after = before;
        if (completed && shouldRecalibrate(recalibrate, new TreeSet<>(drift.driftedModels()), previouslyDrifted)) {
            Set<String> driftedNow = new TreeSet<>(drift.driftedModels());
            List<RunOutcomes> window = new ArrayList<>();
            for (EvalRun r : store.completedRuns(config.evaluation().recalibration().windowRuns())) {
                // A model that drifted and has recovered since: the runs of its incident no longer
                // speak for it (while it is still drifted, they do).
                Set<String> incident = r.driftedModels();
                incident.removeAll(driftedNow);
                List<EvalOutcome> evidence = store.results(r.runId()).stream()
                        .filter(o -> !incident.contains(o.model())).toList();
                window.add(new RunOutcomes(r.runId(), r.startedAt(), evidence));
            }
            Map<String, Integer> tiers = new LinkedHashMap<>();
            for (ModelConfig m : catalog.enabled()) {
                tiers.put(m.id(), m.tier());
            }
            after = new Recalibrator(config.evaluation().recalibration()).recalibrate(trainingWeights, tiers, window,
                    itemPredictions(items));
            String reason = drift.anyDrift() ? "drift: " + String.join(", ", drift.driftedModels())
                    : previouslyDrifted.isEmpty() ? "evaluation run " + run.runId() : "recovered: " + String.join(", ", previouslyDrifted);
            StoredWeights written = weights.write(after, reason, run.runId());
            version = written.version().version();
        }
        ObjectNode driftJson = Json.MAPPER.createObjectNode();
        ArrayNode drifted = driftJson.putArray("drifted_models");
        drift.driftedModels().forEach(drifted::add);
        driftJson.set("report", drift.toJson());

        EvalRun concluded = store.run(run.runId()).orElseThrow();
        var data = EvalReports.data(concluded, drift, store, models, before, after, version, outcomes);
        Path report = EvalReportWriter.write(Path.of(config.evaluation().reportDir()), data);
        store.recordConclusions(run.runId(), driftJson, version, report.toString());
        String summary = EvalReportWriter.summaryLine(data);
        LOG.info(summaryJson(concluded, drift, version, report, summary));
        return new Result(store.run(run.runId()).orElseThrow(), estimate, drift, version, report, summary);
    }

    /**
     * Lets recalibration fit each model's per-prompt predictions ({@link ItemPredictions}) with this model
     * directory: the one serving routes with. Without it, recalibration moves the class rows only.
     */
    public EvalJob predictingWith(RequestClassifier classifier) {
        this.predictor = classifier;
        return this;
    }

    /**
     * What the model directory predicts for each catalog model on each prompt of the current sets, scored
     * once per prompt on first use; NaN for prompts no longer in the sets and without an outcome model.
     */
    private ItemPredictions itemPredictions(List<EvalItem> items) {
        RequestClassifier classifier = predictor;
        if (classifier == null || classifier.outcomeModel() == null) {
            return ItemPredictions.NONE;
        }
        Map<String, EvalItem> byId = new java.util.HashMap<>();
        items.forEach(i -> byId.putIfAbsent(i.id(), i));
        Map<String, io.routewise.classifier.Scores> scores = new java.util.HashMap<>();
        Map<String, io.routewise.classifier.OutcomeReader> readers = new java.util.HashMap<>();
        Catalog models = catalog;
        return (model, itemId) -> {
            EvalItem item = byId.get(itemId);
            ModelConfig m = models.find(model).orElse(null);
            if (item == null || m == null) {
                return Double.NaN;
            }
            io.routewise.classifier.Scores s = scores.computeIfAbsent(itemId,
                    id -> classifier.score(io.routewise.chat.ChatRequest.builder("auto", item.messages()).build()));
            return readers.computeIfAbsent(model, id -> classifier.outcomeModel().readerFor(m.id(), m.upstreamModel(),
                    m.tier())).expected(s.outcomes());
        };
    }

    /** The weights servers route with now: the current recalibrated version, else the training weights. */
    public RoutingWeights effectiveWeights() {
        return weights.current().map(StoredWeights::weights).orElse(trainingWeights);
    }

    private boolean shouldRecalibrate(RecalibrationConfig.Mode requested, Set<String> drifted,
                                      Set<String> previouslyDrifted) {
        RecalibrationConfig.Mode mode = requested != null ? requested : config.evaluation().recalibration().mode();
        return switch (mode) {
            case NEVER -> false;
            case ALWAYS -> true;
            case ON_DRIFT -> weights.list().isEmpty() || !drifted.equals(previouslyDrifted);
        };
    }

    private static String summaryJson(EvalRun run, DriftReport drift, Integer version, Path report, String summary) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("event", "eval_run");
        o.put("run_id", run.runId());
        o.put("status", run.status().dbName());
        o.put("trigger", run.trigger());
        o.put("models", run.models().size());
        o.put("prompts", run.prompts());
        o.put("spent_usd", run.spentUsd());
        o.put("estimated_usd", run.estimatedUsd());
        ArrayNode drifted = o.putArray("drifted_models");
        drift.driftedModels().forEach(drifted::add);
        if (version != null) {
            o.put("weights_version", version);
        }
        o.put("report", report.toString());
        o.put("summary", summary);
        return o.toString();
    }

    /** SHA-256 over every item's id, prompt, reference and scorer type: which prompts a run sent. */
    private static String digest(List<EvalItem> items) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (EvalItem i : items) {
                md.update((i.id() + "\u0000" + i.messages() + "\u0000" + i.reference() + "\u0000" + i.scorer().type() + "\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Convenience for callers that do not track progress. */
    public Result run(Request request) {
        return run(request, n -> { }, () -> { });
    }

    /** The evaluation store this job records into (for the CLI's history commands and the server's metrics). */
    public EvalStore store() {
        return store;
    }

    public WeightsStore weightsStore() {
        return weights;
    }
}
