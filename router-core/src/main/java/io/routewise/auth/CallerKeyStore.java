package io.routewise.auth;

import io.routewise.ledger.Ledger;
import io.routewise.ledger.LedgerException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Caller keys in the ledger database, so that every replica sharing it knows every key and every
 * revocation. Stores the salted hash of each key's secret, never the key.
 */
public final class CallerKeyStore {

    /** A key and what checks its secret. */
    record Stored(CallerKey key, String salt, String secretHash) {
    }

    /** A created key with its plaintext, which exists only in this object and the creator's output. */
    public record Created(CallerKey key, String plaintext) {
    }

    private static final String COLUMNS = "id, name, salt, secret_hash, created_at, expires_at, revoked_at, last_used_at, "
            + "budget_usd, budget_period, rpm, tpm, models";

    private final Ledger ledger;

    public CallerKeyStore(Ledger ledger) {
        this.ledger = ledger;
    }

    /**
     * Creates a key.
     *
     * @throws IllegalArgumentException when the name is taken
     */
    public Created create(NewKey spec, Instant now) {
        if (byName(spec.name()).isPresent()) {
            throw new IllegalArgumentException("name: a key named '" + spec.name() + "' exists (revoked keys keep their name)");
        }
        String id = KeySecrets.newId();
        String secret = KeySecrets.newSecret();
        String salt = KeySecrets.newSalt();
        try (Connection c = ledger.connection(); PreparedStatement s = c.prepareStatement("INSERT INTO caller_keys ("
                + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?, ?, ?)")) {
            s.setString(1, id);
            s.setString(2, spec.name());
            s.setString(3, salt);
            s.setString(4, KeySecrets.hash(salt, secret));
            s.setLong(5, now.toEpochMilli());
            setLong(s, 6, spec.expiresAt() == null ? null : spec.expiresAt().toEpochMilli());
            if (spec.budgetUsd() == null) {
                s.setNull(7, Types.DOUBLE);
            } else {
                s.setDouble(7, spec.budgetUsd());
            }
            s.setString(8, spec.budgetPeriod() == null ? null : spec.budgetPeriod().label());
            setInt(s, 9, spec.rpm());
            setInt(s, 10, spec.tpm());
            s.setString(11, spec.models().isEmpty() ? null : String.join(",", new TreeSet<>(spec.models())));
            s.executeUpdate();
        } catch (SQLException e) {
            if (byName(spec.name()).isPresent()) {
                throw new IllegalArgumentException("name: a key named '" + spec.name() + "' exists");
            }
            throw new LedgerException("cannot store the caller key: " + e.getMessage(), e);
        }
        CallerKey key = find(id).orElseThrow().key();
        return new Created(key, KeySecrets.format(id, secret));
    }

    /** Every key, oldest first. */
    public List<CallerKey> list() {
        List<CallerKey> out = new ArrayList<>();
        try (Connection c = ledger.connection(); PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS
                + " FROM caller_keys ORDER BY created_at, name"); ResultSet r = s.executeQuery()) {
            while (r.next()) {
                out.add(read(r).key());
            }
        } catch (SQLException e) {
            throw new LedgerException("cannot list caller keys: " + e.getMessage(), e);
        }
        return out;
    }

    Optional<Stored> find(String id) {
        return one("id", id);
    }

    public Optional<CallerKey> byName(String name) {
        return one("name", name).map(Stored::key);
    }

    /** Revokes the key with this name (or id); false when there is none or it was revoked already. */
    public boolean revoke(String nameOrId, Instant now) {
        try (Connection c = ledger.connection(); PreparedStatement s = c.prepareStatement(
                "UPDATE caller_keys SET revoked_at = ? WHERE (name = ? OR id = ?) AND revoked_at IS NULL")) {
            s.setLong(1, now.toEpochMilli());
            s.setString(2, nameOrId);
            s.setString(3, nameOrId);
            return s.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new LedgerException("cannot revoke the caller key: " + e.getMessage(), e);
        }
    }

    /** Records a use (callers throttle this; it is not needed for correctness). */
    public void touch(String id, Instant now) {
        try (Connection c = ledger.connection(); PreparedStatement s = c.prepareStatement(
                "UPDATE caller_keys SET last_used_at = ? WHERE id = ?")) {
            s.setLong(1, now.toEpochMilli());
            s.setString(2, id);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new LedgerException("cannot record the caller key's use: " + e.getMessage(), e);
        }
    }

    private Optional<Stored> one(String column, String value) {
        try (Connection c = ledger.connection(); PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS
                + " FROM caller_keys WHERE " + column + " = ?")) {
            s.setString(1, value);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(read(r)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new LedgerException("cannot read caller keys: " + e.getMessage(), e);
        }
    }

    private static Stored read(ResultSet r) throws SQLException {
        String models = r.getString("models");
        String period = r.getString("budget_period");
        double budget = r.getDouble("budget_usd");
        Double budgetUsd = r.wasNull() ? null : budget;
        CallerKey key = new CallerKey(r.getString("id"), r.getString("name"), instant(r, "created_at"),
                instant(r, "expires_at"), instant(r, "revoked_at"), instant(r, "last_used_at"), budgetUsd,
                period == null ? null : CallerKey.BudgetPeriod.parse(period), integer(r, "rpm"), integer(r, "tpm"),
                models == null || models.isBlank() ? Set.of() : Set.copyOf(Arrays.asList(models.split(","))));
        return new Stored(key, r.getString("salt"), r.getString("secret_hash"));
    }

    private static Instant instant(ResultSet r, String column) throws SQLException {
        long v = r.getLong(column);
        return r.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    private static Integer integer(ResultSet r, String column) throws SQLException {
        int v = r.getInt(column);
        return r.wasNull() ? null : v;
    }

    private static void setLong(PreparedStatement s, int i, Long v) throws SQLException {
        if (v == null) {
            s.setNull(i, Types.BIGINT);
        } else {
            s.setLong(i, v);
        }
    }

    private static void setInt(PreparedStatement s, int i, Integer v) throws SQLException {
        if (v == null) {
            s.setNull(i, Types.INTEGER);
        } else {
            s.setInt(i, v);
        }
    }
}
