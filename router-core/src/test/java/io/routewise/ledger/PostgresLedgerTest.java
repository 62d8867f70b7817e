package io.routewise.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.routewise.config.LedgerConfig;
import io.routewise.testing.RequiresPostgres;
import io.routewise.testing.TestPostgres;
import java.util.List;
import org.junit.jupiter.api.Test;

@RequiresPostgres
class PostgresLedgerTest {

    @Test
    void migratesAFreshSchemaAndWritesRowsThroughTheAsyncWriter() {
        try (TestPostgres.Schema schema = TestPostgres.newSchema();
             Ledger ledger = Ledger.open(new LedgerConfig(schema.url()))) {
            assertThat(ledger.dialect()).isEqualTo(Dialect.POSTGRESQL);
            ledger.insert(List.of(Rows.row("direct").stream(true).costEstimated(true).build()));
            AsyncLedgerWriter w = AsyncLedgerWriter.start(ledger);
            for (int i = 0; i < 600; i++) {
                w.submit(Rows.row("r" + i).build());
            }
            w.close();
            assertThat(Rows.count(ledger, "ledger_rows")).isEqualTo(601);
            assertThat(Rows.longQuery(ledger, "SELECT COUNT(*) FROM ledger_rows WHERE stream AND cost_estimated"))
                    .isEqualTo(1);
        }
    }

    @Test
    void opensTheSameSchemaTwiceWithoutMigratingAgain() {
        try (TestPostgres.Schema schema = TestPostgres.newSchema()) {
            Ledger.open(new LedgerConfig(schema.url())).close();
            try (Ledger again = Ledger.open(new LedgerConfig(schema.url()))) {
                assertThat(Rows.longQuery(again, "SELECT COUNT(*) FROM ledger_schema_history WHERE success"))
                        .as("V1 ledger, V2 evaluation, V3 caller keys, V4 config history, V5 rate buckets, V6 weights versions and V7 budget waiters, each applied once").isEqualTo(7);
            }
        }
    }
}
