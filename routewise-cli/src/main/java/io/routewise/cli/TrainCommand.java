package io.routewise.cli;

import io.routewise.features.SentenceEmbedder;
import io.routewise.training.FeatureSource;
import io.routewise.training.FeaturizerSource;
import io.routewise.training.LabelScheme;
import io.routewise.training.TrainerResult;
import io.routewise.training.TrainingInputException;
import io.routewise.training.TrainingOptions;
import io.routewise.training.TrainingRun;
import io.routewise.training.TrainingSummary;
import io.routewise.training.embedding.StaticFeatureSource;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code routewise train}: traffic logs in, model directory out ({@code classifier.onnx},
 * {@code model-card.json}, {@code routing-weights.json}), featurized with the router's own
 * featurizer. Progress goes to stderr, the summary to stdout; the model card records the
 * command line as typed, so the same command in the same directory rebuilds the model.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train the routing classifier from traffic logs and write a model directory.",
                "Labels come from the logged outcomes; several Tribuo trainers are compared on a held-out",
                "part (split by prompt) and the one with the lowest held-out log-loss is exported to ONNX."})
final class TrainCommand implements Callable<Integer> {

    /** The launcher the recorded command names. */
    static final String LAUNCHER = "scripts/routewise";
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

    @Option(names = "--logs", required = true, arity = "1..*", paramLabel = "FILE",
            description = "Traffic logs (JSONL, gzip accepted), one or more.")
    List<Path> logs;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The model directory to write.")
    Path out;

    @Option(names = "--holdout", defaultValue = "0.2", paramLabel = "FRACTION",
            description = "Share of prompts held out for evaluation, in (0, 1) (default: ${DEFAULT-VALUE}).")
    double holdout;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N",
            description = "Seeds the split and the trainers; same seed and data give the same model (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--labels", defaultValue = "complexity-task", paramLabel = "SCHEME",
            description = "What the classifier predicts: complexity or complexity-task (default: ${DEFAULT-VALUE}).")
    String labels;

    @Option(names = "--embedding", defaultValue = "static", paramLabel = "KIND",
            description = {"How prompts are embedded: static (a word-piece table distilled from MiniLM during training and "
                    + "shipped in the model directory: microseconds a prompt) or minilm (the MiniLM network on every "
                    + "request: milliseconds) (default: ${DEFAULT-VALUE})."})
    String embedding;

    @Option(names = "--embedding-dims", defaultValue = "" + StaticFeatureSource.DEFAULT_DIMENSIONS, paramLabel = "N",
            description = "Dimensions of a static embedding, 1-384 (default: ${DEFAULT-VALUE}).")
    int embeddingDims;

    @Option(names = "--refine-prompts", paramLabel = "N",
            description = "Refine a static embedding on up to N training prompts after distilling it, so a prompt's rows "
                    + "sum to where MiniLM embeds the whole prompt (MiniLM embeds each once, a few ms a prompt; "
                    + "see docs/features.md); 0 distils only (default: " + StaticFeatureSource.DEFAULT_REFINE_PROMPTS
                    + "). Static embedding only.")
    Integer refinePrompts;

    @Option(names = "--token-budget", paramLabel = "N",
            description = "Most tokens of a prompt the embedding reads; serving uses the same (default: "
                    + StaticFeatureSource.DEFAULT_TOKEN_BUDGET + " static, 1-4096; " + SentenceEmbedder.DEFAULT_TOKEN_BUDGET
                    + " minilm, 8-512).")
    Integer tokenBudget;

    @Option(names = "--prices", paramLabel = "FILE",
            description = "Model price table (CSV: model,input_usd_per_1M,output_usd_per_1M) for the cost/quality "
                    + "evidence where the logs carry no cost, e.g. ../shared/data/catalog/dataset-model-prices.csv.")
    Path prices;

    @Option(names = "--complexity-prompts", arity = "1..*", paramLabel = "PATH",
            description = {"Complexity-labelled prompts (JSONL files, or directories of them: 'prompt' plus 'complexity' "
                    + "easy|medium|hard or 'difficulty' incl. level-1..5) for the complexity head that predicts catalog "
                    + "models without logged outcomes, e.g. eval-sets and the shipped training-sets. Without it, such a "
                    + "model is read from the prompt's predicted easiness and its tier."})
    List<Path> complexityPrompts;

    @Option(names = "--feature-cache", paramLabel = "DIR",
            description = "Keep the prompts' feature vectors in DIR, so training again on the same logs skips embedding them.")
    Path featureCache;

    @Option(names = "--threads", paramLabel = "N",
            description = "Featurizing threads (default: the number of cores, at most 2).")
    Integer threads;

    /** The embedding token budget a model is trained with unless told otherwise (see docs/training.md). */
    static final int DEFAULT_TOKEN_BUDGET = SentenceEmbedder.DEFAULT_TOKEN_BUDGET;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final PrintStream progress;

    /** Progress to stderr (a bar that redraws in place on a terminal). */
    TrainCommand() {
        this(System.err);
    }

    TrainCommand(PrintStream progress) {
        this.progress = progress;
    }

    @Override
    public Integer call() {
        LabelScheme scheme = parseScheme();
        int threadCount = threads == null ? Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())) : threads;
        check(holdout > 0 && holdout < 1, "--holdout must be strictly between 0 and 1, got " + holdout);
        check(threadCount >= 1, "--threads must be at least 1, got " + threadCount);
        boolean staticEmbedding = switch (embedding) {
            case "static" -> true;
            case "minilm" -> false;
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "--embedding must be static or minilm, got '" + embedding + "'");
        };
        int budget = tokenBudget != null ? tokenBudget
                : staticEmbedding ? StaticFeatureSource.DEFAULT_TOKEN_BUDGET : SentenceEmbedder.DEFAULT_TOKEN_BUDGET;
        if (staticEmbedding) {
            check(budget >= 1 && budget <= 4096, "--token-budget must be between 1 and 4096, got " + budget);
            check(embeddingDims >= 1 && embeddingDims <= SentenceEmbedder.DIMENSIONS,
                    "--embedding-dims must be between 1 and " + SentenceEmbedder.DIMENSIONS + ", got " + embeddingDims);
            check(refinePrompts == null || refinePrompts >= 0, "--refine-prompts must be 0 or more, got " + refinePrompts);
        } else {
            check(refinePrompts == null, "--refine-prompts refines a static embedding; --embedding minilm embeds whole "
                    + "prompts already");
            check(budget >= 8 && budget <= SentenceEmbedder.MAX_TOKEN_BUDGET,
                    "--token-budget must be between 8 and " + SentenceEmbedder.MAX_TOKEN_BUDGET + ", got " + budget);
        }
        // Fail on a missing log before spending seconds loading the embedding model.
        for (Path log : logs) {
            if (!Files.isRegularFile(log)) {
                throw new TrainingInputException(log + ": traffic log not found");
            }
        }
        if (complexityPrompts != null) {
            for (Path p : complexityPrompts) {
                if (!Files.exists(p)) {
                    throw new TrainingInputException(p + ": complexity prompts not found (--complexity-prompts)");
                }
            }
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new TrainingInputException(out + ": --out exists and is not a directory");
        }
        TrainingOptions options = new TrainingOptions(logs, out, holdout, seed, scheme, threadCount, TrainingOptions.DEFAULT_K,
                TrainingOptions.DEFAULT_EPOCHS, recordedCommand(), prices, complexityPrompts == null ? List.of() : complexityPrompts);
        TrainingSummary summary;
        try (FeatureSource features = staticEmbedding ? new StaticFeatureSource(embeddingDims, budget, threadCount,
                refinePrompts == null ? StaticFeatureSource.DEFAULT_REFINE_PROMPTS : refinePrompts)
                : FeaturizerSource.create(budget, threadCount)) {
            if (featureCache == null) {
                summary = TrainingRun.run(options, features, progress);
            } else {
                io.routewise.training.CachedFeatures cached = io.routewise.training.CachedFeatures.in(featureCache, features);
                try {
                    summary = TrainingRun.run(options, cached, progress);
                } finally {
                    cached.save();
                }
            }
        }
        printSummary(spec.commandLine().getOut(), summary);
        return 0;
    }

    private LabelScheme parseScheme() {
        try {
            return LabelScheme.fromCli(labels);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--labels: " + e.getMessage());
        }
    }

    private void check(boolean ok, String message) {
        if (!ok) {
            throw new CommandLine.ParameterException(spec.commandLine(), message);
        }
    }

    /** {@code scripts/routewise train ...} with the arguments exactly as typed (shell-quoted where needed). */
    String recordedCommand() {
        List<String> words = new ArrayList<>();
        words.add(LAUNCHER);
        words.add(spec.name());
        words.addAll(spec.commandLine().getParseResult().originalArgs().stream()
                .dropWhile(a -> !a.equals(spec.name())).skip(1).toList());
        return String.join(" ", words.stream().map(TrainCommand::shellQuote).toList());
    }

    static String shellQuote(String word) {
        if (SHELL_SAFE.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private static void printSummary(PrintWriter out, TrainingSummary s) {
        out.printf(Locale.ROOT, "trained on %d requests (%d held out), %d classes: %s%n", s.data().train(), s.data().heldOut(),
                s.labels().size(), String.join(", ", s.labels()));
        out.println("held-out metrics (log-loss: lower is better; outcome Brier: error predicting each model's outcome):");
        out.printf(Locale.ROOT, "  %-26s %9s %9s %14s%n", "trainer", "log-loss", "accuracy", "outcome-Brier");
        for (TrainerResult r : s.results()) {
            out.printf(Locale.ROOT, "  %-26s %9.4f %9.4f %14.5f%s%n", r.name(), r.logLoss(), r.accuracy(), r.outcomeBrier(),
                    r.name().equals(s.chosen()) ? "  <- chosen" : "");
        }
        out.printf(Locale.ROOT, "chosen: %s (ONNX vs Tribuo max |diff| %.1e)%n", s.chosen(), s.onnxMaxAbsDiff());
        out.printf(Locale.ROOT, "wrote %s (classifier.onnx, model-card.json, routing-weights.json) in %.1f s%n",
                s.outDir(), s.seconds());
        out.flush();
    }
}
