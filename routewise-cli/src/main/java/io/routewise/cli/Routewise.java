package io.routewise.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code scripts/routewise}: one launcher for serving, simulating, training and evaluating. */
@Command(name = "routewise", mixinStandardHelpOptions = true, versionProvider = Routewise.Version.class,
        description = "Routewise, the LLM router that sends each request to the cheapest model good enough for it.",
        subcommands = {ServeCommand.class, RouteCommand.class, ReplayCommand.class, SimulateCommand.class, ConfigCommand.class,
                TrainCommand.class, EvaluateCommand.class, LogsCommand.class, KeysCommand.class, EvalCommand.class, WeightsCommand.class,
                CommandLine.HelpCommand.class})
public final class Routewise implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line with Routewise's error handling: one line to stderr, non-zero exit, no stack
     * trace; bad arguments too (with a pointer to {@code --help} instead of the whole usage text).
     */
    static CommandLine commandLine() {
        return commandLine(CommandLine.defaultFactory());
    }

    /** As {@link #commandLine()}, with the commands made by {@code factory} (tests hand in their own streams). */
    static CommandLine commandLine(CommandLine.IFactory factory) {
        CommandLine cli = new CommandLine(new Routewise(), factory);
        cli.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("routewise: " + ex.getMessage() + " (see '" + cmd.getCommandSpec().qualifiedName()
                    + " --help')");
            return UserErrors.USER_ERROR;
        });
        cli.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            cmd.getErr().println("routewise: " + UserErrors.describe(ex));
            return UserErrors.exitCode(ex);
        });
        // A bad option is one line too, with where to look, rather than the whole usage text.
        cli.setParameterExceptionHandler((ex, args) -> {
            String name = ex.getCommandLine().getCommandSpec().qualifiedName();
            ex.getCommandLine().getErr().println(name + ": " + ex.getMessage() + " (see: " + name + " --help)");
            return UserErrors.USER_ERROR;
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The version from the jar's manifest, when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Routewise.class.getPackage().getImplementationVersion();
            return new String[] {"routewise " + (v == null ? "development build" : v)};
        }
    }
}
