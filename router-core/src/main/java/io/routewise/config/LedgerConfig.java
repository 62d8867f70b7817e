package io.routewise.config;

/** Where the cost ledger lives: a SQLite or PostgreSQL JDBC URL. */
public record LedgerConfig(String url) {

    public static final LedgerConfig DEFAULT = new LedgerConfig(null);

    public LedgerConfig {
        url = url == null ? "jdbc:sqlite:data/routewise.db" : url;
    }
}
