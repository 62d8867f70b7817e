package io.routewise.ledger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.routewise.config.LedgerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The ledger database: a HikariCP pool on a SQLite file or a PostgreSQL database, migrated by
 * Flyway when opened. SQLite runs in WAL mode with a busy timeout, so readers never block the
 * writer and concurrent writers wait instead of failing. Thread-safe; close it once, at shutdown.
 */
public final class Ledger implements AutoCloseable {

    /** How long a SQLite connection waits for another writer before giving up. */
    static final int SQLITE_BUSY_TIMEOUT_MS = 10_000;

    private static final String INSERT = "INSERT INTO ledger_rows (request_id, ts, api_key_id, provider, model, "
            + "input_tokens, output_tokens, cached_tokens, cost_usd, cost_estimated, latency_ms, ttft_ms, status, "
            + "error, decision_id, classes, config_version, model_version, pool, fallback_index, stream, messages) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final LedgerConfig config;
    private final Dialect dialect;
    private final HikariDataSource dataSource;

    private Ledger(LedgerConfig config, Dialect dialect, HikariDataSource dataSource) {
        this.config = config;
        this.dialect = dialect;
        this.dataSource = dataSource;
    }

    /**
     * Opens (creating when needed) and migrates the ledger at {@code config.url()}.
     *
     * @throws LedgerException when the database cannot be reached or migrated
     */
    public static Ledger open(LedgerConfig config) {
        Dialect dialect = Dialect.of(config.url());
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.url());
        hikari.setPoolName("routewise-ledger");
        hikari.setConnectionTimeout(10_000);
        if (dialect == Dialect.SQLITE) {
            createParentFolder(config.url());
            // sqlite-jdbc reads these connection properties as pragmas on every new connection.
            hikari.addDataSourceProperty("journal_mode", "WAL");
            hikari.addDataSourceProperty("synchronous", "NORMAL");
            hikari.addDataSourceProperty("busy_timeout", String.valueOf(SQLITE_BUSY_TIMEOUT_MS));
            hikari.addDataSourceProperty("foreign_keys", "true");
            // BEGIN IMMEDIATE: a transaction takes the write lock up front (waiting under busy_timeout)
            // instead of failing when it first reads and later tries to write.
            hikari.addDataSourceProperty("transaction_mode", "IMMEDIATE");
            hikari.setMaximumPoolSize(4);
        } else {
            hikari.setMaximumPoolSize(8);
        }
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(hikari); // tries one connection now, so a bad URL fails fast
        } catch (RuntimeException e) {
            throw new LedgerException("cannot open the ledger at " + redactUrl(config.url()) + ": "
                    + rootMessage(e), e);
        }
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations(dialect.migrations())
                    .table("ledger_schema_history")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            dataSource.close();
            throw new LedgerException("cannot open the ledger at " + redactUrl(config.url()) + ": "
                    + rootMessage(e), e);
        }
        return new Ledger(config, dialect, dataSource);
    }

    private static void createParentFolder(String url) {
        String file = url.substring("jdbc:sqlite:".length());
        int query = file.indexOf('?');
        if (query >= 0) {
            file = file.substring(0, query);
        }
        if (file.startsWith("file:")) {
            file = file.substring("file:".length());
        }
        Path parent = Path.of(file).toAbsolutePath().getParent();
        if (parent != null) {
            try {
                Files.createDirectories(parent);
            } catch (IOException e) {
                throw new LedgerException("cannot create the ledger folder " + parent + ": " + e.getMessage(), e);
            }
        }
        ownerOnly(Path.of(file));
    }

    /**
     * Creates a new SQLite file readable by its owner only (SQLite gives its -wal and -shm files the
     * same mode): it holds spend, prompts when logged, and the hashes of caller keys.
     */
    private static void ownerOnly(Path db) {
        if (file(db) || !db.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        try {
            Files.createFile(db, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // another process made it first
        } catch (IOException e) {
            throw new LedgerException("cannot create the ledger file " + db + ": " + e.getMessage(), e);
        }
    }

    private static boolean file(Path p) {
        return Files.exists(p) || p.toString().isEmpty() || p.toString().equals(":memory:");
    }

    /** The URL without user info or query parameters (which may hold a password). */
    static String redactUrl(String url) {
        String shown = url;
        int query = shown.indexOf('?');
        if (query >= 0) {
            shown = shown.substring(0, query);
        }
        int at = shown.indexOf('@');
        int scheme = shown.indexOf("//");
        if (at >= 0 && scheme >= 0 && at > scheme) {
            shown = shown.substring(0, scheme + 2) + shown.substring(at + 1);
        }
        return shown;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    public LedgerConfig config() {
        return config;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** A pooled connection; the caller closes it (also used by the evaluation store, {@code io.routewise.eval.store}). */
    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /**
     * Writes rows in one transaction (the writer thread's batch; callers on the request path use
     * {@link AsyncLedgerWriter} instead).
     */
    public void insert(List<LedgerRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                for (LedgerRow r : rows) {
                    bind(ps, r);
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new LedgerException("cannot write " + rows.size() + " ledger rows: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement ps, LedgerRow r) throws SQLException {
        int i = 1;
        ps.setString(i++, r.requestId());
        ps.setLong(i++, r.ts().toEpochMilli());
        ps.setString(i++, r.apiKeyId());
        ps.setString(i++, r.provider());
        ps.setString(i++, r.model());
        ps.setInt(i++, r.inputTokens());
        ps.setInt(i++, r.outputTokens());
        ps.setInt(i++, r.cachedTokens());
        ps.setDouble(i++, r.costUsd());
        ps.setBoolean(i++, r.costEstimated());
        ps.setLong(i++, r.latencyMs());
        if (r.ttftMs() == null) {
            ps.setNull(i++, Types.BIGINT);
        } else {
            ps.setLong(i++, r.ttftMs());
        }
        ps.setString(i++, r.status());
        ps.setString(i++, r.error());
        ps.setString(i++, r.decisionId());
        ps.setString(i++, r.classes());
        ps.setString(i++, r.configVersion());
        ps.setString(i++, r.modelVersion());
        ps.setString(i++, r.pool());
        ps.setInt(i++, r.fallbackIndex());
        ps.setBoolean(i++, r.stream());
        ps.setString(i, r.messages());
    }

    /** Closes the pool. Close the {@link AsyncLedgerWriter} first so its queue drains. */
    @Override
    public void close() {
        dataSource.close();
    }
}
