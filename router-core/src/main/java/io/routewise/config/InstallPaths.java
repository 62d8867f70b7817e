package io.routewise.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the files a fresh clone ships ({@code models/default}, {@code eval-sets}) are found when the
 * router runs from another working directory: {@code scripts/routewise} keeps the caller's directory
 * (so the paths a user types are theirs) and passes the installation as {@value #HOME_PROPERTY}.
 */
public final class InstallPaths {

    /** The system property naming the installation directory. */
    public static final String HOME_PROPERTY = "routewise.home";

    private InstallPaths() {
    }

    /**
     * A relative path as given when it exists from the working directory; else the same path inside the
     * installation when it exists there; else as given (so errors name what the user wrote).
     */
    public static Path resolve(Path path) {
        return resolve(path, System.getProperty(HOME_PROPERTY));
    }

    static Path resolve(Path path, String home) {
        if (path.isAbsolute() || Files.exists(path) || home == null || home.isBlank()) {
            return path;
        }
        Path installed = Path.of(home).resolve(path);
        return Files.exists(installed) ? installed : path;
    }
}
