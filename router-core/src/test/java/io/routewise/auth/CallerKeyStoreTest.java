package io.routewise.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.routewise.config.LedgerConfig;
import io.routewise.ledger.Ledger;
import io.routewise.testing.RequiresPostgres;
import io.routewise.testing.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallerKeyStoreTest {

    @TempDir
    Path dir;

    static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    static void createsChecksAndRevokes(Ledger ledger) throws Exception {
        CallerKeyStore store = new CallerKeyStore(ledger);
        CallerKeyStore.Created created = store.create(new NewKey("team-a", 5.0, null, 60, null, Set.of("gpt-4.1-mini"),
                null), NOW);
        String key = created.plaintext();
        assertThat(KeySecrets.parse(key)).isPresent();
        assertThat(created.key().budgetPeriod()).isEqualTo(CallerKey.BudgetPeriod.MONTH);
        assertThat(created.key().ledgerId()).isEqualTo("key_" + created.key().id());

        // Nothing in the database contains the secret.
        String secret = KeySecrets.parse(key).orElseThrow().secret();
        try (Connection c = ledger.connection(); ResultSet r = c.createStatement().executeQuery("SELECT * FROM caller_keys")) {
            while (r.next()) {
                for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                    assertThat(String.valueOf(r.getObject(i))).doesNotContain(secret).doesNotContain(key);
                }
            }
        }

        CallerKeyAuthenticator auth = new CallerKeyAuthenticator(store, Clock.fixed(NOW, ZoneOffset.UTC));
        KeyCheck ok = auth.check(key);
        assertThat(ok.valid()).isTrue();
        assertThat(ok.key().name()).isEqualTo("team-a");
        assertThat(ok.key().allows("gpt-4.1-mini")).isTrue();
        assertThat(ok.key().allows("gpt-5")).isFalse();
        assertThat(auth.check(null).outcome()).isEqualTo(KeyCheck.Outcome.MISSING);
        assertThat(auth.check("sk-something").outcome()).isEqualTo(KeyCheck.Outcome.UNKNOWN);
        String wrongSecret = KeySecrets.format(created.key().id(), KeySecrets.newSecret());
        assertThat(auth.check(wrongSecret).outcome()).isEqualTo(KeyCheck.Outcome.UNKNOWN);

        assertThatThrownBy(() -> store.create(new NewKey("team-a", null, null, null, null, null, null), NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exists");
        assertThat(store.revoke("team-a", NOW)).isTrue();
        assertThat(store.revoke("team-a", NOW)).isFalse();
        // A fresh authenticator (another replica) refuses at once; this one within its cache time.
        assertThat(new CallerKeyAuthenticator(store, Clock.systemUTC()).check(key).outcome())
                .isEqualTo(KeyCheck.Outcome.REVOKED);
        assertThat(store.list()).extracting(CallerKey::name).containsExactly("team-a");
    }

    @Test
    void onSqlite() throws Exception {
        try (Ledger ledger = Ledger.open(new LedgerConfig("jdbc:sqlite:" + dir.resolve("sub").resolve("k.db")))) {
            createsChecksAndRevokes(ledger);
        }
        // The database holds key hashes and spend: its owner alone may read it.
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("sub").resolve("k.db")))).isEqualTo("rw-------");
    }

    @Test
    void anExpiredKeyIsRefused() {
        try (Ledger ledger = Ledger.open(new LedgerConfig("jdbc:sqlite:" + dir.resolve("e.db")))) {
            CallerKeyStore store = new CallerKeyStore(ledger);
            String key = store.create(new NewKey("short", null, null, null, null, null, NOW.plusSeconds(60)), NOW)
                    .plaintext();
            assertThat(new CallerKeyAuthenticator(store, Clock.fixed(NOW, ZoneOffset.UTC)).check(key).valid()).isTrue();
            assertThat(new CallerKeyAuthenticator(store, Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC)).check(key)
                    .outcome()).isEqualTo(KeyCheck.Outcome.EXPIRED);
        }
    }

    @Test
    void badKeySettingsNameTheField() {
        assertThatThrownBy(() -> new NewKey("has space", null, null, null, null, null, null)).hasMessageStartingWith("name:");
        assertThatThrownBy(() -> new NewKey("k", -1.0, null, null, null, null, null)).hasMessageStartingWith("budget_usd:");
        assertThatThrownBy(() -> new NewKey("k", null, null, 0, null, null, null)).hasMessageStartingWith("rpm:");
        assertThatThrownBy(() -> CallerKey.BudgetPeriod.parse("week")).hasMessageContaining("day or month");
        // A date means through that day (UTC); an instant is taken as given.
        assertThat(NewKey.expiry("2027-01-31")).isEqualTo(Instant.parse("2027-02-01T00:00:00Z"));
        assertThat(NewKey.expiry("2027-01-31T12:00:00Z")).isEqualTo(Instant.parse("2027-01-31T12:00:00Z"));
        assertThat(NewKey.expiry(null)).isNull();
        assertThatThrownBy(() -> NewKey.expiry("next week")).hasMessageStartingWith("expires_at:");
    }

    @Test
    void anAdminCredentialComesFromAFileOrTheEnvironmentAndMustBeLongEnough() throws Exception {
        Path file = dir.resolve("admin.key");
        Files.writeString(file, "a-long-enough-admin-secret\nignored\n", StandardCharsets.UTF_8);
        AdminCredential fromFile = AdminCredential.load(new io.routewise.config.AuthConfig(null, null, file.toString(), null,
                null), java.util.Map.of());
        assertThat(fromFile.matches("a-long-enough-admin-secret")).isTrue();
        assertThat(fromFile.matches("a-long-enough-admin-secreT")).isFalse();
        assertThat(AdminCredential.load(io.routewise.config.AuthConfig.DEFAULT, java.util.Map.of()).configured()).isFalse();
        assertThat(AdminCredential.load(io.routewise.config.AuthConfig.DEFAULT,
                java.util.Map.of("ROUTEWISE_ADMIN_KEY", "another-long-admin-secret")).matches("another-long-admin-secret"))
                .isTrue();
        assertThatThrownBy(() -> AdminCredential.load(io.routewise.config.AuthConfig.DEFAULT,
                java.util.Map.of("ROUTEWISE_ADMIN_KEY", "short"))).hasMessageContaining("at least 16");
    }

    @Nested
    @RequiresPostgres
    class OnPostgres {
        @Test
        void createsChecksAndRevokesOnASharedDatabase() throws Exception {
            try (TestPostgres.Schema schema = TestPostgres.newSchema();
                 Ledger ledger = Ledger.open(new LedgerConfig(schema.url()))) {
                createsChecksAndRevokes(ledger);
            }
        }
    }
}
