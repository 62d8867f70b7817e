package io.routewise.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.routewise.config.BudgetConfig;
import io.routewise.config.LedgerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteBudgetStoreTest extends BudgetStoreContract {

    @TempDir
    Path dir;

    @Override
    Ledger openLedger() {
        return Ledger.open(new LedgerConfig("jdbc:sqlite:" + dir.resolve("budgets.db")));
    }

    @Test
    void twoPoolsOnOneSqliteFileWaitForEachOtherAndStayWithinTheCap() throws Exception {
        BudgetTarget target = new BudgetTarget("sim", "cheap", null);
        BudgetConfig cap = new BudgetConfig("model", "cheap", "day", 0.50);
        try (Ledger second = Ledger.open(new LedgerConfig("jdbc:sqlite:" + dir.resolve("budgets.db")))) {
            BudgetStore a = new BudgetStore(ledger, List.of(cap), Duration.ofMinutes(10), clock);
            BudgetStore b = new BudgetStore(second, List.of(cap), Duration.ofMinutes(10), clock);
            AtomicInteger admitted = concurrentReservations(List.of(a, b), target, 8, 20, 0.013);
            BudgetUsage u = b.usage(cap);
            assertThat(admitted.get()).isEqualTo(38);
            assertThat(u.spentUsd() + u.reservedUsd()).isLessThanOrEqualTo(0.50 + 1e-9);
        }
    }
}
