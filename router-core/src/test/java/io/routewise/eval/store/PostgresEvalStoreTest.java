package io.routewise.eval.store;

import io.routewise.config.LedgerConfig;
import io.routewise.ledger.Ledger;
import io.routewise.testing.RequiresPostgres;
import io.routewise.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;

@RequiresPostgres
class PostgresEvalStoreTest extends EvalStoreContract {

    private TestPostgres.Schema schema;

    @Override
    Ledger openLedger() {
        schema = TestPostgres.newSchema();
        return Ledger.open(new LedgerConfig(schema.url()));
    }

    @AfterEach
    void dropSchema() {
        if (schema != null) {
            ledger.close();
            schema.close();
        }
    }
}
