package io.routewise.training.embedding;

import io.routewise.chat.Message;
import io.routewise.features.Featurizer;
import io.routewise.features.SentenceEmbedder;
import io.routewise.features.StaticEmbedder;
import io.routewise.features.StaticEmbeddingTable;
import io.routewise.features.WordPieces;
import io.routewise.training.FeatureSource;
import io.routewise.training.FeaturizerSource;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The featurizer of a model that embeds with a static table ({@link StaticEmbedder}): before training
 * it has no table. {@link #fittedOn} distils one from MiniLM with the training prompts' piece
 * frequencies ({@link StaticDistillation}), writes it into the model directory and returns the
 * featurizer that reads it, the same one serving builds from the directory. The piece vectors are
 * MiniLM's alone, so they are computed once per source however many trainings it fits.
 */
public final class StaticFeatureSource implements FeatureSource {

    /** The table's dimensions unless told otherwise. */
    public static final int DEFAULT_DIMENSIONS = 256;
    /** The most word pieces of a prompt a static embedding sums unless told otherwise. */
    public static final int DEFAULT_TOKEN_BUDGET = 512;

    private final int dimensions;
    private final int tokenBudget;
    private final List<String> names;
    private final List<FeaturizerSource> fitted = new ArrayList<>();
    private final Function<PrintStream, PieceVectors> distil;
    private PieceVectors pieceVectors;

    /** Every vocabulary piece's vector and the model they come from. */
    public record PieceVectors(float[][] vectors, String sourceModel, String sourceModelSha256) {
    }

    /** Distils from the shipped MiniLM on {@code threads} inference threads. */
    public StaticFeatureSource(int dimensions, int tokenBudget, int threads) {
        this(dimensions, tokenBudget, progress -> {
            try (SentenceEmbedder minilm = new SentenceEmbedder(SentenceEmbedder.DEFAULT_TOKEN_BUDGET, threads)) {
                return new PieceVectors(StaticDistillation.pieceVectors(minilm, WordPieces.vocabularySize(), threads,
                        progress), minilm.modelId(), minilm.modelSha256());
            }
        });
    }

    /** With the piece vectors from {@code distil} (tests give their own instead of running MiniLM). */
    public StaticFeatureSource(int dimensions, int tokenBudget, Function<PrintStream, PieceVectors> distil) {
        if (dimensions < 1 || dimensions > SentenceEmbedder.DIMENSIONS) {
            throw new IllegalArgumentException("static embedding dimensions must be 1.." + SentenceEmbedder.DIMENSIONS
                    + ", got " + dimensions);
        }
        if (tokenBudget < 1 || tokenBudget > 4096) {
            throw new IllegalArgumentException("token budget must be 1..4096, got " + tokenBudget);
        }
        this.dimensions = dimensions;
        this.tokenBudget = tokenBudget;
        this.distil = distil;
        this.names = Featurizer.featureNames(dimensions);
    }

    @Override
    public float[] features(List<Message> messages) {
        throw new IllegalStateException("a static embedding featurizes only once fitted on the training part (fittedOn)");
    }

    @Override
    public List<String> names() {
        return names;
    }

    /** Before fitting: what is known of the featurizer (the table's hash comes with the table). */
    @Override
    public Map<String, Object> spec() {
        return Map.of("embedding_model", StaticEmbedder.MODEL_ID_PREFIX + "(not fitted)/d" + dimensions,
                "token_budget", tokenBudget, "system_prefix_chars", Featurizer.SYSTEM_PREFIX_CHARS);
    }

    @Override
    public synchronized FeatureSource fittedOn(List<List<Message>> training, Path modelDir, PrintStream progress) {
        List<String> corpus = new ArrayList<>(training.size());
        training.forEach(c -> corpus.add(Featurizer.embeddingText(c)));
        if (pieceVectors == null) {
            pieceVectors = distil.apply(progress);
        }
        Path file = modelDir.resolve(StaticEmbeddingTable.FILE_NAME);
        try (WordPieces pieces = WordPieces.load(tokenBudget)) {
            StaticEmbeddingTable table = StaticDistillation.distil(pieceVectors.vectors(), pieceVectors.sourceModel(),
                    pieceVectors.sourceModelSha256(), pieces, corpus, dimensions);
            table.write(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        progress.printf("static embedding: %d x %d table from %s, piece weights from %d training prompts -> %s%n",
                pieceVectors.vectors().length, dimensions, pieceVectors.sourceModel(), corpus.size(), file);
        FeaturizerSource source = new FeaturizerSource(new Featurizer(StaticEmbedder.load(file, tokenBudget)));
        fitted.add(source);
        return source;
    }

    @Override
    public synchronized void close() {
        fitted.forEach(FeaturizerSource::close);
        fitted.clear();
    }
}
