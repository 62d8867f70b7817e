package io.routewise.cli;

import io.routewise.classifier.RoutingWeights;
import io.routewise.config.RoutewiseConfig;
import io.routewise.classifier.weights.StoredWeights;
import io.routewise.classifier.weights.WeightsStore;
import io.routewise.classifier.weights.WeightsVersion;
import io.routewise.server.RouterLauncher;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code routewise weights list|show|rollback}: the versioned routing weights the daily evaluation
 * writes to {@code evaluation.weights_dir} ({@link WeightsStore}). Version 0 is the model
 * directory's own training weights.
 */
@Command(name = "weights", mixinStandardHelpOptions = true,
        description = "Inspect and roll back the routing weights the drift evaluation writes (evaluation.weights_dir).",
        subcommands = {WeightsCommand.ListVersions.class, WeightsCommand.Show.class, WeightsCommand.Rollback.class})
final class WeightsCommand implements Runnable {

    private static final DateTimeFormatter CREATED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code --config}, {@code --dir} and {@code --model}: where the store is and what version 0 is. */
    static final class StoreOptions {

        @Mixin
        ConfigOption config;

        @Option(names = "--dir", paramLabel = "DIR",
                description = "The weights folder (default: evaluation.weights_dir of the config).")
        Path dir;

        @Option(names = "--model", paramLabel = "DIR",
                description = "The model directory whose training weights are version 0 (default: models/default).")
        Path model = RouterLauncher.DEFAULT_MODEL_DIR;

        private RoutewiseConfig loaded;

        RoutewiseConfig config() {
            if (loaded == null) {
                loaded = config.load();
            }
            return loaded;
        }

        WeightsStore store() {
            return new WeightsStore(dir != null ? dir : Path.of(config().evaluation().weightsDir()));
        }

        String trainingLabel() {
            return "training weights (" + model + ")";
        }
    }

    /** A version argument: {@code 3} or {@code v3}; 0 is the training weights. */
    static final class VersionConverter implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            String digits = value.startsWith("v") || value.startsWith("V") ? value.substring(1) : value;
            if (!digits.matches("\\d{1,9}")) {
                throw new CommandLine.TypeConversionException(
                        "not a weights version: '" + value + "' (expected a number such as 3 or v3)");
            }
            return Integer.parseInt(digits);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the stored weights versions; '*' marks the one servers route with.")
    static final class ListVersions implements Callable<Integer> {

        @Mixin
        StoreOptions options;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            WeightsStore store = options.store();
            List<WeightsVersion> versions = store.list();
            boolean trainingCurrent = versions.stream().noneMatch(WeightsVersion::current);
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"", "VERSION", "CREATED", "REASON", "RUN ID", "PARENT"});
            rows.add(new String[] {trainingCurrent ? "*" : "", "v0", "-", options.trainingLabel(), "-", "-"});
            for (WeightsVersion v : versions) {
                rows.add(new String[] {v.current() ? "*" : "", v.label(), CREATED.format(v.createdAt()), v.reason(),
                        v.runId() == null ? "-" : v.runId(), "v" + v.parent()});
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("weights in " + store.dir() + (versions.isEmpty() ? " (none written yet)" : ""));
            printTable(out, rows);
            out.flush();
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show one weights version (default: the current one): its provenance and its per-model weights.")
    static final class Show implements Callable<Integer> {

        @Parameters(arity = "0..1", paramLabel = "VERSION", converter = VersionConverter.class,
                description = "A version such as 3 or v3; 0 is the training weights (default: the current version).")
        Integer version;

        @Mixin
        StoreOptions options;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            WeightsStore store = options.store();
            int v = version != null ? version : store.currentVersion();
            PrintWriter out = spec.commandLine().getOut();
            if (v == 0) {
                Path file = options.model.resolve(RoutingWeights.FILE_NAME);
                out.printf("v0: %s%s%n", options.trainingLabel(), store.currentVersion() == 0 ? " (current)" : "");
                out.printf("file:     %s%n", file);
                if (Files.isRegularFile(file)) {
                    printWeights(out, RoutingWeights.read(file));
                }
                out.flush();
                return 0;
            }
            StoredWeights stored;
            try {
                stored = store.read(v);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            WeightsVersion meta = stored.version();
            out.printf("%s%s%n", meta.label(), meta.current() ? " (current)" : "");
            out.printf("created:  %s%n", meta.createdAt());
            out.printf("reason:   %s%n", meta.reason());
            out.printf("run id:   %s%n", meta.runId() == null ? "-" : meta.runId());
            out.printf("parent:   v%d%s%n", meta.parent(), meta.parent() == 0 ? " (" + options.trainingLabel() + ")" : "");
            out.printf("sha256:   %s%n", meta.sha256());
            out.printf("file:     %s%n", store.weightsFile(v));
            printWeights(out, stored.weights());
            out.flush();
            return 0;
        }

        private static void printWeights(PrintWriter out, RoutingWeights w) {
            out.printf("classes:  %s (smoothing k %s, prior: %s)%n", String.join(", ", w.classes()),
                    fmt(w.smoothingK()), w.prior());
            List<String[]> rows = new ArrayList<>();
            List<String> header = new ArrayList<>(List.of("MODEL", "PRIOR", "REQUESTS"));
            header.addAll(w.classes());
            rows.add(header.toArray(String[]::new));
            for (Map.Entry<String, RoutingWeights.ModelWeights> m : w.models().entrySet()) {
                List<String> row = new ArrayList<>(List.of(m.getKey(), fmt(m.getValue().prior()),
                        Long.toString(m.getValue().requests())));
                for (String c : w.classes()) {
                    RoutingWeights.ClassWeight cell = m.getValue().classes().get(c);
                    row.add(cell == null ? "-" : fmt(cell.expectedOutcome()));
                }
                rows.add(row.toArray(String[]::new));
            }
            printTable(out, rows);
        }

        private static String fmt(double d) {
            return String.format(Locale.ROOT, "%.3f", d).replaceAll("\\.?0+$", "");
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = "Route with the version that was current before the current one (or --to a given version). "
                    + "Running servers pick it up within evaluation.reload_interval_s.")
    static final class Rollback implements Callable<Integer> {

        @Option(names = "--to", paramLabel = "VERSION", converter = VersionConverter.class,
                description = "Make this version current instead (0: the training weights).")
        Integer to;

        @Mixin
        StoreOptions options;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            WeightsStore store = options.store();
            int was = store.currentVersion();
            WeightsVersion now;
            try {
                now = to == null ? store.rollback() : store.activate(to);
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("current routing weights: %s (was v%d)%s%n", now.label(), was,
                    now.version() == 0 ? ", the " + options.trainingLabel() : "");
            out.printf("running servers pick it up within %d s (evaluation.reload_interval_s)%n",
                    options.config().evaluation().reloadIntervalS());
            out.flush();
            return 0;
        }
    }

    /** Left-aligned columns, two spaces apart; the first column is the one-character current mark. */
    static void printTable(PrintWriter out, List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                line.append(c == columns - 1 ? row[c] : String.format("%-" + Math.max(1, width[c]) + "s  ", row[c]));
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
