package io.routewise.training;

/**
 * What the tier prior's complexity head and neighbours read: the model's own features, or those of an
 * embedding table of their own in the model directory (a static table refined toward whole prompts serves the
 * outcome model, while the prior keeps the distilled table its complexity labels were measured with).
 *
 * @param source          the features the prior is trained on
 * @param embeddingFile   the prior's own table, relative to the model directory; null when it reads the model's
 * @param embeddingSha256 that file's SHA-256; null exactly when {@code embeddingFile} is
 */
public record TierPriorFeatures(FeatureSource source, String embeddingFile, String embeddingSha256) {

    public TierPriorFeatures {
        if ((embeddingFile == null) != (embeddingSha256 == null)) {
            throw new IllegalArgumentException("a table file and its hash come together");
        }
    }

    /** The model's own features. */
    public static TierPriorFeatures sameAs(FeatureSource source) {
        return new TierPriorFeatures(source, null, null);
    }
}
