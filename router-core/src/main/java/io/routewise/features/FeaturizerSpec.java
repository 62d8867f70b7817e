package io.routewise.features;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything that decides which vector the featurizer builds for a request. A model card records
 * the spec its classifier was trained with; serving compares it with its own featurizer's spec and
 * refuses a model built on different features ({@link #requireSameAs}).
 *
 * @param version              the feature-extraction code's version ({@link #VERSION}); bumped
 *                             whenever a change would alter a vector
 * @param embeddingModel       the embedding model's id ({@link SentenceEmbedder#MODEL_ID})
 * @param embeddingModelSha256 SHA-256 of the embedding model's ONNX file
 * @param tokenBudget          the most tokens a prompt is embedded from
 * @param systemPrefixChars    how many characters of the system prompt are embedded
 * @param featureNames         the feature names in vector order (also alphabetical order)
 */
public record FeaturizerSpec(
        String version,
        String embeddingModel,
        String embeddingModelSha256,
        int tokenBudget,
        int systemPrefixChars,
        List<String> featureNames) {

    /** The version of the feature definitions in this code. */
    public static final String VERSION = "routewise-features-1";

    public FeaturizerSpec {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(embeddingModel, "embeddingModel");
        featureNames = featureNames == null ? List.of() : List.copyOf(featureNames);
    }

    /** Human-readable differences between this spec (serving) and {@code trained} (a model card's). */
    public List<String> differencesFrom(FeaturizerSpec trained) {
        List<String> diffs = new ArrayList<>();
        if (!version.equals(trained.version)) {
            diffs.add("feature version " + trained.version + " (model) vs " + version + " (this build)");
        }
        if (!embeddingModel.equals(trained.embeddingModel)) {
            diffs.add("embedding model " + trained.embeddingModel + " vs " + embeddingModel);
        }
        if (!Objects.equals(embeddingModelSha256, trained.embeddingModelSha256)) {
            diffs.add("embedding model file sha256 " + trained.embeddingModelSha256 + " vs " + embeddingModelSha256);
        }
        if (tokenBudget != trained.tokenBudget) {
            diffs.add("token budget " + trained.tokenBudget + " vs " + tokenBudget);
        }
        if (systemPrefixChars != trained.systemPrefixChars) {
            diffs.add("system prompt prefix " + trained.systemPrefixChars + " vs " + systemPrefixChars + " chars");
        }
        if (!featureNames.equals(trained.featureNames)) {
            diffs.add(describeNameDifference(trained.featureNames, featureNames));
        }
        return diffs;
    }

    /**
     * Throws when a classifier trained with {@code trained} cannot be fed this featurizer's vectors.
     *
     * @param modelName names the model (e.g. its directory) in the error message
     */
    public void requireSameAs(FeaturizerSpec trained, String modelName) {
        List<String> diffs = differencesFrom(trained);
        if (!diffs.isEmpty()) {
            throw new FeatureSpecMismatchException("The classifier in " + modelName
                    + " was trained on different features than this build computes: " + String.join("; ", diffs)
                    + ". Retrain it with this build (routewise train) or run the build it was trained with.", diffs);
        }
    }

    private static String describeNameDifference(List<String> trained, List<String> current) {
        if (trained.size() != current.size()) {
            return "feature count " + trained.size() + " vs " + current.size();
        }
        for (int i = 0; i < trained.size(); i++) {
            if (!trained.get(i).equals(current.get(i))) {
                return "feature " + i + " is " + trained.get(i) + " in the model but " + current.get(i) + " here";
            }
        }
        return "feature names differ";
    }
}
