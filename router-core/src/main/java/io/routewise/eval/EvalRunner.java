package io.routewise.eval;

import io.routewise.chat.ChatRequest;
import io.routewise.chat.RoutingOptions;
import io.routewise.chat.Usage;
import io.routewise.config.ModelConfig;
import io.routewise.catalog.Exclusion;
import io.routewise.dispatch.Attempt;
import io.routewise.dispatch.AttemptAccounting;
import io.routewise.dispatch.Completion;
import io.routewise.dispatch.DispatchException;
import io.routewise.dispatch.Dispatcher;
import io.routewise.ledger.AttemptLedger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Sends every evaluation prompt to every model and scores the answers. Each call goes to exactly
 * one model (no fallbacks: a fallback's answer would be scored as the wrong model's) through the
 * dispatcher, so retries, timeouts, circuit breakers and provider rate limits apply as for live
 * traffic; a provider that is saturated is waited for rather than skipped. Calls are recorded in
 * the cost ledger (and count against budgets) like any other. At most {@code concurrency} calls
 * are in flight; before each call its worst-case cost is reserved against the run's budget, and
 * the run stops sending once the next call might pass it.
 */
final class EvalRunner {

    /** The batch pool: evaluation may wait, so interactive latency budgets do not skip a slow model. */
    private static final RoutingOptions EVAL_ROUTING = new RoutingOptions(null, null, null, "batch");
    private static final int SATURATED_RETRIES = 40;
    private static final int FLUSH_EVERY = 200;
    private static final int DETAIL_MAX = 300;

    private final Dispatcher dispatcher;
    private final AttemptLedger attempts;
    private final String configVersion;
    private final int concurrency;
    private final int defaultMaxTokens;

    /**
     * @param attempts the cost ledger's attempt bookkeeping, or null to record nothing (tests)
     */
    public EvalRunner(Dispatcher dispatcher, AttemptLedger attempts, String configVersion, int concurrency,
                      int defaultMaxTokens) {
        this.dispatcher = dispatcher;
        this.attempts = attempts;
        this.configVersion = configVersion;
        this.concurrency = concurrency;
        this.defaultMaxTokens = defaultMaxTokens;
    }

    /**
     * What a run did.
     *
     * @param outcomes        every call's outcome (also handed to the sink as they came)
     * @param spentUsd        what the calls cost
     * @param budgetExhausted whether it stopped sending because the budget could not cover the next call
     * @param notSent         calls not sent because of that
     */
    public record Result(List<EvalOutcome> outcomes, double spentUsd, boolean budgetExhausted, int notSent) {
    }

    /**
     * Runs every item against every model.
     *
     * @param sink     receives outcomes in batches as they complete (e.g. to store them), on the calling thread
     * @param progress called once per finished or unsent call, on the calling thread
     */
    public Result run(String runId, List<EvalItem> items, List<ModelConfig> models, double budgetUsd,
                      Consumer<List<EvalOutcome>> sink, Runnable progress) {
        RunBudget budget = new RunBudget(budgetUsd);
        AtomicBoolean exhausted = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "routewise-eval");
            t.setDaemon(true);
            return t;
        });
        CompletionService<EvalOutcome> done = new ExecutorCompletionService<>(pool);
        List<EvalOutcome> all = new ArrayList<>();
        List<EvalOutcome> batch = new ArrayList<>();
        int submitted = 0;
        try {
            // Item by item, every model in turn: load is spread over the providers from the start.
            for (EvalItem item : items) {
                for (ModelConfig model : models) {
                    done.submit(() -> call(runId, item, model, budget, exhausted));
                    submitted++;
                }
            }
            int notSent = 0;
            for (int i = 0; i < submitted; i++) {
                EvalOutcome o = take(done);
                progress.run();
                if (o == null) {
                    notSent++;
                    continue;
                }
                all.add(o);
                batch.add(o);
                if (batch.size() >= FLUSH_EVERY) {
                    sink.accept(List.copyOf(batch));
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                sink.accept(List.copyOf(batch));
            }
            return new Result(List.copyOf(all), budget.spent(), exhausted.get(), notSent);
        } finally {
            pool.shutdownNow();
        }
    }

    private static EvalOutcome take(CompletionService<EvalOutcome> done) {
        try {
            Future<EvalOutcome> f = done.take();
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("evaluation interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("evaluation call failed unexpectedly: " + e.getCause(), e.getCause());
        }
    }

    /** One call; null when the budget could not cover it. */
    private EvalOutcome call(String runId, EvalItem item, ModelConfig model, RunBudget budget, AtomicBoolean exhausted)
            throws InterruptedException {
        double worst = CostEstimate.worstCaseUsd(item, model, defaultMaxTokens);
        if (exhausted.get() || !budget.reserve(worst)) {
            exhausted.set(true);
            return null;
        }
        ChatRequest request = item.request(model.id(), defaultMaxTokens).withRouting(EVAL_ROUTING);
        long start = System.nanoTime();
        double cost = 0;
        try {
            for (int wait = 0; ; wait++) {
                AttemptAccounting accounting = attempts == null ? null
                        : new AttemptAccounting(attempts, runId + ":" + model.id() + ":" + item.id(), null, null,
                        configVersion);
                try {
                    Completion c = dispatcher.complete(request, List.of(model), accounting);
                    long latency = (System.nanoTime() - start) / 1_000_000;
                    Usage usage = c.response().usage() == null ? Usage.ZERO : c.response().usage();
                    cost = accounting != null ? accounting.costUsd()
                            : model.costUsd(usage.inputTokens(), usage.cachedInputTokens(), usage.outputTokens());
                    String answer = c.response().message() == null ? "" : c.response().message().text();
                    Score score = item.scorer().score(answer == null ? "" : answer);
                    return new EvalOutcome(runId, item.id(), model.id(), model.provider(), item.task(),
                            item.complexity(), score.passed(), null, latency, usage.inputTokens(),
                            usage.outputTokens(), cost, shorten(score.detail()));
                } catch (DispatchException e) {
                    cost += accounting != null ? accounting.costUsd() : 0;
                    Attempt last = e.attempts().get(e.attempts().size() - 1);
                    if (saturated(last) && wait < SATURATED_RETRIES) {
                        // The provider's own limits say "not now": wait our turn instead of recording an error.
                        Thread.sleep(Math.min(2_000, 25L << Math.min(wait, 6)));
                        continue;
                    }
                    long latency = (System.nanoTime() - start) / 1_000_000;
                    return new EvalOutcome(runId, item.id(), model.id(), model.provider(), item.task(),
                            item.complexity(), false, errorKind(last), latency, 0, 0, cost,
                            shorten(last.error() == null ? last.skipReason() : last.error().getMessage()));
                }
            }
        } finally {
            budget.settle(worst, cost);
        }
    }

    private static boolean saturated(Attempt a) {
        return a.skippedFor(Exclusion.Cause.SATURATED);
    }

    /** {@code timeout}, {@code rate_limited}, ...; {@code over_budget} and {@code unavailable} for skips. */
    static String errorKind(Attempt a) {
        if (a.skipped()) {
            return a.skip().cause().budget() ? "over_budget" : "unavailable";
        }
        return a.error() == null ? "unknown" : a.error().kind().name().toLowerCase(Locale.ROOT);
    }

    private static String shorten(String s) {
        if (s == null) {
            return null;
        }
        return s.length() <= DETAIL_MAX ? s : s.substring(0, DETAIL_MAX - 3) + "...";
    }

    /** The run's money: what calls in flight may cost at most, and what finished ones did. */
    private static final class RunBudget {
        private final double limit;
        private double committed;
        private double spent;

        RunBudget(double limit) {
            this.limit = limit;
        }

        synchronized boolean reserve(double worst) {
            if (committed + worst > limit + 1e-12) {
                return false;
            }
            committed += worst;
            return true;
        }

        synchronized void settle(double worst, double actual) {
            committed += actual - worst;
            spent += actual;
        }

        synchronized double spent() {
            return spent;
        }
    }
}
