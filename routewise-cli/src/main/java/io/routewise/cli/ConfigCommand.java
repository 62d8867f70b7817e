package io.routewise.cli;

import io.routewise.config.ConfigLoader;
import io.routewise.config.RoutewiseConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code routewise config check FILE}, and the history of applied configs ({@link ConfigHistoryCommands}). */
@Command(name = "config", description = "Work with config files.", mixinStandardHelpOptions = true,
        subcommands = {ConfigCommand.Check.class, ConfigHistoryCommands.History.class, ConfigHistoryCommands.Show.class,
                ConfigHistoryCommands.Diff.class, ConfigHistoryCommands.Rollback.class, ConfigCommand.Schema.class,
                ConfigCanaryCommand.class})
final class ConfigCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "check", description = "Validate a config file; print what is wrong (key path and line) and exit non-zero if anything is.",
            mixinStandardHelpOptions = true)
    static final class Check implements Callable<Integer> {

        @Parameters(paramLabel = "FILE", description = "The YAML config to check.")
        Path file;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            RoutewiseConfig config = ConfigLoader.load(file);
            long enabled = config.models().stream().filter(m -> m.enabled()).count();
            spec.commandLine().getOut().printf("%s: OK (%d providers, %d models, %d enabled; version %s)%n", file,
                    config.providers().size(), config.models().size(), enabled, config.version());
            return 0;
        }
    }

    @Command(name = "schema", mixinStandardHelpOptions = true,
            description = "Print the JSON Schema of routewise.yaml (for editors; the repository ships it as routewise.schema.json).")
    static final class Schema implements Callable<Integer> {

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            spec.commandLine().getOut().print(io.routewise.config.ConfigSchema.render());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
