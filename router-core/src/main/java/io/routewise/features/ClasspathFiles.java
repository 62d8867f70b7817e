package io.routewise.features;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Copies resources out of the classpath into the cache directory, once. A copy is written to a
 * temporary file in the target folder and then moved into place, so a concurrent process or a
 * crash never leaves a half-written file under the final name.
 */
final class ClasspathFiles {

    private ClasspathFiles() {
    }

    /** The bytes of a classpath resource. */
    static byte[] read(String resource) {
        try (InputStream in = open(resource)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read classpath resource " + resource, e);
        }
    }

    /** The SHA-256 (lower-case hex) of these bytes. */
    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    /**
     * Writes {@code bytes} to {@code target} unless a file of that size is already there. Callers
     * put a content hash or a version in the target's path, so "same size" means "same file".
     */
    static Path materialise(byte[] bytes, Path target) {
        return materialise(bytes.length, target, tmp -> Files.write(tmp, bytes));
    }

    /** Streams a (large) resource to {@code target} unless a file of {@code size} bytes is there. */
    static Path materialise(String resource, long size, Path target) {
        return materialise(size, target, tmp -> {
            try (InputStream in = open(resource); OutputStream out = Files.newOutputStream(tmp)) {
                in.transferTo(out);
            }
        });
    }

    /** Writes a file's content into a path. */
    private interface Content {
        void writeTo(Path file) throws IOException;
    }

    /** Writes through a temporary file moved into place, so a reader never sees half a file. */
    private static Path materialise(long size, Path target, Content content) {
        try {
            if (Files.isRegularFile(target) && Files.size(target) == size) {
                return target;
            }
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
            try {
                content.writeTo(tmp);
                moveIntoPlace(tmp, target);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target + " (set -D" + CacheDirectory.PROPERTY
                    + " or " + CacheDirectory.ENV + " to a writable folder)", e);
        }
    }

    static InputStream open(String resource) throws IOException {
        InputStream in = ClasspathFiles.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IOException("Classpath resource " + resource + " not found");
        }
        return in;
    }

    private static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JVM has no SHA-256", e);
        }
    }
}
