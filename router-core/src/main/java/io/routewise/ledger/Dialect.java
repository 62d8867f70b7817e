package io.routewise.ledger;

/** The two databases the ledger runs on, and the few SQL spellings where they differ. */
enum Dialect {
    SQLITE("sqlite", "MAX"),
    POSTGRESQL("postgresql", "GREATEST");

    private final String migrationFolder;
    private final String greatest;

    Dialect(String migrationFolder, String greatest) {
        this.migrationFolder = migrationFolder;
        this.greatest = greatest;
    }

    /** The dialect of a JDBC URL. */
    public static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new LedgerException("ledger.url must start with jdbc:sqlite: or jdbc:postgresql: (got '"
                + jdbcUrl + "')");
    }

    /** Flyway location of this dialect's migrations. */
    String migrations() {
        return "classpath:db/migration/" + migrationFolder;
    }

    /** The two-argument maximum function ({@code MAX(a, b)} in SQLite, {@code GREATEST} in PostgreSQL). */
    String greatest(String a, String b) {
        return greatest + "(" + a + ", " + b + ")";
    }
}
