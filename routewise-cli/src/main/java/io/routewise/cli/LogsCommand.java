package io.routewise.cli;

import io.routewise.config.RoutewiseConfig;
import io.routewise.ledger.Ledger;
import io.routewise.ledger.PromptRedactor;
import io.routewise.ledger.TimeBound;
import io.routewise.ledger.TrafficLogExporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code routewise logs export}: the ledger as a traffic log {@code routewise train} reads. */
@Command(name = "logs", description = "Work with the traffic the router recorded in its ledger.",
        mixinStandardHelpOptions = true, subcommands = LogsCommand.Export.class)
final class LogsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write the ledger's requests (prompts, answers per model, feedback) as traffic-log JSONL "
                    + "for 'routewise train'. Prompts are redacted with the config's ledger.redact_prompts.")
    static final class Export implements Callable<Integer> {

        @Option(names = "--since", paramLabel = "TIME", description = "First instant or date (UTC) to export, inclusive.")
        String since;

        @Option(names = "--until", paramLabel = "TIME", description = "Instant or date (UTC) to stop at, exclusive.")
        String until;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The JSONL file to write.")
        Path out;

        @Option(names = "--merge-prompts", description = "Merge requests with the same prompt into one record with "
                + "every model's answer (and its feedback). Training labels a prompt from the outcomes of at least two "
                + "models; send one prompt to several models and score each answer to produce such data.")
        boolean mergePrompts;

        @Mixin
        ConfigOption config;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Instant from = instant("--since", since);
            Instant to = instant("--until", until);
            RoutewiseConfig cfg = config.load();
            TrafficLogExporter.Summary s;
            try (Ledger ledger = Ledger.open(cfg.ledger())) {
                Path parent = out.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                    s = new TrafficLogExporter(ledger, PromptRedactor.of(cfg.ledger().redactPrompts())).export(from, to, w);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            var o = spec.commandLine().getOut();
            if (mergePrompts) {
                o.printf("merged into %d prompts%n", PromptMerge.rewrite(out));
            }
            o.printf("%s: %d requests, %d responses, %d with feedback%n", out, s.requests(), s.responses(),
                    s.withFeedback());
            if (s.withoutPrompt() > 0) {
                o.printf("skipped %d requests without a prompt: logging.log_prompts was off when they were served%n",
                        s.withoutPrompt());
            }
            if (s.withoutAnswer() > 0) {
                o.printf("skipped %d requests where every attempt failed%n", s.withoutAnswer());
            }
            return 0;
        }

        private static Instant instant(String option, String value) {
            try {
                return TimeBound.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(new CommandLine(new Export()), option + " " + e.getMessage());
            }
        }
    }
}
