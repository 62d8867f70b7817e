package io.routewise.features;

/**
 * Turns a prompt's text into the unit-length vector behind the featurizer's {@code emb_} features.
 * Two kinds exist: the {@link SentenceEmbedder} (MiniLM run by ONNX Runtime, milliseconds a prompt)
 * and the {@link StaticEmbedder} distilled from it (a table lookup, microseconds). What a model card
 * records of the embedder ({@link #modelId()}, {@link #modelSha256()}, {@link #tokenBudget()}) is
 * what serving checks before it feeds the model's classifier. Implementations are thread-safe.
 */
public interface PromptEmbedder extends AutoCloseable {

    /** The vector of {@code text} (null counts as empty), {@link #dimensions()} long. */
    float[] embed(String text);

    /** How long every vector is. */
    int dimensions();

    /** What the model card records as the embedding model. */
    String modelId();

    /** SHA-256 of the file the vectors come from, so a card names exactly which one it used. */
    String modelSha256();

    /** The most tokens a text is embedded from. */
    int tokenBudget();

    @Override
    void close();
}
