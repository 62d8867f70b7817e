package io.routewise.ledger;

import io.routewise.config.LedgerConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteLedgerQueriesTest extends LedgerQueriesContract {

    @TempDir
    Path dir;

    @Override
    Ledger openLedger() {
        return Ledger.open(new LedgerConfig("jdbc:sqlite:" + dir.resolve("q.db")));
    }
}
