package io.routewise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.routewise.config.ConfigLoader;
import io.routewise.config.LedgerConfig;
import io.routewise.ledger.ConfigHistory;
import io.routewise.ledger.Ledger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code routewise config history | show | diff | rollback} over the configs routers recorded in the ledger. */
class ConfigHistoryCommandTest {

    private static String config(Path tmp, String margin) {
        return """
                providers:
                  - {name: sim, kind: simulator}
                models:
                  - {id: m, provider: sim, input_usd_per_1m: 1, output_usd_per_1m: 1, context_window: 8000, max_output_tokens: 100}
                routing: {quality_margin: %s}
                ledger: {url: "jdbc:sqlite:%s"}
                """.formatted(margin, tmp.resolve("ledger.db"));
    }

    @Test
    void historyShowDiffAndRollbackWorkOnTheLedgersRecord(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("routewise.yaml");
        String first = config(tmp, "0.05");
        String second = config(tmp, "0.10");
        String v1 = ConfigLoader.parse(first, "a").version();
        String v2 = ConfigLoader.parse(second, "b").version();
        // What two reloads of a router would have recorded.
        try (Ledger ledger = Ledger.open(new LedgerConfig("jdbc:sqlite:" + tmp.resolve("ledger.db")))) {
            ConfigHistory history = new ConfigHistory(ledger);
            history.record(v1, first, "start", Instant.parse("2026-12-01T10:00:00Z"));
            history.record(v2, second, "file", Instant.parse("2026-12-01T11:00:00Z"));
        }
        Files.writeString(file, second);
        String cfg = file.toString();

        KeysCommandTest.Run list = KeysCommandTest.run("config", "history", "--config", cfg);
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out().lines().skip(1).toList()).hasSize(2);
        assertThat(list.out().lines().skip(1).findFirst().orElseThrow()).startsWith("*").contains(v2).contains("file");
        assertThat(list.out()).contains(v1).contains("start");

        assertThat(KeysCommandTest.run("config", "show", v1.substring(0, 6), "--config", cfg).out()).isEqualTo(first);
        KeysCommandTest.Run diff = KeysCommandTest.run("config", "diff", v1, v2, "--config", cfg);
        assertThat(diff.out()).contains("-routing: {quality_margin: 0.05}").contains("+routing: {quality_margin: 0.10}");
        assertThat(KeysCommandTest.run("config", "diff", v2, cfg, "--config", cfg).out().strip()).isEqualTo("no difference");

        KeysCommandTest.Run back = KeysCommandTest.run("config", "rollback", "--config", cfg);
        assertThat(back.exit()).as(back.err()).isZero();
        assertThat(back.err()).contains("now holds config " + v1);
        assertThat(Files.readString(file)).isEqualTo(first);
        assertThat(KeysCommandTest.run("config", "history", "--config", cfg).out().lines().skip(1).findFirst().orElseThrow())
                .contains(v1).contains("rollback");

        KeysCommandTest.Run unknown = KeysCommandTest.run("config", "show", "ffffffffffff", "--config", cfg);
        assertThat(unknown.exit()).isEqualTo(UserErrors.USER_ERROR);
        assertThat(unknown.err().strip()).doesNotContain("\n").contains("no config version 'ffffffffffff'");
        // A corrupt row (its text no longer a valid config): a refusal naming its line, and the file untouched.
        try (Ledger ledger = Ledger.open(new LedgerConfig("jdbc:sqlite:" + tmp.resolve("ledger.db")))) {
            new ConfigHistory(ledger).record("badbadbadbad", "providers: 7\n", "file", Instant.now());
        }
        KeysCommandTest.Run corrupt = KeysCommandTest.run("config", "rollback", "--to", "badbadbadbad", "--config", cfg);
        assertThat(corrupt.exit()).isEqualTo(UserErrors.USER_ERROR);
        assertThat(corrupt.err()).contains("config badbadbadbad:1:").doesNotContain("at io.routewise");
        assertThat(Files.readString(file)).isEqualTo(first);
        KeysCommandTest.Run badTarget = KeysCommandTest.run("config", "rollback", "--to", "abcdef", "--config", cfg);
        assertThat(badTarget.exit()).isEqualTo(UserErrors.USER_ERROR);
        assertThat(Files.readString(file)).as("nothing written on a refused rollback").isEqualTo(first);
    }
}
