package io.routewise.server;

import io.routewise.config.RoutewiseConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Gives each test router a ledger of its own: a SQLite file in a fresh temporary folder, with the
 * evaluation's weights and report folders beside it (never the working directory's {@code data/}).
 */
final class TestLedgers {

    private TestLedgers() {
    }

    /** {@code config} with its ledger moved to a new temporary SQLite file (and its evaluation folders beside it). */
    static RoutewiseConfig isolated(RoutewiseConfig config) {
        try {
            Path dir = Files.createTempDirectory("routewise-ledger-test");
            dir.toFile().deleteOnExit();
            return config.withLedger(config.ledger().withUrl("jdbc:sqlite:" + dir.resolve("ledger.db")))
                    .withEvaluation(config.evaluation().withDirs(dir.resolve("weights").toString(),
                            dir.resolve("eval-reports").toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
