package io.routewise.ledger;

/** The two databases the ledger runs on, and the few SQL spellings where they differ. */
enum Dialect {
    SQLITE("sqlite", "MAX", "MIN"),
    POSTGRESQL("postgresql", "GREATEST", "LEAST");

    private final String migrationFolder;
    private final String greatest;
    private final String least;

    Dialect(String migrationFolder, String greatest, String least) {
        this.migrationFolder = migrationFolder;
        this.greatest = greatest;
        this.least = least;
    }

    /** The two-argument minimum function ({@code MIN(a, b)} in SQLite, {@code LEAST} in PostgreSQL). */
    String least(String a, String b) {
        return least + "(" + a + ", " + b + ")";
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
