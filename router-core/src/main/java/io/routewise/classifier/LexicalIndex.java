package io.routewise.classifier;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Word-overlap similarity between a prompt and the training prompts: TF-IDF vectors of the last user
 * turn (lower-cased runs of Unicode letters and digits; sublinear term frequency {@code 1 + ln tf};
 * smooth idf {@code ln((1 + N)/(1 + df)) + 1}; L2-normalised), compared by cosine through an inverted
 * index, so a query touches only the training prompts that share a word with it. The rows are the
 * neighbour index's rows, in the same order: {@link NeighbourIndex#aggregate} turns these similarities
 * into per-model predictions. Benchmark-style traffic repeats templates and domain words, which word
 * overlap finds where a sentence embedding blurs them; the two are blended.
 *
 * <p>File format ({@value #FILE_NAME}, big-endian as {@link DataOutputStream} writes): int magic
 * {@code RWLX}, int version 1, ints {@code rows N, terms T, k}, float {@code kappa}; then per term its
 * UTF-8 text (modified UTF, {@code writeUTF}), float idf, int postings {@code P}, int[P] rows
 * (ascending), float[P] weights. Immutable and thread-safe.
 */
public final class LexicalIndex {

    public static final String FILE_NAME = "lexical.bin";
    private static final int MAGIC = 0x52574C58; // "RWLX"
    private static final int VERSION = 1;

    private final int rows;
    private final int k;
    private final float kappa;
    private final Map<String, Integer> terms;
    private final float[] idf;
    private final int[][] postingRows;
    private final float[][] postingWeights;

    private LexicalIndex(int rows, int k, float kappa, Map<String, Integer> terms, float[] idf, int[][] postingRows,
                         float[][] postingWeights) {
        this.rows = rows;
        this.k = k;
        this.kappa = kappa;
        this.terms = terms;
        this.idf = idf;
        this.postingRows = postingRows;
        this.postingWeights = postingWeights;
    }

    /** Lower-cased runs of Unicode letters and digits. */
    public static List<String> tokens(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        List<String> tokens = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < lower.length(); ) {
            int cp = lower.codePointAt(i);
            boolean word = Character.isLetterOrDigit(cp);
            if (word && start < 0) {
                start = i;
            } else if (!word && start >= 0) {
                tokens.add(lower.substring(start, i));
                start = -1;
            }
            i += Character.charCount(cp);
        }
        if (start >= 0) {
            tokens.add(lower.substring(start));
        }
        return tokens;
    }

    /**
     * Indexes training prompts (row {@code i} = {@code texts.get(i)}).
     *
     * @param k     neighbours per model in {@link NeighbourIndex#aggregate}
     * @param kappa pseudo-observations of each model's prior there
     */
    public static LexicalIndex build(List<String> texts, int k, float kappa) {
        int n = texts.size();
        Map<String, Integer> ids = new LinkedHashMap<>();
        List<Integer> df = new ArrayList<>();
        List<Map<Integer, Integer>> counts = new ArrayList<>(n);
        for (String text : texts) {
            Map<Integer, Integer> tf = new TreeMap<>();
            for (String token : tokens(text)) {
                Integer id = ids.get(token);
                if (id == null) {
                    id = ids.size();
                    ids.put(token, id);
                    df.add(0);
                }
                if (tf.merge(id, 1, Integer::sum) == 1) {
                    df.set(id, df.get(id) + 1);
                }
            }
            counts.add(tf);
        }
        float[] idf = new float[ids.size()];
        int[][] postingRows = new int[ids.size()][];
        float[][] postingWeights = new float[ids.size()][];
        for (int t = 0; t < idf.length; t++) {
            idf[t] = (float) (Math.log((1.0 + n) / (1.0 + df.get(t))) + 1);
            postingRows[t] = new int[df.get(t)];
            postingWeights[t] = new float[df.get(t)];
        }
        int[] filled = new int[ids.size()];
        for (int r = 0; r < n; r++) {
            Map<Integer, Integer> tf = counts.get(r);
            double norm = norm(tf, idf);
            for (var e : tf.entrySet()) {
                int t = e.getKey();
                postingRows[t][filled[t]] = r;
                postingWeights[t][filled[t]] = (float) (weight(e.getValue(), idf[t]) / norm);
                filled[t]++;
            }
        }
        return new LexicalIndex(n, k, kappa, ids, idf, postingRows, postingWeights);
    }

    public int rows() {
        return rows;
    }

    public int k() {
        return k;
    }

    public float kappa() {
        return kappa;
    }

    /** Cosine similarity of the text to every row (0 for rows sharing no word with it). */
    public float[] similarities(String text) {
        Map<Integer, Integer> tf = new HashMap<>();
        for (String token : tokens(text)) {
            Integer id = terms.get(token);
            if (id != null) {
                tf.merge(id, 1, Integer::sum);
            }
        }
        float[] sims = new float[rows];
        if (tf.isEmpty()) {
            return sims;
        }
        double norm = norm(tf, idf);
        for (var e : tf.entrySet()) {
            int t = e.getKey();
            float q = (float) (weight(e.getValue(), idf[t]) / norm);
            int[] r = postingRows[t];
            float[] w = postingWeights[t];
            for (int i = 0; i < r.length; i++) {
                sims[r[i]] += q * w[i];
            }
        }
        return sims;
    }

    /** A term's TF-IDF weight: sublinear term frequency times inverse document frequency. */
    private static double weight(int termFrequency, float idf) {
        return (1 + Math.log(termFrequency)) * idf;
    }

    /** The L2 norm of a bag of terms' weights. */
    private static double norm(Map<Integer, Integer> tf, float[] idf) {
        double sum = 0;
        for (var e : tf.entrySet()) {
            double w = weight(e.getValue(), idf[e.getKey()]);
            sum += w * w;
        }
        return Math.sqrt(sum);
    }

    /** Writes the index in the format above. */
    public void write(Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(rows);
            out.writeInt(terms.size());
            out.writeInt(k);
            out.writeFloat(kappa);
            for (var e : terms.entrySet()) {
                int t = e.getValue();
                out.writeUTF(e.getKey());
                out.writeFloat(idf[t]);
                out.writeInt(postingRows[t].length);
                for (int r : postingRows[t]) {
                    out.writeInt(r);
                }
                for (float w : postingWeights[t]) {
                    out.writeFloat(w);
                }
            }
        }
    }

    /**
     * Reads an index written by {@link #write}.
     *
     * @param expectedRows the neighbour index's row count (the two must describe the same prompts)
     * @throws ModelDirectoryException naming the file and what is wrong with it
     */
    public static LexicalIndex read(Path file, int expectedRows) {
        if (!Files.isRegularFile(file)) {
            throw new ModelDirectoryException(file + ": lexical index not found");
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC) {
                throw new ModelDirectoryException(file + ": not a lexical index (bad magic)");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new ModelDirectoryException(file + ": unsupported lexical index version " + version);
            }
            int rows = in.readInt();
            int count = in.readInt();
            int k = in.readInt();
            float kappa = in.readFloat();
            if (rows != expectedRows || count < 0 || k < 1 || !(kappa >= 0)) {
                throw new ModelDirectoryException(file + ": header does not match (rows " + rows + " where the neighbour "
                        + "index has " + expectedRows + ", terms " + count + ", k " + k + ")");
            }
            Map<String, Integer> terms = new HashMap<>(count * 2);
            float[] idf = new float[count];
            int[][] postingRows = new int[count][];
            float[][] postingWeights = new float[count][];
            for (int t = 0; t < count; t++) {
                terms.put(in.readUTF(), t);
                idf[t] = in.readFloat();
                int p = in.readInt();
                if (p < 0 || p > rows) {
                    throw new ModelDirectoryException(file + ": term " + t + " has " + p + " postings for " + rows + " rows");
                }
                postingRows[t] = new int[p];
                postingWeights[t] = new float[p];
                for (int i = 0; i < p; i++) {
                    int r = in.readInt();
                    if (r < 0 || r >= rows) {
                        throw new ModelDirectoryException(file + ": posting row " + r + " outside 0.." + (rows - 1));
                    }
                    postingRows[t][i] = r;
                }
                for (int i = 0; i < p; i++) {
                    postingWeights[t][i] = in.readFloat();
                }
            }
            if (in.read() != -1) {
                throw new ModelDirectoryException(file + ": trailing bytes after the last term");
            }
            return new LexicalIndex(rows, k, kappa, terms, idf, postingRows, postingWeights);
        } catch (EOFException e) {
            throw new ModelDirectoryException(file + ": truncated lexical index", e);
        } catch (IOException e) {
            throw new ModelDirectoryException(file + ": cannot read it: " + e.getMessage(), e);
        }
    }
}
