package io.routewise.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;

/**
 * Token buckets in the ledger database, so a per-minute limit (a caller key's requests or tokens, a
 * provider's configured rate) holds across every router replica on the ledger. A bucket holds at most
 * its per-minute capacity and refills at that rate; one atomic {@code UPDATE} refills and takes, so two
 * replicas can never both take the last token. Costs one round trip to the database per take.
 */
public final class SharedRateBuckets {

    private final Ledger ledger;
    private final Clock clock;
    private final String take;

    public SharedRateBuckets(Ledger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
        Dialect d = ledger.dialect();
        // Refill since the last take (never negative, whatever the replicas' clocks say), cap, then take.
        String refilled = d.least("?", "tokens + " + d.greatest("0", "? - updated_at") + " * ? / 60000.0");
        this.take = "UPDATE rate_buckets SET tokens = " + refilled + " - ?, updated_at = " + d.greatest("updated_at", "?")
                + " WHERE name = ? AND " + refilled + " >= ?";
    }

    /** Whether limits should be shared: the ledger is one other machines can reach (PostgreSQL). */
    public static boolean worthSharing(Ledger ledger) {
        return ledger.dialect() == Dialect.POSTGRESQL;
    }

    /**
     * Takes {@code amount} from bucket {@code name} of capacity {@code perMinute}; an amount above the
     * capacity is taken from a full bucket (never refused forever).
     *
     * @return 0 when taken, else the seconds until it would be (for {@code Retry-After})
     * @throws LedgerException when the database cannot be reached
     */
    public long tryTake(String name, double perMinute, double amount) {
        double want = Math.min(amount, perMinute);
        long now = clock.millis();
        try (Connection c = ledger.connection()) {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO rate_buckets (name, tokens, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
                s.setString(1, name);
                s.setDouble(2, perMinute);
                s.setLong(3, now);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement(take)) {
                s.setDouble(1, perMinute);
                s.setLong(2, now);
                s.setDouble(3, perMinute);
                s.setDouble(4, want);
                s.setLong(5, now);
                s.setString(6, name);
                s.setDouble(7, perMinute);
                s.setLong(8, now);
                s.setDouble(9, perMinute);
                s.setDouble(10, want);
                if (s.executeUpdate() == 1) {
                    return 0;
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT tokens, updated_at FROM rate_buckets WHERE name = ?")) {
                s.setString(1, name);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        return 1;
                    }
                    double have = Math.min(perMinute, r.getDouble(1) + Math.max(0, now - r.getLong(2)) * perMinute / 60_000.0);
                    return Math.max(1, (long) Math.ceil((want - have) * 60.0 / perMinute));
                }
            }
        } catch (SQLException e) {
            throw new LedgerException("cannot take from the shared rate limit '" + name + "': " + e.getMessage(), e);
        }
    }
}
