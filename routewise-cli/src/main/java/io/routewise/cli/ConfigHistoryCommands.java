package io.routewise.cli;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import io.routewise.config.ConfigLoader;
import io.routewise.config.RoutewiseConfig;
import io.routewise.json.AtomicFiles;
import io.routewise.ledger.ConfigHistory;
import io.routewise.ledger.Ledger;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code routewise config history | show | diff | rollback}: the configs routers applied, from the config's
 * ledger database (every replica on one PostgreSQL ledger shares it).
 */
final class ConfigHistoryCommands {

    private ConfigHistoryCommands() {
    }

    /** The text of a version from the history, or of a file when {@code ref} names one. */
    static String textOf(ConfigHistory history, String ref, CommandLine cmd) {
        Path asFile = Path.of(ref);
        if (Files.isRegularFile(asFile)) {
            try {
                return Files.readString(asFile, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try {
            return history.content(ref).orElseThrow(() -> new CommandLine.ParameterException(cmd, "no config version '" + ref
                    + "' in the history (routewise config history lists them), and no such file"));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd, e.getMessage());
        }
    }

    @Command(name = "history", mixinStandardHelpOptions = true,
            description = "List the configs routers applied, newest first (version, when, source: start, file, signal, admin, rollback).")
    static final class History implements Callable<Integer> {

        @Mixin
        ConfigOption config;

        @Option(names = "--limit", defaultValue = "20", description = "How many entries (default: ${DEFAULT-VALUE}).")
        int limit;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (limit < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be at least 1");
            }
            RoutewiseConfig cfg = config.load();
            try (Ledger ledger = Ledger.open(cfg.ledger())) {
                List<ConfigHistory.Entry> entries = new ConfigHistory(ledger).list(limit);
                PrintWriter out = spec.commandLine().getOut();
                if (entries.isEmpty()) {
                    out.println("no config has been applied yet by a router on this ledger");
                    return 0;
                }
                out.printf("%-2s %-14s %-26s %s%n", "", "VERSION", "APPLIED AT", "SOURCE");
                for (int i = 0; i < entries.size(); i++) {
                    ConfigHistory.Entry e = entries.get(i);
                    out.printf("%-2s %-14s %-26s %s%n", i == 0 ? "*" : "", e.version(), e.appliedAt(), e.source());
                }
                return 0;
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print the text of a config version.")
    static final class Show implements Callable<Integer> {

        @Parameters(paramLabel = "VERSION", description = "A version (or an unambiguous prefix of at least 4 characters).")
        String version;

        @Mixin
        ConfigOption config;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (Ledger ledger = Ledger.open(config.load().ledger())) {
                spec.commandLine().getOut().print(textOf(new ConfigHistory(ledger), version, spec.commandLine()));
                spec.commandLine().getOut().flush();
                return 0;
            }
        }
    }

    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = "Show what changed between two config versions (or files), as a unified diff.")
    static final class Diff implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "A", description = "A version, or a file.")
        String a;

        @Parameters(index = "1", paramLabel = "B", description = "A version, or a file.")
        String b;

        @Mixin
        ConfigOption config;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (Ledger ledger = Ledger.open(config.load().ledger())) {
                ConfigHistory history = new ConfigHistory(ledger);
                List<String> left = textOf(history, a, spec.commandLine()).lines().toList();
                List<String> right = textOf(history, b, spec.commandLine()).lines().toList();
                List<String> diff = UnifiedDiffUtils.generateUnifiedDiff(a, b, left, DiffUtils.diff(left, right), 3);
                PrintWriter out = spec.commandLine().getOut();
                if (diff.isEmpty()) {
                    out.println("no difference");
                } else {
                    diff.forEach(out::println);
                }
                return 0;
            }
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = "Put an earlier config back in the config file (default: the one applied before the current one). "
                    + "A router watching the file applies it within seconds; the history records the rollback.")
    static final class Rollback implements Callable<Integer> {

        @Option(names = "--to", paramLabel = "VERSION", description = "The version to go back to.")
        String to;

        @Mixin
        ConfigOption config;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Path file = config.path();
            if (file == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "there is no config file to roll back: "
                        + "pass --config FILE (the file the router serves)");
            }
            RoutewiseConfig cfg = config.load();
            try (Ledger ledger = Ledger.open(cfg.ledger())) {
                ConfigHistory history = new ConfigHistory(ledger);
                String target;
                try {
                    target = to != null ? history.resolve(to).orElseThrow(() -> new CommandLine.ParameterException(
                            spec.commandLine(), "--to: no config version '" + to + "' in the history"))
                            : history.previous().orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
                            "the history holds no earlier version to roll back to"));
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--to: " + e.getMessage());
                }
                String text = history.content(target).orElseThrow();
                // The stored text was valid when it was applied; check it still is before it replaces the file.
                ConfigLoader.parse(text, "config " + target);
                AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
                history.record(target, text, "rollback", Instant.now());
                spec.commandLine().getErr().printf("routewise: %s now holds config %s (was %s); a router watching it "
                        + "applies it within seconds%n", file, target, cfg.version());
                return 0;
            }
        }
    }
}
