package io.routewise.training;

import io.routewise.chat.Message;
import io.routewise.json.Json;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link FeatureSource} that remembers what it computed in a file, so that training again on the
 * same logs (another seed, another protocol variant) does not embed every prompt again. The file is
 * named after a hash of the featurizer's spec, so a different featurizer never reads another's
 * vectors; entries are keyed by the SHA-256 of the conversation's JSON. {@link #save()} writes the
 * file atomically (temporary file, then move).
 */
public final class CachedFeatures implements FeatureSource {

    private final FeatureSource source;
    private final Path file;
    private final Map<String, float[]> cache = new ConcurrentHashMap<>();
    private volatile boolean changed;

    private CachedFeatures(FeatureSource source, Path file) {
        this.source = source;
        this.file = file;
    }

    /** A cache of {@code source}'s vectors in {@code dir} (created when missing). */
    public static CachedFeatures in(Path dir, FeatureSource source) {
        try {
            Files.createDirectories(dir);
            String spec = Json.MAPPER.writeValueAsString(new java.util.TreeMap<>(source.spec())) + source.names();
            Path file = dir.resolve("features-" + sha256(spec).substring(0, 16) + ".bin");
            CachedFeatures cached = new CachedFeatures(source, file);
            cached.load();
            return cached;
        } catch (IOException e) {
            throw new UncheckedIOException("feature cache " + dir + ": " + e.getMessage(), e);
        }
    }

    private void load() throws IOException {
        if (!Files.isRegularFile(file)) {
            return;
        }
        int dim = source.names().size();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            while (true) {
                String key;
                try {
                    key = in.readUTF();
                } catch (EOFException end) {
                    break;
                }
                float[] v = new float[dim];
                for (int i = 0; i < dim; i++) {
                    v[i] = in.readFloat();
                }
                cache.put(key, v);
            }
        } catch (EOFException truncated) {
            // A truncated tail is dropped; the entries before it stay.
        }
    }

    /** A source that fits on the training part is not cached: its vectors change with every training part. */
    @Override
    public FeatureSource fittedOn(List<List<Message>> training, Path modelDir, PrintStream progress) {
        FeatureSource fitted = source.fittedOn(training, modelDir, progress);
        return fitted == source ? this : fitted;
    }

    /** Writes every vector computed so far, when anything is new. */
    public void save() {
        if (!changed) {
            return;
        }
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
                for (Map.Entry<String, float[]> e : cache.entrySet()) {
                    out.writeUTF(e.getKey());
                    for (float f : e.getValue()) {
                        out.writeFloat(f);
                    }
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            changed = false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the feature cache " + file + ": " + e.getMessage(), e);
        }
    }

    /** How many vectors the cache holds. */
    public int size() {
        return cache.size();
    }

    @Override
    public float[] features(List<Message> messages) {
        String key;
        try {
            key = sha256(Json.MAPPER.writeValueAsString(messages));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        float[] hit = cache.get(key);
        if (hit != null) {
            return hit.clone();
        }
        float[] v = source.features(messages);
        cache.put(key, v.clone());
        changed = true;
        return v;
    }

    @Override
    public List<String> names() {
        return source.names();
    }

    @Override
    public Map<String, Object> spec() {
        return source.spec();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
