package io.routewise.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routewise.config.LedgerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerTest {

    @TempDir
    Path dir;

    @Test
    void opensASqliteFileInAFolderItCreatesInWalModeWithABusyTimeout() {
        Path file = dir.resolve("nested/data/routewise.db");
        try (Ledger ledger = Ledger.open(new LedgerConfig("jdbc:sqlite:" + file))) {
            assertThat(Files.exists(file)).isTrue();
            assertThat(ledger.dialect()).isEqualTo(Dialect.SQLITE);
            assertThat(Rows.textQuery(ledger, "PRAGMA journal_mode")).isEqualToIgnoringCase("wal");
            assertThat(Rows.longQuery(ledger, "PRAGMA busy_timeout")).isEqualTo(Ledger.SQLITE_BUSY_TIMEOUT_MS);
        }
    }

    @Test
    void writesEveryFieldOfARowAndKeepsThemAcrossReopening() {
        LedgerConfig config = new LedgerConfig("jdbc:sqlite:" + dir.resolve("l.db"));
        try (Ledger ledger = Ledger.open(config)) {
            ledger.insert(List.of(Rows.row("r1").ttftMs(120L).stream(true).classes("{\"top\":\"code\"}").build(),
                    Rows.row("r1").status("TIMEOUT").error("timed out").fallbackIndex(1).build()));
        }
        try (Ledger ledger = Ledger.open(config)) {
            assertThat(Rows.count(ledger, "ledger_rows")).isEqualTo(2);
            assertThat(Rows.longQuery(ledger, "SELECT ttft_ms FROM ledger_rows WHERE fallback_index = 0")).isEqualTo(120);
            assertThat(Rows.textQuery(ledger, "SELECT classes FROM ledger_rows WHERE stream = 1"))
                    .isEqualTo("{\"top\":\"code\"}");
            assertThat(Rows.textQuery(ledger, "SELECT error FROM ledger_rows WHERE fallback_index = 1"))
                    .isEqualTo("timed out");
            assertThat(Rows.longQuery(ledger, "SELECT COUNT(*) FROM ledger_schema_history WHERE success = 1"))
                    .as("V1 ledger, V2 evaluation, V3 caller keys, V4 config history, V5 rate buckets, V6 weights versions and V7 budget waiters, each applied once").isEqualTo(7);
        }
    }

    @Test
    void refusesAnUnreachableDatabaseWithAMessageThatHidesThePassword() {
        LedgerConfig config = new LedgerConfig(
                "jdbc:postgresql://127.0.0.1:1/none?user=u&password=hunter2&connectTimeout=1");
        assertThatThrownBy(() -> Ledger.open(config))
                .isInstanceOf(LedgerException.class)
                .hasMessageContaining("cannot open the ledger at jdbc:postgresql://127.0.0.1:1/none")
                .hasMessageNotContaining("hunter2");
    }
}
