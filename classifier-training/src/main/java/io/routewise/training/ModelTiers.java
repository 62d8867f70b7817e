package io.routewise.training;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Which capability tier (1 small, 2 mid, 3 frontier: the catalog's {@code tier}) each logged
 * model belongs to, so that tier rows of the routing weights can be averaged from the logs. The
 * default table, with the reasoning behind it, is the resource {@value #RESOURCE}: one
 * {@code model<TAB>tier} per line, {@code -} for a model kept out of every tier, {@code #} comments.
 */
public final class ModelTiers {

    static final String RESOURCE = "model-tiers.tsv";
    /** What the routing-weights source records as the table used. */
    static final String DEFAULT_NAME = "classifier-training resource io/routewise/training/" + RESOURCE;

    private static final int EXCLUDED = 0;

    private final String name;
    private final Map<String, Integer> tiers;

    private ModelTiers(String name, Map<String, Integer> tiers) {
        this.name = name;
        this.tiers = Collections.unmodifiableMap(new TreeMap<>(tiers));
    }

    /** The shipped table. */
    public static ModelTiers defaults() {
        try (InputStream in = ModelTiers.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the classifier-training jar");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), DEFAULT_NAME);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /**
     * Parses a table.
     *
     * @param name names the table in error messages and in the routing weights' source
     * @throws IllegalArgumentException naming the line when one is malformed or a model is listed twice
     */
    public static ModelTiers parse(String text, String name) {
        Map<String, Integer> tiers = new TreeMap<>();
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length != 2) {
                throw new IllegalArgumentException(name + ":" + (i + 1) + ": expected 'model<TAB>tier', got '" + line + "'");
            }
            int tier;
            if (parts[1].equals("-")) {
                tier = EXCLUDED;
            } else {
                try {
                    tier = Integer.parseInt(parts[1]);
                } catch (NumberFormatException e) {
                    tier = -1;
                }
                if (tier < 1) {
                    throw new IllegalArgumentException(name + ":" + (i + 1) + ": tier must be a number >= 1 or '-', got '"
                            + parts[1] + "'");
                }
            }
            if (tiers.put(parts[0], tier) != null) {
                throw new IllegalArgumentException(name + ":" + (i + 1) + ": model '" + parts[0] + "' is listed twice");
            }
        }
        return new ModelTiers(name, tiers);
    }

    /** The model's tier; empty when the model is excluded or not in the table. */
    public OptionalInt tierOf(String model) {
        Integer t = tiers.get(model);
        return t == null || t == EXCLUDED ? OptionalInt.empty() : OptionalInt.of(t);
    }

    /** Whether the table mentions the model at all (with a tier or as excluded). */
    public boolean lists(String model) {
        return tiers.containsKey(model);
    }

    public String name() {
        return name;
    }
}
