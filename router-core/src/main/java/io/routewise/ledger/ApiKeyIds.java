package io.routewise.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The id under which the ledger and budgets know a client API key: {@code key_} and the first 16 hex
 * digits of its SHA-256. Stable, short, and useless to anyone who reads the database.
 */
public final class ApiKeyIds {

    private ApiKeyIds() {
    }

    /** The id of a key, or null for no key. */
    public static String of(String apiKey) {
        if (apiKey == null || apiKey.isEmpty()) {
            return null;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
            return "key_" + HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
