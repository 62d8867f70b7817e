package io.routewise.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.routewise.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The split by prompt a model directory was trained with, as its card records it ({@code data.split}:
 * {@code holdout} and {@code seed}; written by {@code routewise train} since 2026-12-07).
 */
record TrainingSplit(double holdout, long seed) {

    /** The directory's split, or null when its card does not record one (or cannot be read; loading it will say why). */
    static TrainingSplit of(Path modelDir) {
        Path card = modelDir.resolve("model-card.json");
        if (!Files.isRegularFile(card)) {
            return null;
        }
        try {
            JsonNode split = Json.MAPPER.readTree(card.toFile()).path("data").path("split");
            if (!split.path("holdout").isNumber() || !split.path("seed").canConvertToLong()
                    || !split.path("seed").isIntegralNumber()) {
                return null;
            }
            return new TrainingSplit(split.get("holdout").asDouble(), split.get("seed").asLong());
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "holdout %s, seed %d", holdout, seed);
    }
}
