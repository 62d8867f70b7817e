package io.routewise.training;

import io.routewise.chat.Message;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Turns a conversation into the classifier's feature vector. The trainer needs only this, so
 * the production featurizer (sentence embedding + structural features) and test doubles plug in
 * alike. Implementations must be thread-safe: training featurizes on several threads.
 */
public interface FeatureSource extends AutoCloseable {

    /** The feature vector; its length is {@code names().size()} and every value is finite. */
    float[] features(List<Message> messages);

    /**
     * Feature names in vector order. They must sort alphabetically in that same order (zero-pad
     * numbers: {@code emb_000}), because Tribuo and its ONNX export order features by name.
     */
    List<String> names();

    /** What the model card records about the featurizer (model id, token budget, scaling...). */
    Map<String, Object> spec();

    /**
     * The source to featurize with once the training part is known. Most sources need nothing from it
     * and return themselves; one that learns from the training prompts (a static embedding's piece
     * weights) fits on them, writes what serving needs into the model directory and returns the
     * fitted source. Never sees held-out prompts.
     *
     * @param training the training part's conversations
     * @param modelDir the model directory being written
     */
    default FeatureSource fittedOn(List<List<Message>> training, Path modelDir, PrintStream progress) {
        return this;
    }

    /** What the tier prior reads: this source's own features unless a fitted source keeps another table for it. */
    default TierPriorFeatures tierPriorFeatures() {
        return TierPriorFeatures.sameAs(this);
    }

    /** Releases what the source holds (an embedding model, a tokenizer); nothing by default. */
    @Override
    default void close() {
    }
}
