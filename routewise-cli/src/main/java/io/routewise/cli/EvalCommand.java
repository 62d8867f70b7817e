package io.routewise.cli;

import io.routewise.classifier.ModelDirectory;
import io.routewise.classifier.RequestClassifier;
import io.routewise.config.RecalibrationConfig;
import io.routewise.config.RoutewiseConfig;
import io.routewise.eval.EvalJob;
import io.routewise.eval.store.EvalRun;
import io.routewise.eval.store.EvalStore;
import io.routewise.ledger.Ledger;
import io.routewise.server.ProviderStack;
import io.routewise.server.RouterLauncher;
import io.routewise.training.ProgressBar;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code routewise eval}: one drift evaluation run, for external cron (the server runs the same job
 * on {@code evaluation.schedule}); {@code eval runs} lists past runs; {@code eval pin-baseline}
 * makes a run the baseline.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Send the evaluation sets to every model, score the answers, compare with the baseline, "
                + "and recalibrate the routing weights when quality drifted.",
                "Exit codes: 0 done, 2 bad input, 3 refused (over budget, or another run in progress), "
                        + "4 drift found (with --fail-on-drift)."},
        subcommands = {EvalCommand.Runs.class, EvalCommand.PinBaseline.class})
final class EvalCommand implements Callable<Integer> {

    static final int REFUSED = 3;
    static final int DRIFT = 4;

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config = new ConfigOption();

    @Option(names = "--sets", split = ",", paramLabel = "PATH",
            description = "Eval-set files or folders (default: evaluation.sets).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--models", split = ",", paramLabel = "ID",
            description = "Models to evaluate (default: evaluation.models, else every enabled model).")
    List<String> models = new ArrayList<>();

    @Option(names = "--budget-usd", paramLabel = "USD",
            description = "Most this run may spend (default: evaluation.budget_usd).")
    Double budgetUsd;

    @Option(names = "--estimate", description = "Print the cost estimate and stop; nothing is sent.")
    boolean estimateOnly;

    @Option(names = "--simulate-all", description = "Answer every provider from the simulator, even those with keys.")
    boolean simulateAll;

    @Option(names = "--model", paramLabel = "DIR",
            description = "Model directory whose routing weights are the recalibration prior (default: models/default).")
    Path model = RouterLauncher.DEFAULT_MODEL_DIR;

    @Option(names = "--recalibrate", paramLabel = "MODE", converter = ModeConverter.class,
            description = "When this run writes new routing weights: on_drift, always or never "
                    + "(default: evaluation.recalibration.mode).")
    RecalibrationConfig.Mode recalibrate;

    @Option(names = "--fail-on-drift", description = "Exit with 4 when a model drifted (for cron alerting).")
    boolean failOnDrift;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (budgetUsd != null && !(budgetUsd >= 0)) {
            err.println("routewise eval: --budget-usd must be >= 0 (got " + budgetUsd + ")");
            return UserErrors.USER_ERROR;
        }
        RoutewiseConfig cfg = config.load();
        ModelDirectory prior = ModelDirectory.load(model);
        EvalJob.Request request = new EvalJob.Request(sets, models, budgetUsd, "cli", null, estimateOnly,
                recalibrate);
        // The directory's per-prompt predictions, which recalibration fits each model's results against
        // (an estimate sends nothing, so it needs no embedding model).
        try (RequestClassifier predictor = estimateOnly ? null : RequestClassifier.load(model);
             ProviderStack stack = ProviderStack.open(cfg, simulateAll)) {
            EvalJob job = new EvalJob(cfg, stack.dispatcher(), stack.ledger().attempts(), stack.ledger().ledger(),
                    prior.weights(), Clock.systemUTC());
            if (predictor != null) {
                job.predictingWith(predictor);
            }
            stack.simulatedProviders().forEach(p -> err.println("routewise eval: provider '" + p
                    + "' has no API key set: answered by the built-in simulator"));
            ProgressBar[] bar = new ProgressBar[1];
            EvalJob.Result result;
            try {
                result = job.run(request, total -> bar[0] = ProgressBar.start(System.err, "evaluating", total),
                        () -> bar[0].advance(1));
            } catch (EvalJob.RefusedException e) {
                err.println("routewise eval: refused: " + e.getMessage());
                return REFUSED;
            } catch (IllegalArgumentException e) {
                // a malformed eval set (file:line: field: reason) or an unknown model
                err.println("routewise eval: " + UserErrors.describe(e));
                return UserErrors.USER_ERROR;
            } finally {
                if (bar[0] != null) {
                    bar[0].finish();
                }
            }
            if (result.run() == null) {
                out.println(result.summary());
                result.estimate().byModel().forEach((m, usd) ->
                        out.printf(Locale.ROOT, "  %-40s $%.4f%n", m, usd));
                return 0;
            }
            out.println(result.summary());
            out.println("report: " + result.report());
            if (result.weightsVersion() != null) {
                out.println("routing weights v" + result.weightsVersion() + " written to "
                        + cfg.evaluation().weightsDir() + "; running servers load it within "
                        + cfg.evaluation().reloadIntervalS() + " s");
            }
            return failOnDrift && result.drift() != null && result.drift().anyDrift() ? DRIFT : 0;
        }
    }

    /** Reads {@code on_drift}, {@code always}, {@code never}. */
    static final class ModeConverter implements picocli.CommandLine.ITypeConverter<RecalibrationConfig.Mode> {
        @Override
        public RecalibrationConfig.Mode convert(String value) {
            try {
                return RecalibrationConfig.Mode.fromConfig(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code routewise eval runs}: the recent runs. */
    @Command(name = "runs", mixinStandardHelpOptions = true, description = "List recent evaluation runs.")
    static final class Runs implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        ConfigOption config = new ConfigOption();

        @Option(names = "--limit", description = "How many (default: 20).")
        int limit = 20;

        @Override
        public Integer call() {
            RoutewiseConfig cfg = config.load();
            try (Ledger ledger = Ledger.open(cfg.ledger())) {
                PrintWriter out = spec.commandLine().getOut();
                out.printf(Locale.ROOT, "%-24s %-16s %-9s %6s %7s %10s %10s  %s%n", "run", "status", "trigger", "models",
                        "prompts", "spent_usd", "weights", "drifted");
                for (EvalRun r : new EvalStore(ledger, Clock.systemUTC()).recentRuns(limit)) {
                    out.printf(Locale.ROOT, "%-24s %-16s %-9s %6d %7d %10.4f %10s  %s%n", r.runId(), r.status().dbName(),
                            r.trigger(), r.models().size(), r.prompts(), r.spentUsd(),
                            r.weightsVersion() == null ? "-" : "v" + r.weightsVersion(),
                            String.join(",", r.driftedModels()));
                }
            }
            return 0;
        }
    }

    /** {@code routewise eval pin-baseline RUN}: compare later runs with this one. */
    @Command(name = "pin-baseline", mixinStandardHelpOptions = true,
            description = "Make a completed run the baseline of every (model, task, class) it covers.")
    static final class PinBaseline implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        ConfigOption config = new ConfigOption();

        @Parameters(index = "0", paramLabel = "RUN", description = "The run id (see 'routewise eval runs').")
        String runId;

        @Option(names = "--models", split = ",", paramLabel = "ID", description = "Only these models (default: all).")
        List<String> models = new ArrayList<>();

        @Override
        public Integer call() {
            RoutewiseConfig cfg = config.load();
            try (Ledger ledger = Ledger.open(cfg.ledger())) {
                int cells;
                try {
                    cells = new EvalStore(ledger, Clock.systemUTC()).pinBaseline(runId, models);
                } catch (IllegalArgumentException e) {
                    spec.commandLine().getErr().println("routewise eval pin-baseline: " + e.getMessage());
                    return UserErrors.USER_ERROR;
                }
                spec.commandLine().getOut().println("run " + runId + " is now the baseline of " + cells
                        + " (model, task, class) cells");
                return 0;
            }
        }
    }
}
