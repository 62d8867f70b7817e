package io.routewise.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every config a router applied, in the ledger database: its version, when, why (start, file, signal,
 * admin, rollback) and its full text. Replicas on one PostgreSQL ledger share one history.
 */
public final class ConfigHistory {

    /** One applied config, without its text. */
    public record Entry(long id, String version, Instant appliedAt, String source) {
    }

    private final Ledger ledger;

    public ConfigHistory(Ledger ledger) {
        this.ledger = ledger;
    }

    /**
     * Records an applied config, unless the newest entry is already this version (a rollback recorded
     * by the command that wrote the file, then applied by the router watching it).
     */
    public void record(String version, String content, String source, Instant at) {
        Optional<Entry> newest = newest();
        if (newest.isPresent() && newest.get().version().equals(version)) {
            return;
        }
        try (Connection c = ledger.connection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO config_versions (version, applied_at, source, content) VALUES (?, ?, ?, ?)")) {
            s.setString(1, version);
            s.setLong(2, at.toEpochMilli());
            s.setString(3, source);
            s.setString(4, content);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new LedgerException("cannot record config " + version + ": " + e.getMessage(), e);
        }
    }

    /** The entries, newest first, at most {@code limit}. */
    public List<Entry> list(int limit) {
        List<Entry> out = new ArrayList<>();
        try (Connection c = ledger.connection(); PreparedStatement s = c.prepareStatement(
                "SELECT id, version, applied_at, source FROM config_versions ORDER BY id DESC LIMIT ?")) {
            s.setInt(1, limit);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new Entry(r.getLong(1), r.getString(2), Instant.ofEpochMilli(r.getLong(3)), r.getString(4)));
                }
            }
        } catch (SQLException e) {
            throw new LedgerException("cannot read the config history: " + e.getMessage(), e);
        }
        return out;
    }

    public Optional<Entry> newest() {
        List<Entry> one = list(1);
        return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
    }

    /** The text of {@code version} (a prefix of at least 4 characters will do when it is unambiguous). */
    public Optional<String> content(String version) {
        Optional<String> full = resolve(version);
        if (full.isEmpty()) {
            return Optional.empty();
        }
        try (Connection c = ledger.connection(); PreparedStatement s = c.prepareStatement(
                "SELECT content FROM config_versions WHERE version = ? ORDER BY id DESC LIMIT 1")) {
            s.setString(1, full.get());
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new LedgerException("cannot read config " + version + ": " + e.getMessage(), e);
        }
    }

    /**
     * The full version a (possibly shortened) version names.
     *
     * @throws IllegalArgumentException when a prefix names several versions
     */
    public Optional<String> resolve(String version) {
        List<String> found = new ArrayList<>();
        try (Connection c = ledger.connection(); PreparedStatement s = c.prepareStatement(
                "SELECT DISTINCT version FROM config_versions WHERE version LIKE ?")) {
            s.setString(1, version.replace("%", "").replace("_", "") + "%");
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    found.add(r.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new LedgerException("cannot read the config history: " + e.getMessage(), e);
        }
        if (found.contains(version)) {
            return Optional.of(version);
        }
        if (found.size() > 1) {
            throw new IllegalArgumentException("version '" + version + "' is ambiguous: " + String.join(", ", found));
        }
        return found.isEmpty() || version.length() < 4 ? Optional.empty() : Optional.of(found.get(0));
    }

    /** The version in force before the newest entry (the target of a plain rollback), if any. */
    public Optional<String> previous() {
        List<Entry> entries = list(1000);
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        String current = entries.get(0).version();
        return entries.stream().map(Entry::version).filter(v -> !v.equals(current)).findFirst();
    }
}
