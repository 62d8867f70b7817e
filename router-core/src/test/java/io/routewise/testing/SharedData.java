package io.routewise.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the project's shared data folder (the one holding {@code specs/}, {@code data/}, ...),
 * which lives beside the repository rather than in it.
 *
 * <p>Lookup order: the system property {@value #PROPERTY}, then the environment variable
 * {@value #ENV}, then a walk up from the working directory checking {@code <ancestor>/shared}
 * for every ancestor (Maven runs tests from the module folder, so the repository's sibling is
 * found as {@code ../../shared}). An explicit property or variable is used alone: if it points
 * at the wrong folder, the lookup fails instead of silently picking another one.
 *
 * <p>Tests that need the folder call {@link #assumeSharedSpecs()} (or carry
 * {@link RequiresSharedSpecs}): they are skipped on a checkout without it, but fail when
 * {@code CI=true}, so CI cannot pass by skipping them.
 */
public final class SharedData {

    /** System property naming the shared folder. */
    public static final String PROPERTY = "routewise.shared";
    /** Environment variable naming the shared folder. */
    public static final String ENV = "ROUTEWISE_SHARED";

    private SharedData() {
    }

    /**
     * The outcome of a lookup.
     *
     * @param folder   the shared folder, when found
     * @param searched every place looked at, in order, for the message when nothing was found
     */
    public record Lookup(Optional<Path> folder, List<String> searched) {

        public Lookup {
            searched = List.copyOf(searched);
        }

        /** Why nothing was found, naming the places searched and how to point at the folder. */
        public String notFoundReason() {
            return "../shared/specs not found: conformance tests skipped (searched " + String.join(", ", searched)
                    + "; set -D" + PROPERTY + "=<folder> or " + ENV + "=<folder> to point at it)";
        }
    }

    /** Looks the folder up with this JVM's property, environment and working directory. */
    public static Lookup lookup() {
        return lookup(System.getProperty(PROPERTY), System.getenv(ENV), Path.of("").toAbsolutePath());
    }

    /**
     * Looks the folder up from explicit inputs (so the rules are testable).
     *
     * @param property the system property's value, or null
     * @param env      the environment variable's value, or null
     * @param start    where the upward walk begins
     */
    public static Lookup lookup(String property, String env, Path start) {
        List<String> searched = new ArrayList<>();
        String explicit = notBlank(property) ? property : notBlank(env) ? env : null;
        if (explicit != null) {
            Path folder = Path.of(explicit).toAbsolutePath().normalize();
            searched.add(folder + (notBlank(property) ? " (-D" + PROPERTY + ")" : " (" + ENV + ")"));
            return new Lookup(hasSpecs(folder) ? Optional.of(folder) : Optional.empty(), searched);
        }
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared");
            searched.add(candidate.toString());
            if (hasSpecs(candidate)) {
                return new Lookup(Optional.of(candidate), searched);
            }
        }
        return new Lookup(Optional.empty(), searched);
    }

    /** The shared folder, or empty when this checkout has none. */
    public static Optional<Path> find() {
        return lookup().folder();
    }

    /** True when the build runs under CI ({@code CI=true}), where missing shared data is an error. */
    public static boolean isCi() {
        String ci = System.getenv("CI");
        return ci != null && ci.trim().toLowerCase(Locale.ROOT).equals("true");
    }

    /**
     * The {@code specs/} folder, or else the calling test is skipped (failed under CI) with a
     * reason naming where it was looked for.
     */
    public static Path assumeSharedSpecs() {
        return requireSpecs(lookup(), isCi());
    }

    /**
     * The {@code specs/} folder of a lookup; when there is none, aborts the test (a skip) or,
     * under CI, fails it.
     */
    public static Path requireSpecs(Lookup lookup, boolean ci) {
        if (lookup.folder().isPresent()) {
            return lookup.folder().get().resolve("specs");
        }
        String reason = lookup.notFoundReason();
        if (ci) {
            return Assertions.fail(reason.replace("conformance tests skipped", "failing because CI=true"));
        }
        printSkipNotice(reason);
        Assumptions.abort(reason);
        throw new IllegalStateException("unreachable: Assumptions.abort returned");
    }

    private static boolean hasSpecs(Path folder) {
        return Files.isDirectory(folder.resolve("specs"));
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static boolean skipNoticePrinted;

    /** Prints the skip reason once per JVM so a skipped suite is visible in the build log. */
    static synchronized void printSkipNotice(String reason) {
        if (!skipNoticePrinted) {
            skipNoticePrinted = true;
            System.err.println("[routewise] " + reason);
        }
    }
}
