package io.routewise.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * Routing-weight versions in the ledger database, so every router replica on it routes with the same
 * current version: each version's metadata and weights (as the weights folder holds them) and the one
 * current version with a sequence number that grows on every change.
 */
public final class SharedWeights {

    /** The current version, and the change it was set by. */
    public record Current(int version, long seq) {
    }

    /** One version's files, as text. */
    public record Version(int version, String meta, String weights) {
    }

    private final Ledger ledger;

    public SharedWeights(Ledger ledger) {
        this.ledger = ledger;
    }

    public Optional<Current> current() {
        try (Connection c = ledger.connection(); PreparedStatement s = c.prepareStatement(
                "SELECT version, seq FROM weights_current WHERE id = 1"); ResultSet r = s.executeQuery()) {
            return r.next() ? Optional.of(new Current(r.getInt(1), r.getLong(2))) : Optional.empty();
        } catch (SQLException e) {
            throw new LedgerException("cannot read the current weights version: " + e.getMessage(), e);
        }
    }

    public Optional<Version> version(int version) {
        try (Connection c = ledger.connection(); PreparedStatement s = c.prepareStatement(
                "SELECT meta, weights FROM weights_versions WHERE version = ?")) {
            s.setInt(1, version);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(new Version(version, r.getString(1), r.getString(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new LedgerException("cannot read weights version v" + version + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stores a version unless one of that number is there already.
     *
     * @return true when this version is now stored as given; false when another version holds the number
     */
    public boolean put(Version v) {
        Optional<Version> there = version(v.version());
        if (there.isPresent()) {
            return there.get().weights().equals(v.weights());
        }
        try (Connection c = ledger.connection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO weights_versions (version, meta, weights) VALUES (?, ?, ?) ON CONFLICT (version) DO NOTHING")) {
            s.setInt(1, v.version());
            s.setString(2, v.meta());
            s.setString(3, v.weights());
            s.executeUpdate();
        } catch (SQLException e) {
            throw new LedgerException("cannot store weights version v" + v.version() + ": " + e.getMessage(), e);
        }
        return version(v.version()).map(x -> x.weights().equals(v.weights())).orElse(false);
    }

    /** Makes {@code version} current for every replica; returns the change's sequence number. */
    public long setCurrent(int version, Instant at) {
        try (Connection c = ledger.connection()) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO weights_current (id, version, seq, changed_at) "
                    + "VALUES (1, ?, 1, ?) ON CONFLICT (id) DO UPDATE SET version = ?, seq = weights_current.seq + 1, "
                    + "changed_at = ?")) {
                s.setInt(1, version);
                s.setLong(2, at.toEpochMilli());
                s.setInt(3, version);
                s.setLong(4, at.toEpochMilli());
                s.executeUpdate();
            }
        } catch (SQLException e) {
            throw new LedgerException("cannot set the current weights version: " + e.getMessage(), e);
        }
        return current().map(Current::seq).orElse(0L);
    }
}
