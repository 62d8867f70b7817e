package io.routewise.ledger;

import io.routewise.config.LedgerConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteBudgetStoreTest extends BudgetStoreContract {

    @TempDir
    Path dir;

    @Override
    Ledger openLedger() {
        return Ledger.open(new LedgerConfig("jdbc:sqlite:" + dir.resolve("budgets.db")));
    }
}
