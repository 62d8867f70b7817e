package io.routewise.training;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A picocli-free entry point for trying the pipeline during development:
 * {@code TrainingMain --logs F... --out DIR [--holdout 0.2] [--seed 42] [--labels complexity|complexity-task]
 * [--hashed-dims 64] [--prices FILE]}. It featurizes with {@link HashedWordFeatures}; {@code routewise train} uses
 * the embedding featurizer.
 */
public final class TrainingMain {

    private TrainingMain() {
    }

    public static void main(String[] args) {
        List<Path> logs = new ArrayList<>();
        Path out = null;
        double holdout = TrainingOptions.DEFAULT_HOLDOUT;
        long seed = TrainingOptions.DEFAULT_SEED;
        LabelScheme scheme = TrainingOptions.DEFAULT_SCHEME;
        int dims = 64;
        Path prices = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--logs" -> {
                    while (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                        logs.add(Path.of(args[++i]));
                    }
                }
                case "--out" -> out = Path.of(args[++i]);
                case "--holdout" -> holdout = Double.parseDouble(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--labels" -> scheme = LabelScheme.fromCli(args[++i]);
                case "--hashed-dims" -> dims = Integer.parseInt(args[++i]);
                case "--prices" -> prices = Path.of(args[++i]);
                default -> {
                    System.err.println("unknown argument " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (out == null) {
            System.err.println("--out DIR is required");
            System.exit(2);
        }
        try {
            TrainingOptions options = TrainingOptions.of(logs, out, holdout, seed).withScheme(scheme).withPrices(prices)
                    .withCommand("java -cp <classifier-training classpath> " + TrainingMain.class.getName() + " "
                            + String.join(" ", args));
            TrainingRun.run(options, new HashedWordFeatures(dims), System.err);
        } catch (TrainingInputException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }
}
