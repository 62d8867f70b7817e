package io.routewise.ledger;

import io.routewise.config.LedgerConfig;
import io.routewise.testing.RequiresPostgres;
import io.routewise.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;

@RequiresPostgres
class PostgresLedgerQueriesTest extends LedgerQueriesContract {

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
}
