package io.routewise.training;

import com.fasterxml.jackson.core.type.TypeReference;
import io.routewise.chat.Message;
import io.routewise.features.Featurizer;
import io.routewise.features.FeaturizerSpec;
import io.routewise.features.SentenceEmbedder;
import io.routewise.json.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The production {@link FeatureSource}: the router's own {@link Featurizer} (sentence embedding
 * plus structural features), so a model is trained on exactly the vectors serving computes.
 * {@link #spec()} is the {@link FeaturizerSpec} as JSON fields, which the model card records and
 * serving reads back to refuse a model built on other features. Thread-safe (the featurizer is).
 */
public final class FeaturizerSource implements FeatureSource {

    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private final Featurizer featurizer;
    private final Map<String, Object> spec;
    /** The tier prior's own featurizer and table file, or null when it reads this one's. */
    private final FeaturizerSource prior;
    private final String priorFile;

    /** Wraps a featurizer; {@link #close()} closes it. */
    public FeaturizerSource(Featurizer featurizer) {
        this(featurizer, Map.of());
    }

    /**
     * Wraps a featurizer whose spec the card records with {@code provenance} beside it (how its embedding
     * was made; serving does not read these fields).
     */
    public FeaturizerSource(Featurizer featurizer, Map<String, Object> provenance) {
        this(featurizer, provenance, null, null);
    }

    /**
     * {@link #FeaturizerSource(Featurizer, Map)} whose tier prior reads {@code prior}'s features, built from the
     * static table {@code priorFile} of the model directory; {@link #close()} closes it too.
     */
    public FeaturizerSource(Featurizer featurizer, Map<String, Object> provenance, FeaturizerSource prior,
                            String priorFile) {
        if ((prior == null) != (priorFile == null)) {
            throw new IllegalArgumentException("the prior's featurizer and its table file come together");
        }
        this.featurizer = featurizer;
        this.prior = prior;
        this.priorFile = priorFile;
        // The same field names Jackson gives the record, so Json.MAPPER reads it back as a FeaturizerSpec.
        LinkedHashMap<String, Object> fields = Json.MAPPER.convertValue(featurizer.spec(), MAP);
        fields.putAll(provenance);
        this.spec = Collections.unmodifiableMap(fields);
    }

    /** A featurizer with this token budget and one embedding slot per featurizing thread. */
    public static FeaturizerSource create(int tokenBudget, int threads) {
        return new FeaturizerSource(new Featurizer(new SentenceEmbedder(tokenBudget, threads)));
    }

    @Override
    public float[] features(List<Message> messages) {
        return featurizer.featurize(messages);
    }

    @Override
    public List<String> names() {
        return featurizer.featureNames();
    }

    @Override
    public Map<String, Object> spec() {
        return spec;
    }

    /** The wrapped featurizer's spec. */
    public FeaturizerSpec featurizerSpec() {
        return featurizer.spec();
    }

    @Override
    public TierPriorFeatures tierPriorFeatures() {
        return prior == null ? TierPriorFeatures.sameAs(this)
                : new TierPriorFeatures(prior, priorFile, prior.featurizerSpec().embeddingModelSha256());
    }

    @Override
    public void close() {
        featurizer.close();
        if (prior != null) {
            prior.close();
        }
    }
}
