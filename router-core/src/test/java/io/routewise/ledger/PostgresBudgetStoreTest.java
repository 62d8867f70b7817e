package io.routewise.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.routewise.config.BudgetConfig;
import io.routewise.config.LedgerConfig;
import io.routewise.testing.RequiresPostgres;
import io.routewise.testing.TestPostgres;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@RequiresPostgres
class PostgresBudgetStoreTest extends BudgetStoreContract {

    private TestPostgres.Schema schema;

    @Override
    Ledger openLedger() {
        schema = TestPostgres.newSchema();
        return Ledger.open(new LedgerConfig(schema.url()));
    }

    @AfterEach
    void dropSchema() {
        schema.close();
    }

    @Test
    void twoLedgersWithTheirOwnPoolsRacingOnOneDatabaseStayWithinTheCap() throws Exception {
        BudgetTarget target = new BudgetTarget("sim", "cheap", null);
        BudgetConfig cap = new BudgetConfig("model", "cheap", "day", 0.50);
        try (Ledger second = Ledger.open(new LedgerConfig(schema.url()))) {
            BudgetStore a = new BudgetStore(ledger, List.of(cap), Duration.ofMinutes(10), clock);
            BudgetStore b = new BudgetStore(second, List.of(cap), Duration.ofMinutes(10), clock);
            // Uneven estimates, so the last admissions race for a remainder that only some fit in.
            AtomicInteger admitted = concurrentReservations(List.of(a, b), target, 12, 20, 0.013);
            BudgetUsage u = a.usage(cap);
            System.out.printf("[ledger] two pools, 240 calls of $0.013 against $0.50: %d admitted, "
                    + "$%.4f spent + $%.4f reserved%n", admitted.get(), u.spentUsd(), u.reservedUsd());
            assertThat(u.spentUsd() + u.reservedUsd()).isLessThanOrEqualTo(0.50 + 1e-9);
            assertThat(admitted.get()).isEqualTo(38); // floor(0.50 / 0.013): every call that fit was admitted
        }
    }
}
