package io.routewise.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The form of a caller key, {@code rw-<id>-<secret>}: a 12-character public id that finds its row,
 * and a 256-bit random secret of which only a salted SHA-256 is stored. A slow password hash is not
 * needed: the secret is random and as long as the hash, so there is nothing to guess offline.
 */
public final class KeySecrets {

    public static final String PREFIX = "rw-";
    private static final Pattern FORM = Pattern.compile("rw-([a-z0-9]{12})-([0-9a-f]{64})");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    /** A presented key, split. */
    public record Parts(String id, String secret) {
    }

    private KeySecrets() {
    }

    public static String newId() {
        char[] id = new char[12];
        for (int i = 0; i < id.length; i++) {
            id[i] = ID_ALPHABET[RANDOM.nextInt(ID_ALPHABET.length)];
        }
        return new String(id);
    }

    public static String newSecret() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    public static String newSalt() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    public static String format(String id, String secret) {
        return PREFIX + id + "-" + secret;
    }

    /** The parts of a presented key, or empty when it does not have the form. */
    public static Optional<Parts> parse(String presented) {
        if (presented == null || presented.length() > 100) {
            return Optional.empty();
        }
        Matcher m = FORM.matcher(presented);
        return m.matches() ? Optional.of(new Parts(m.group(1), m.group(2))) : Optional.empty();
    }

    /** SHA-256 of salt and secret, hex. */
    public static String hash(String salt, String secret) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(HexFormat.of().parseHex(salt));
            d.update(secret.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Whether the secret matches the stored hash, in time independent of where they differ. */
    public static boolean matches(String salt, String storedHash, String secret) {
        return MessageDigest.isEqual(hash(salt, secret).getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }
}
