package io.routewise.server;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.routewise.eval.store.EvalRun;
import io.routewise.eval.store.EvalRunStatus;
import io.routewise.eval.store.EvalStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest evaluation run on {@code /metrics}, whoever ran it (this server's schedule, another
 * replica, or {@code routewise eval} from cron): read from the ledger database on {@link #refresh}
 * (the weights reloader's cadence), so a scrape never queries the database.
 */
final class EvalMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(EvalMetrics.class);

    private final EvalStore store;
    private volatile EvalRun last;
    private MultiGauge passRate;
    private MultiGauge drift;

    EvalMetrics(EvalStore store) {
        this.store = store;
    }

    /** @param weightsVersion the routing-weights version in use (0: the model directory's own) */
    void bindTo(MeterRegistry registry, IntSupplier weightsVersion) {
        Gauge.builder("routewise_eval_last_run_timestamp_seconds", this,
                        m -> m.last == null || m.last.finishedAt() == null ? Double.NaN
                                : m.last.finishedAt().toEpochMilli() / 1000.0)
                .strongReference(true).description("When the latest finished evaluation run ended").register(registry);
        Gauge.builder("routewise_eval_last_run_spent_usd", this, m -> m.last == null ? Double.NaN : m.last.spentUsd())
                .strongReference(true).description("What the latest finished evaluation run spent").register(registry);
        Gauge.builder("routewise_eval_last_run_drifted_models", this, m -> m.last == null ? Double.NaN : m.last.driftedModels().size())
                .strongReference(true).description("Models the latest finished evaluation run flagged as drifted").register(registry);
        // strong references: Micrometer holds a gauge's state weakly, and nothing else holds these
        Gauge.builder("routewise_routing_weights_version", weightsVersion, IntSupplier::getAsInt).strongReference(true)
                .description("Routing-weights version in use (0: the model directory's own)").register(registry);
        passRate = MultiGauge.builder("routewise_eval_pass_rate")
                .description("Pass rate per model in the latest finished evaluation run").register(registry);
        drift = MultiGauge.builder("routewise_eval_drift")
                .description("1 when the latest finished evaluation run flagged the model as drifted").register(registry);
    }

    /** Re-reads the latest finished run; a database hiccup keeps the previous figures. */
    void refresh() {
        try {
            Optional<EvalRun> latest = store.recentRuns(10).stream()
                    .filter(r -> r.status() == EvalRunStatus.COMPLETED || r.status() == EvalRunStatus.BUDGET_EXHAUSTED)
                    .findFirst();
            if (latest.isEmpty() || (last != null && latest.get().equals(last))) {
                return;
            }
            EvalRun run = latest.get();
            Set<String> drifted = run.driftedModels();
            List<MultiGauge.Row<?>> rates = new ArrayList<>();
            List<MultiGauge.Row<?>> flags = new ArrayList<>();
            store.passCountsByModel(List.of(run.runId())).forEach((model, counts) -> {
                double rate = counts.get(0).passRate();
                rates.add(MultiGauge.Row.of(Tags.of("model", model), rate));
                flags.add(MultiGauge.Row.of(Tags.of("model", model), drifted.contains(model) ? 1 : 0));
            });
            passRate.register(rates, true);
            drift.register(flags, true);
            last = run;
        } catch (RuntimeException e) {
            LOG.warn("cannot read the latest evaluation run: {}", e.getMessage());
        }
    }
}
