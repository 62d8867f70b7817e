package io.routewise.eval.store;

import io.routewise.config.LedgerConfig;
import io.routewise.ledger.Ledger;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteEvalStoreTest extends EvalStoreContract {

    @TempDir
    Path dir;

    @Override
    Ledger openLedger() {
        return Ledger.open(new LedgerConfig("jdbc:sqlite:" + dir.resolve("ledger.db")));
    }
}
