package io.routewise.auth;

import io.routewise.config.AuthConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's credential for {@code /admin/*}, spend across keys and (when configured) metrics: read
 * from the environment variable {@code auth.admin_key_env} names, or from the first line of
 * {@code auth.admin_key_file}. It is compared in constant time and never logged.
 */
public final class AdminCredential {

    /** At least this long, so it cannot be guessed by trying. */
    public static final int MIN_LENGTH = 16;

    private final byte[] secret; // null: none configured

    private AdminCredential(byte[] secret) {
        this.secret = secret;
    }

    public static AdminCredential none() {
        return new AdminCredential(null);
    }

    /** Only for tests and for callers that already hold the value. */
    public static AdminCredential of(String value) {
        return new AdminCredential(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The credential's value, for a client that must present it (the CLI calling the admin API); empty
     * when none is configured.
     *
     * @throws IllegalArgumentException as {@link #load}
     */
    public static Optional<String> presentable(AuthConfig auth, Map<String, String> env) {
        AdminCredential credential = load(auth, env);
        return credential.configured() ? Optional.of(new String(credential.secret, StandardCharsets.UTF_8)) : Optional.empty();
    }

    /**
     * Reads the credential the config points at.
     *
     * @throws IllegalArgumentException when the file cannot be read or the value is too short to be safe
     */
    public static AdminCredential load(AuthConfig auth, Map<String, String> env) {
        String value;
        String where;
        if (auth.adminKeyFile() != null && !auth.adminKeyFile().isBlank()) {
            where = "auth.admin_key_file " + auth.adminKeyFile();
            try {
                value = Files.readAllLines(Path.of(auth.adminKeyFile()), StandardCharsets.UTF_8).stream().findFirst()
                        .orElse("").strip();
            } catch (IOException e) {
                throw new IllegalArgumentException(where + ": cannot read it (" + e.getClass().getSimpleName() + ")");
            }
        } else {
            where = "the environment variable " + auth.adminKeyEnv();
            value = Optional.ofNullable(env.get(auth.adminKeyEnv())).map(String::strip).orElse("");
            if (value.isEmpty()) {
                return none();
            }
        }
        if (value.length() < MIN_LENGTH) {
            throw new IllegalArgumentException(where + ": the admin credential must be at least " + MIN_LENGTH
                    + " characters");
        }
        return of(value);
    }

    public boolean configured() {
        return secret != null;
    }

    /** Whether the presented value is the credential. */
    public boolean matches(String presented) {
        return secret != null && presented != null
                && MessageDigest.isEqual(secret, presented.strip().getBytes(StandardCharsets.UTF_8));
    }
}
