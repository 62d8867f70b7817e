package io.routewise.training;

import io.routewise.chat.Message;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A deterministic stand-in featurizer: hashed bag of words (L2-normalised counts in
 * {@code dims} buckets) plus a scaled length feature. It needs no model files, so unit tests and
 * dry runs of the training pipeline use it; the router itself uses the embedding featurizer.
 */
public final class HashedWordFeatures implements FeatureSource {

    private final int dims;
    private final List<String> names;

    public HashedWordFeatures(int dims) {
        if (dims < 1 || dims > 9999) {
            throw new IllegalArgumentException("dims must be in 1..9999, got " + dims);
        }
        this.dims = dims;
        List<String> n = new ArrayList<>(dims + 1);
        for (int i = 0; i < dims; i++) {
            n.add(String.format(Locale.ROOT, "hash_%04d", i));
        }
        n.add("len_log_chars");
        this.names = List.copyOf(n);
    }

    @Override
    public float[] features(List<Message> messages) {
        float[] v = new float[dims + 1];
        StringBuilder text = new StringBuilder();
        for (Message m : messages) {
            text.append(m.text()).append('\n');
        }
        String lower = text.toString().toLowerCase(Locale.ROOT);
        for (String word : lower.split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty()) {
                v[Math.floorMod(fnv1a(word), dims)] += 1f;
            }
        }
        double norm = 0;
        for (int i = 0; i < dims; i++) {
            norm += v[i] * v[i];
        }
        if (norm > 0) {
            float inv = (float) (1 / Math.sqrt(norm));
            for (int i = 0; i < dims; i++) {
                v[i] *= inv;
            }
        }
        // log(1 + chars) / 10 keeps the value near [0, 1] like the others.
        v[dims] = (float) (Math.log1p(lower.length()) / 10.0);
        return v;
    }

    private static int fnv1a(String word) {
        int h = 0x811c9dc5;
        for (byte b : word.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x01000193;
        }
        return h;
    }

    @Override
    public List<String> names() {
        return names;
    }

    @Override
    public Map<String, Object> spec() {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("id", "hashed-words-" + dims);
        spec.put("kind", "hashed bag of words (FNV-1a, L2-normalised) + log(1+chars)/10; a test stand-in");
        spec.put("dimension", dims + 1);
        return spec;
    }
}
