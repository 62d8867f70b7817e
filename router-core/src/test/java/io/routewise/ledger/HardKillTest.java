package io.routewise.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.routewise.config.LedgerConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SQLite ledger whose process is killed with SIGKILL mid-write (writer never closed) still opens,
 * passes {@code PRAGMA integrity_check}, and lost no more than the stated bound.
 */
class HardKillTest {

    @TempDir
    Path dir;

    @Test
    void aLedgerKilledMidWriteOpensIntactAndLosesAtMostTheQueueAndOneBatch() throws Exception {
        Path db = dir.resolve("killed.db");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                CrashChild.class.getName(), db.toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        // A child that never reports must not hang the build.
        CompletableFuture.delayedExecutor(60, TimeUnit.SECONDS).execute(child::destroyForcibly);
        long submitted = 0;
        long written = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                String[] parts = line.trim().split(" ");
                submitted = Long.parseLong(parts[0]);
                written = Long.parseLong(parts[1]);
                if (written >= 3_000) {
                    break;
                }
            }
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no close()
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(written).as("the child wrote rows before it was killed").isGreaterThanOrEqualTo(3_000);

        LedgerConfig config = new LedgerConfig("jdbc:sqlite:" + db);
        try (Ledger ledger = Ledger.open(config)) {
            assertThat(Rows.textQuery(ledger, "PRAGMA integrity_check")).isEqualTo("ok");
            long rows = Rows.count(ledger, "ledger_rows");
            // Everything the writer reported as written is durable; what was lost fits the bound.
            assertThat(rows).isGreaterThanOrEqualTo(written);
            long bound = config.queueCapacity() + config.batchSize();
            assertThat(submitted - rows).isLessThanOrEqualTo(bound);
            System.out.printf("[ledger] hard kill: %d rows submitted at the last report, %d in the database, "
                    + "%d lost (bound %d)%n", submitted, rows, Math.max(0, submitted - rows), bound);
            ledger.insert(List.of(Rows.row("after-crash").build()));
            assertThat(Rows.count(ledger, "ledger_rows")).isEqualTo(rows + 1);
        }
    }
}
