package io.routewise.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The machine's PostgreSQL for tests: {@code 127.0.0.1:5432}, database {@code test}, trust auth as
 * {@code postgres} or {@code root} (override with {@code ROUTEWISE_TEST_PG_URL}). Each test gets a
 * schema of its own ({@link #newSchema()}), dropped on close, so concurrent runs do not collide.
 */
public final class TestPostgres {

    private static final String DEFAULT_BASE = "jdbc:postgresql://127.0.0.1:5432/test";
    private static Probe probe;
    private static boolean skipNoticePrinted;

    private TestPostgres() {
    }

    /** Whether PostgreSQL answers, and as whom (probed once per JVM). */
    public record Probe(boolean reachable, String baseUrl, String user, String reason) {
    }

    /** One schema for one test; {@link #url()} points Flyway and the pool at it. */
    public record Schema(String name, String url, String user) implements AutoCloseable {
        @Override
        public void close() {
            try (Connection c = DriverManager.getConnection(baseUrlOf(url), user, null);
                 Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
            } catch (SQLException e) {
                throw new IllegalStateException("cannot drop test schema " + name + ": " + e.getMessage(), e);
            }
        }
    }

    public static synchronized Probe probe() {
        if (probe == null) {
            probe = doProbe();
        }
        return probe;
    }

    private static Probe doProbe() {
        String base = System.getenv().getOrDefault("ROUTEWISE_TEST_PG_URL", DEFAULT_BASE);
        List<String> errors = new ArrayList<>();
        for (String user : List.of("postgres", "root")) {
            try (Connection c = DriverManager.getConnection(base + "?connectTimeout=3&loginTimeout=3", user, null)) {
                return new Probe(true, base, user, null);
            } catch (SQLException e) {
                errors.add(user + ": " + e.getMessage());
            }
        }
        return new Probe(false, base, null, "PostgreSQL unreachable at " + base + " ("
                + String.join("; ", errors) + "). Start it (.ci/run does) or set ROUTEWISE_TEST_PG_URL.");
    }

    /** Creates a fresh schema {@code rw_test_<random>}. */
    public static Schema newSchema() {
        Probe p = probe();
        if (!p.reachable()) {
            throw new IllegalStateException(p.reason());
        }
        String name = "rw_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
                .toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(p.baseUrl(), p.user(), null);
             Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test schema " + name + ": " + e.getMessage(), e);
        }
        return new Schema(name, p.baseUrl() + "?currentSchema=" + name + "&user=" + p.user(), p.user());
    }

    private static String baseUrlOf(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    static synchronized void printSkipNotice(String reason) {
        if (!skipNoticePrinted) {
            skipNoticePrinted = true;
            System.err.println("[routewise] PostgreSQL tests skipped: " + reason);
        }
    }
}
