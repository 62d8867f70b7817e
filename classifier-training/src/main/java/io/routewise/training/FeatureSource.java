package io.routewise.training;

import io.routewise.chat.Message;
import java.util.List;
import java.util.Map;

/**
 * Turns a conversation into the classifier's feature vector. The trainer needs only this, so
 * the production featurizer (sentence embedding + structural features) and test doubles plug in
 * alike. Implementations must be thread-safe: training featurizes on several threads.
 */
public interface FeatureSource {

    /** The feature vector; its length is {@code names().size()} and every value is finite. */
    float[] features(List<Message> messages);

    /**
     * Feature names in vector order. They must sort alphabetically in that same order (zero-pad
     * numbers: {@code emb_000}), because Tribuo and its ONNX export order features by name.
     */
    List<String> names();

    /** What the model card records about the featurizer (model id, token budget, scaling...). */
    Map<String, Object> spec();
}
