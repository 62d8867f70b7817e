package io.routewise.features;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A static sentence embedding, distilled from MiniLM in the manner of Model2Vec: every word piece
 * has one vector (a {@link StaticEmbeddingTable} row, already weighted by how informative the piece
 * is), and a text's embedding is the L2-normalised sum of its pieces' rows. No neural network runs:
 * a short prompt costs its tokenization and a few hundred additions, microseconds instead of the
 * milliseconds MiniLM takes. The table ships in the model directory ({@value StaticEmbeddingTable#FILE_NAME});
 * {@code routewise train --embedding static} distils it.
 *
 * <p>A text without pieces embeds to the zero vector. Thread-safe.
 */
public final class StaticEmbedder implements PromptEmbedder {

    /** Model ids of static embedders start with this, then name the model the table was distilled from. */
    public static final String MODEL_ID_PREFIX = "routewise-static/";

    private final StaticEmbeddingTable table;
    private final String sha256;
    private final WordPieces pieces;

    private StaticEmbedder(StaticEmbeddingTable table, String sha256, WordPieces pieces) {
        this.table = table;
        this.sha256 = sha256;
        this.pieces = pieces;
    }

    /** Whether a card's embedding model id names a static embedding. */
    public static boolean isStatic(String modelId) {
        return modelId != null && modelId.startsWith(MODEL_ID_PREFIX);
    }

    /**
     * Loads a table file.
     *
     * @param tokenBudget the most word pieces of a text that are summed
     * @throws UncheckedIOException naming the file when it cannot be read as a table
     */
    public static StaticEmbedder load(Path file, int tokenBudget) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            StaticEmbeddingTable table = StaticEmbeddingTable.read(file, bytes);
            int vocabulary = WordPieces.vocabularySize();
            if (table.vocabulary() != vocabulary) {
                throw new IOException(file + ": the table has " + table.vocabulary() + " rows, the tokenizer " + vocabulary
                        + " pieces");
            }
            return new StaticEmbedder(table, ClasspathFiles.sha256(bytes), WordPieces.load(tokenBudget));
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    @Override
    public float[] embed(String text) {
        long[] ids = pieces.ids(text);
        int dims = table.dimensions();
        float[] rows = table.rows();
        float[] sum = new float[dims];
        for (long id : ids) {
            int base = (int) id * dims;
            for (int d = 0; d < dims; d++) {
                sum[d] += rows[base + d];
            }
        }
        double norm = 0;
        for (float v : sum) {
            norm += (double) v * v;
        }
        if (norm > 1e-24) {
            float inv = (float) (1 / Math.sqrt(norm));
            for (int d = 0; d < dims; d++) {
                sum[d] *= inv;
            }
        }
        return sum;
    }

    /** How many pieces of {@code text} are summed (at most the budget). */
    public int tokenCount(String text) {
        return pieces.ids(text).length;
    }

    @Override
    public int dimensions() {
        return table.dimensions();
    }

    @Override
    public String modelId() {
        return MODEL_ID_PREFIX + table.sourceModel() + "/d" + table.dimensions();
    }

    /** SHA-256 of the table file. */
    @Override
    public String modelSha256() {
        return sha256;
    }

    @Override
    public int tokenBudget() {
        return pieces.tokenBudget();
    }

    @Override
    public void close() {
        pieces.close();
    }
}
