package io.routewise.features;

import java.nio.file.Path;

/**
 * Where Routewise keeps files it extracts from its own jars (the embedding model, native
 * libraries), so that they are written once per version instead of into {@code /tmp} on every
 * start.
 *
 * <p>The root is, in order: the system property {@code routewise.cache.dir}, the environment
 * variable {@code ROUTEWISE_CACHE_DIR}, else {@code ~/.routewise/cache}. Every file under it can be
 * deleted at any time; it is recreated on the next start.
 */
final class CacheDirectory {

    public static final String PROPERTY = "routewise.cache.dir";
    public static final String ENV = "ROUTEWISE_CACHE_DIR";

    private CacheDirectory() {
    }

    /** The cache root (not created here). */
    public static Path root() {
        String configured = System.getProperty(PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(ENV);
        }
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        return Path.of(System.getProperty("user.home"), ".routewise", "cache");
    }
}
