package io.routewise.cli;

import io.routewise.auth.CallerKey;
import io.routewise.auth.CallerKeyStore;
import io.routewise.auth.NewKey;
import io.routewise.config.RoutewiseConfig;
import io.routewise.ledger.Ledger;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code routewise keys}: caller keys in the config's ledger database, so every router replica that
 * shares it accepts (and, within seconds of a revocation, refuses) the same keys.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Create, list and revoke caller keys (stored as salted hashes in the ledger database).",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a key and print it once; only its salted hash is kept.")
    static final class Create implements Callable<Integer> {

        @Option(names = "--name", required = true, description = "A unique name (letters, digits, '.', '_', '-').")
        String name;

        @Option(names = "--budget-usd", paramLabel = "USD", description = "The most this key may spend per period.")
        Double budgetUsd;

        @Option(names = "--period", paramLabel = "day|month", description = "The budget's period (default: month).")
        String period;

        @Option(names = "--rpm", paramLabel = "N", description = "Requests per minute.")
        Integer rpm;

        @Option(names = "--tpm", paramLabel = "N", description = "Tokens per minute.")
        Integer tpm;

        @Option(names = "--models", split = ",", paramLabel = "ID", description = "Catalog model ids it may use (default: any).")
        List<String> models;

        @Option(names = "--expires", paramLabel = "DATE", description = "Last day it works (UTC, e.g. 2027-01-31) or an instant.")
        String expires;

        @Mixin
        ConfigOption config;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            RoutewiseConfig cfg = config.load();
            NewKey key;
            try {
                Set<String> allowed = models == null ? Set.of() : new LinkedHashSet<>(models);
                for (String m : allowed) {
                    if (cfg.model(m).isEmpty()) {
                        throw new IllegalArgumentException("models: '" + m + "' is not a model of this config's catalog");
                    }
                }
                key = new NewKey(name, budgetUsd, period == null ? null : CallerKey.BudgetPeriod.parse(period), rpm, tpm,
                        allowed, NewKey.expiry(expires));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        e.getMessage().replaceFirst("^expires_at:", "--expires:"));
            }
            try (Ledger ledger = Ledger.open(cfg.ledger())) {
                CallerKeyStore.Created created;
                try {
                    created = new CallerKeyStore(ledger).create(key, Instant.now());
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
                }
                PrintWriter out = spec.commandLine().getOut();
                out.println(created.plaintext());
                out.flush();
                spec.commandLine().getErr().printf("routewise: created key '%s' (id %s; ledger and budgets know it as %s). "
                        + "This is the only time the key is shown.%n", created.key().name(), created.key().id(),
                        created.key().ledgerId());
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List keys (never the keys themselves).")
    static final class ListKeys implements Callable<Integer> {

        private static final String ROW = "%-24s %-12s %-8s %-22s %-14s %-6s %-8s %s%n";

        @Mixin
        ConfigOption config;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            RoutewiseConfig cfg = config.load();
            try (Ledger ledger = Ledger.open(cfg.ledger())) {
                PrintWriter out = spec.commandLine().getOut();
                out.printf(ROW, "NAME", "ID", "STATE", "LAST USED", "BUDGET", "RPM",
                        "TPM", "MODELS");
                Instant now = Instant.now();
                for (CallerKey k : new CallerKeyStore(ledger).list()) {
                    String state = k.revoked() ? "revoked" : k.expired(now) ? "expired" : "active";
                    out.printf(ROW, k.name(), k.id(), state,
                            k.lastUsedAt() == null ? "-" : k.lastUsedAt().toString().substring(0, 19) + "Z",
                            k.budgetUsd() == null ? "-" : String.format(java.util.Locale.ROOT, "$%.2f/%s", k.budgetUsd(),
                                    k.budgetPeriod().label()),
                            k.rpm() == null ? "-" : k.rpm(), k.tpm() == null ? "-" : k.tpm(),
                            k.models().isEmpty() ? "any" : String.join(",", new java.util.TreeSet<>(k.models())));
                }
            }
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke a key by name or id; every router sharing the ledger refuses it within seconds.")
    static final class Revoke implements Callable<Integer> {

        @Parameters(paramLabel = "NAME", description = "The key's name or id.")
        String name;

        @Mixin
        ConfigOption config;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            RoutewiseConfig cfg = config.load();
            try (Ledger ledger = Ledger.open(cfg.ledger())) {
                if (!new CallerKeyStore(ledger).revoke(name, Instant.now())) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "no active key named '" + name + "'");
                }
            }
            spec.commandLine().getOut().printf("revoked '%s'%n", name);
            return 0;
        }
    }
}
