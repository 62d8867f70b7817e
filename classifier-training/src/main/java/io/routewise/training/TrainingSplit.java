package io.routewise.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.routewise.classifier.ModelCard;
import io.routewise.classifier.ModelDirectoryException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The split by prompt a training run held out ({@link HoldoutSplit}'s fraction and seed), recorded in
 * its model card as {@code data.split} so that {@code routewise evaluate} can score the directory on
 * the same held-out prompts, ones it never saw. Written and read here only.
 */
public record TrainingSplit(double holdout, long seed) {

    private static final String FIELD = "split";

    /** Records this split in a card's {@code data} object. */
    public void writeTo(ObjectNode data) {
        data.putObject(FIELD).put("holdout", holdout).put("seed", seed);
    }

    /**
     * The split a model directory's card records, or null when the directory has no readable card (loading it
     * says why) or the card records none (trained before cards did).
     */
    public static TrainingSplit of(Path modelDir) {
        Path card = modelDir.resolve(ModelCard.FILE_NAME);
        if (!Files.isRegularFile(card)) {
            return null;
        }
        JsonNode split;
        try {
            split = ModelCard.read(card).data().path(FIELD);
        } catch (ModelDirectoryException e) {
            return null;
        }
        if (!split.path("holdout").isNumber() || !split.path("seed").isIntegralNumber()) {
            return null;
        }
        return new TrainingSplit(split.get("holdout").asDouble(), split.get("seed").asLong());
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "holdout %s, seed %d", holdout, seed);
    }
}
