package io.routewise.features;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configures DJL and ONNX Runtime before either loads: DJL offline (no model-zoo downloads, no
 * telemetry calls to the EC2 metadata address or S3), DJL's cache in the Routewise cache
 * directory, and ONNX Runtime's native libraries extracted once into a versioned folder instead of
 * into {@code /tmp} on every start.
 *
 * <p>DJL reads these settings when its classes initialise, so {@link #ensure()} must run before
 * any {@code ai.djl} or {@code ai.onnxruntime} class is touched; {@link SentenceEmbedder} calls it
 * first. Settings the user made explicitly (environment variables or system properties) are left
 * alone:
 * <ul>
 *   <li>{@code ai.djl.offline=true} (DJL's env {@code DJL_OFFLINE} wins over it, so a warning is
 *       logged when that env says otherwise);</li>
 *   <li>{@code OPT_OUT_TRACKING=true} (offline mode already skips the telemetry call; this is a
 *       second lock);</li>
 *   <li>{@code DJL_CACHE_DIR} = {@code <cache>/djl}: the tokenizers native library shipped inside
 *       {@code ai.djl.huggingface:tokenizers} is extracted there, once per version;</li>
 *   <li>{@code onnxruntime.native.path} = {@code <cache>/onnxruntime/<build>/<platform>}: ONNX
 *       Runtime loads its two libraries from there; they are copied out of its jar on first use.</li>
 * </ul>
 * where {@code <cache>} is {@link CacheDirectory#root()}.
 */
public final class DjlOffline {

    private static final Logger LOG = LoggerFactory.getLogger(DjlOffline.class);

    static final String OFFLINE_PROPERTY = "ai.djl.offline";
    static final String OFFLINE_ENV = "DJL_OFFLINE";
    static final String TRACKING = "OPT_OUT_TRACKING";
    static final String DJL_CACHE = "DJL_CACHE_DIR";
    static final String ORT_NATIVE_PATH = "onnxruntime.native.path";

    private static final Path DJL_CACHE_DIR;

    static {
        Path root = CacheDirectory.root();
        if (System.getProperty(OFFLINE_PROPERTY) == null) {
            System.setProperty(OFFLINE_PROPERTY, "true");
        }
        String offlineEnv = System.getenv(OFFLINE_ENV);
        if (offlineEnv != null && !Boolean.parseBoolean(offlineEnv)) {
            LOG.warn("{}={} in the environment turns DJL's offline mode off; Routewise needs no download,"
                    + " unset it to keep DJL from calling out", OFFLINE_ENV, offlineEnv);
        }
        if (System.getProperty(TRACKING) == null) {
            System.setProperty(TRACKING, "true");
        }
        String cache = System.getenv(DJL_CACHE);
        if (cache == null) {
            cache = System.getProperty(DJL_CACHE);
        }
        if (cache == null) {
            cache = root.resolve("djl").toString();
            System.setProperty(DJL_CACHE, cache);
        }
        DJL_CACHE_DIR = Path.of(cache);
        if (System.getProperty(ORT_NATIVE_PATH) == null) {
            Path natives = extractOnnxRuntimeNatives(root);
            if (natives != null) {
                System.setProperty(ORT_NATIVE_PATH, natives.toString());
            }
        }
    }

    private DjlOffline() {
    }

    /** Applies the settings (once per JVM); returns DJL's cache directory. */
    public static Path ensure() {
        return DJL_CACHE_DIR;
    }

    /**
     * ONNX Runtime creates an {@code onnxruntime-java*} folder in {@code java.io.tmpdir} every time
     * it initialises, even when it loads its libraries from {@code onnxruntime.native.path}, and
     * only marks it delete-on-exit, so every JVM that ends by {@code halt} (test and benchmark
     * forks, a killed server) leaves one behind. Once ORT is loaded, this removes that folder when
     * it is empty (it is, when the libraries came from our cache). Best effort: ORT keeps the folder
     * in a private field, and a failure only leaves the folder.
     */
    static void removeOnnxRuntimeTempDirectory() {
        try {
            Class<?> loader = Class.forName("ai.onnxruntime.OnnxRuntime");
            java.lang.reflect.Field field = loader.getDeclaredField("tempDirectory");
            field.setAccessible(true);
            Object dir = field.get(null);
            if (dir instanceof Path path && path.getFileName().toString().startsWith("onnxruntime-java")) {
                java.nio.file.Files.deleteIfExists(path);
            }
        } catch (ReflectiveOperationException | RuntimeException | IOException e) {
            LOG.debug("Left ONNX Runtime's temporary folder in place: {}", e.toString());
        }
    }

    /**
     * Copies ONNX Runtime's libraries for this platform out of its jar into a folder named after
     * the ORT build, unless they are there already. Returns null (ORT then extracts them itself,
     * into a temporary folder) when this platform's libraries are not on the classpath.
     */
    private static Path extractOnnxRuntimeNatives(Path root) {
        String platform = ortPlatform();
        if (platform == null) {
            return null;
        }
        String[] libraries = {System.mapLibraryName("onnxruntime"), System.mapLibraryName("onnxruntime4j_jni")};
        String folder = "ai/onnxruntime/native/" + platform + "/";
        long[] sizes = new long[libraries.length];
        for (int i = 0; i < libraries.length; i++) {
            sizes[i] = resourceSize(folder + libraries[i]);
            if (sizes[i] < 0) {
                return null;
            }
        }
        Path dir = root.resolve("onnxruntime").resolve(ortBuild(sizes[0])).resolve(platform);
        for (int i = 0; i < libraries.length; i++) {
            ClasspathFiles.materialise(folder + libraries[i], sizes[i], dir.resolve(libraries[i]));
        }
        return dir;
    }

    /** ORT's jar carries the commit it was built from; without it, the library size stands in. */
    private static String ortBuild(long librarySize) {
        try (InputStream in = ClasspathFiles.open("GIT_COMMIT_ID")) {
            String commit = new String(in.readNBytes(64), StandardCharsets.US_ASCII).trim();
            if (commit.matches("[0-9a-fA-F]{12,40}")) {
                return commit.substring(0, 12).toLowerCase(Locale.ROOT);
            }
        } catch (IOException e) {
            LOG.debug("No GIT_COMMIT_ID resource from ONNX Runtime: {}", e.getMessage());
        }
        return "size-" + librarySize;
    }

    private static long resourceSize(String resource) {
        URL url = ClasspathFiles.class.getClassLoader().getResource(resource);
        if (url == null) {
            return -1;
        }
        try {
            URLConnection connection = url.openConnection();
            connection.setUseCaches(false);
            long size = connection.getContentLengthLong();
            if (size < 0) {
                try (InputStream in = connection.getInputStream()) {
                    size = in.transferTo(java.io.OutputStream.nullOutputStream());
                }
            } else {
                connection.getInputStream().close();
            }
            return size;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read classpath resource " + resource, e);
        }
    }

    /** ORT's name for this platform's native folder, or null when it ships none. */
    private static String ortPlatform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String osName;
        if (os.contains("linux")) {
            osName = "linux";
        } else if (os.contains("mac") || os.contains("darwin")) {
            osName = "osx";
        } else if (os.contains("win")) {
            osName = "win";
        } else {
            return null;
        }
        String archName;
        if (arch.equals("amd64") || arch.equals("x86_64")) {
            archName = "x64";
        } else if (arch.equals("aarch64") || arch.equals("arm64")) {
            archName = "aarch64";
        } else {
            return null;
        }
        return osName + "-" + archName;
    }
}
