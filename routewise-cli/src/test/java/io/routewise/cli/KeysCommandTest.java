package io.routewise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code routewise keys create | list | revoke} on the config's ledger database. */
class KeysCommandTest {

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cli = Routewise.commandLine();
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static Path config(Path tmp) throws Exception {
        Path config = tmp.resolve("routewise.yaml");
        String ledger = "ledger: {url: \"jdbc:sqlite:" + tmp.resolve("keys.db") + "\"}";
        String text = Files.readString(Path.of("..", "routewise.yaml"));
        text = text.matches("(?s).*(?m)^ledger:.*") ? text.replaceFirst("(?m)^ledger: .*$", ledger) : text + "\n" + ledger + "\n";
        Files.writeString(config, text);
        return config;
    }

    @Test
    void aKeyIsPrintedOnceListedWithoutItselfAndRevoked(@TempDir Path tmp) throws Exception {
        String cfg = config(tmp).toString();
        Run created = run("keys", "create", "--name", "team-a", "--budget-usd", "5",
                "--models", "gpt-4.1-mini,gpt-5", "--config", cfg);
        assertThat(created.exit()).as(created.err()).isZero();
        String key = created.out().strip();
        assertThat(key).matches("rw-[a-z0-9]{12}-[0-9a-f]{64}");
        assertThat(created.err()).contains("only time").doesNotContain(key);

        Run list = run("keys", "list", "--config", cfg);
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains("team-a").contains("active").contains("$5.00/month").contains("gpt-4.1-mini,gpt-5")
                .doesNotContain(key.substring(16));

        assertThat(run("keys", "revoke", "team-a", "--config", cfg).exit()).isZero();
        assertThat(run("keys", "list", "--config", cfg).out()).contains("revoked");
        Run again = run("keys", "revoke", "team-a", "--config", cfg);
        assertThat(again.exit()).isEqualTo(UserErrors.USER_ERROR);
        assertThat(again.err().strip()).doesNotContain("\n").contains("no active key named 'team-a'");
    }

    @Test
    void badSettingsAreOneLineUserErrors(@TempDir Path tmp) throws Exception {
        String cfg = config(tmp).toString();
        Run model = run("keys", "create", "--name", "x", "--models", "no-such-model",
                "--config", cfg);
        assertThat(model.exit()).isEqualTo(UserErrors.USER_ERROR);
        assertThat(model.err().strip()).doesNotContain("\n").contains("no-such-model");
        Run period = run("keys", "create", "--name", "x", "--budget-usd", "1", "--period",
                "week", "--config", cfg);
        assertThat(period.exit()).isEqualTo(UserErrors.USER_ERROR);
        assertThat(period.err()).contains("day or month");
        Run name = run("keys", "create", "--name", "bad name", "--config", cfg);
        assertThat(name.exit()).isEqualTo(UserErrors.USER_ERROR);
        assertThat(name.err()).contains("name:");
    }
}
