package io.routewise.training;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything a training run needs besides the featurizer.
 *
 * @param logs       traffic-log files (JSONL, gzip accepted)
 * @param outDir     the model directory to write
 * @param holdout    fraction of prompts held out for evaluation, in (0, 1)
 * @param seed       seeds the split and the trainers
 * @param scheme     what the classifier predicts
 * @param threads    featurizing threads
 * @param smoothingK pseudo-observations of the prior in each routing-weight cell
 * @param epochs     SGD epochs per trainer
 * @param command    the command line recorded in the model card as the way to rebuild it
 * @param prices     price CSV for the evidence's estimated costs ({@code --prices}), or null for logged costs only
 * @param complexityPrompts complexity-labelled prompt files or directories for the tier prior's complexity head
 *                   ({@code --complexity-prompts}); empty: no tier prior (unlogged catalog models are read from
 *                   the easiness column)
 */
public record TrainingOptions(List<Path> logs, Path outDir, double holdout, long seed, LabelScheme scheme, int threads,
                              double smoothingK, int epochs, String command, Path prices,
                              List<Path> complexityPrompts) {

    public static final double DEFAULT_HOLDOUT = 0.2;
    public static final long DEFAULT_SEED = 42;
    public static final double DEFAULT_K = 10;
    public static final int DEFAULT_EPOCHS = 5;

    public TrainingOptions {
        logs = List.copyOf(logs);
        complexityPrompts = complexityPrompts == null ? List.of() : List.copyOf(complexityPrompts);
        if (logs.isEmpty()) {
            throw new TrainingInputException("no traffic log given (--logs FILE...)");
        }
        if (!(holdout > 0 && holdout < 1)) {
            throw new IllegalArgumentException("--holdout must be strictly between 0 and 1, got " + holdout);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (!(smoothingK >= 0)) {
            throw new IllegalArgumentException("smoothing k must be >= 0, got " + smoothingK);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (prices != null && !Files.isRegularFile(prices)) {
            // Checked here so a run does not fail at its very end, after training.
            throw new TrainingInputException("--prices " + prices + ": no such file");
        }
        if (command == null || command.isBlank()) {
            StringBuilder c = new StringBuilder(defaultCommand(logs, outDir, holdout, seed, scheme));
            if (prices != null) {
                c.append(" --prices ").append(prices);
            }
            if (!complexityPrompts.isEmpty()) {
                c.append(" --complexity-prompts");
                complexityPrompts.forEach(p -> c.append(' ').append(p));
            }
            command = c.toString();
        }
    }

    /** The label scheme used unless told otherwise (it predicted logged outcomes best; see docs/training.md). */
    public static final LabelScheme DEFAULT_SCHEME = LabelScheme.COMPLEXITY_TASK;

    /** Defaults for everything but the inputs: complexity x task labels, two threads, k = 10, 5 epochs. */
    public static TrainingOptions of(List<Path> logs, Path outDir, double holdout, long seed) {
        return new TrainingOptions(logs, outDir, holdout, seed, DEFAULT_SCHEME,
                Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())), DEFAULT_K, DEFAULT_EPOCHS, null, null,
                List.of());
    }

    public TrainingOptions withScheme(LabelScheme newScheme) {
        return new TrainingOptions(logs, outDir, holdout, seed, newScheme, threads, smoothingK, epochs, null, prices, complexityPrompts);
    }

    /** The same options with the command line that the model card records. */
    public TrainingOptions withCommand(String newCommand) {
        return new TrainingOptions(logs, outDir, holdout, seed, scheme, threads, smoothingK, epochs, newCommand, prices,
                complexityPrompts);
    }

    /**
     * The same options with a price table for the evidence. The recorded command goes back to the
     * default one (which gains {@code --prices}), so call {@link #withCommand} after this.
     */
    public TrainingOptions withPrices(Path newPrices) {
        return new TrainingOptions(logs, outDir, holdout, seed, scheme, threads, smoothingK, epochs, null, newPrices,
                complexityPrompts);
    }

    /** The same options with complexity-labelled prompts for the tier prior (the recorded command goes back to the default). */
    public TrainingOptions withComplexityPrompts(List<Path> prompts) {
        return new TrainingOptions(logs, outDir, holdout, seed, scheme, threads, smoothingK, epochs, null, prices, prompts);
    }

    static String defaultCommand(List<Path> logs, Path outDir, double holdout, long seed, LabelScheme scheme) {
        StringBuilder sb = new StringBuilder("scripts/routewise train --logs");
        for (Path p : logs) {
            sb.append(' ').append(p);
        }
        sb.append(" --out ").append(outDir).append(" --holdout ").append(holdout).append(" --seed ").append(seed);
        if (scheme != DEFAULT_SCHEME) {
            sb.append(" --labels ").append(scheme.cliName());
        }
        return sb.toString();
    }
}
