package io.routewise.classifier;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Nearest neighbours over the training prompts: for a request, each logged model's mean outcome
 * over the {@code k} training prompts most similar to it among those the model answered, smoothed
 * toward the model's overall mean, {@code (Σ outcomes + κ·prior) / (k' + κ)}.
 *
 * <p>Similarity is the cosine of the prompts' embeddings after a linear projection to a few
 * dimensions (principal components of the training embeddings): a decision compares the request
 * with every training prompt, and the projection keeps that under a millisecond for ~20,000 rows.
 *
 * <p>File format ({@value #FILE_NAME}, little-endian): magic {@code RWNI}, int version 1, then
 * ints {@code inputDim D, dims d, rows N, models M, k}, float {@code kappa}; int[D] the feature
 * indices read from the feature vector; float[D] their means; float[D·d] the projection
 * (row-major, D rows); float[M] each model's prior; float[N·d] each training prompt's projected,
 * L2-normalised vector; float[N·M] each prompt's outcome per model (NaN where the model did not
 * answer it). Model names are in the model card's {@code outcome_model.models}, in this order.
 *
 * <p>Immutable and thread-safe.
 */
public final class NeighbourIndex {

    public static final String FILE_NAME = "neighbours.bin";
    private static final int MAGIC = 0x494E5752; // "RWNI" little-endian
    private static final int VERSION = 1;

    private final int[] featureIndices;
    private final float[] mean;
    private final float[] projection;
    private final int dims;
    private final int rows;
    private final int models;
    private final int k;
    private final float kappa;
    private final float[] priors;
    /** The training vectors by dimension ({@code columns[j][row]}), the layout the similarity scan runs over. */
    private final float[][] columns;
    private final float[] outcomes;
    /** Rows grouped by the set of models that answered them; a search runs once per group. */
    private final int[][] groupRows;
    private final int[][] groupModels;

    /**
     * @param featureIndices which entries of the feature vector are projected (D)
     * @param mean           their training means (D)
     * @param projection     D×d, row-major
     * @param dims           d
     * @param k              neighbours per model
     * @param kappa          pseudo-observations of the prior
     * @param priors         per model, its mean outcome (M)
     * @param vectors        N×d projected, normalised training vectors
     * @param outcomes       N×M outcomes, NaN where not answered
     */
    public NeighbourIndex(int[] featureIndices, float[] mean, float[] projection, int dims, int k, float kappa,
                          float[] priors, float[] vectors, float[] outcomes) {
        if (featureIndices.length == 0 || mean.length != featureIndices.length
                || projection.length != featureIndices.length * dims || dims < 1) {
            throw new IllegalArgumentException("projection shapes disagree");
        }
        if (priors.length == 0 || vectors.length % dims != 0 || outcomes.length != (vectors.length / dims) * priors.length) {
            throw new IllegalArgumentException("row shapes disagree");
        }
        if (k < 1 || !(kappa >= 0)) {
            throw new IllegalArgumentException("k must be >= 1 and kappa >= 0");
        }
        this.featureIndices = featureIndices.clone();
        this.mean = mean.clone();
        this.projection = projection.clone();
        this.dims = dims;
        this.k = k;
        this.kappa = kappa;
        this.priors = priors.clone();
        this.outcomes = outcomes;
        this.rows = vectors.length / dims;
        this.models = priors.length;
        this.columns = new float[dims][rows];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < dims; j++) {
                columns[j][r] = vectors[r * dims + j];
            }
        }
        Map<BitSet, List<Integer>> modelsByRows = new LinkedHashMap<>();
        for (int m = 0; m < models; m++) {
            BitSet answered = new BitSet(rows);
            for (int r = 0; r < rows; r++) {
                if (!Float.isNaN(outcomes[r * models + m])) {
                    answered.set(r);
                }
            }
            if (!answered.isEmpty()) {
                modelsByRows.computeIfAbsent(answered, b -> new ArrayList<>()).add(m);
            }
        }
        groupRows = new int[modelsByRows.size()][];
        groupModels = new int[modelsByRows.size()][];
        int g = 0;
        for (Map.Entry<BitSet, List<Integer>> e : modelsByRows.entrySet()) {
            groupRows[g] = e.getKey().stream().toArray();
            groupModels[g] = e.getValue().stream().mapToInt(Integer::intValue).toArray();
            g++;
        }
    }

    public int models() {
        return models;
    }

    public int rows() {
        return rows;
    }

    public int dims() {
        return dims;
    }

    public int k() {
        return k;
    }

    public float kappa() {
        return kappa;
    }

    /** The projected, normalised vector of a feature vector. */
    public float[] project(float[] features) {
        float[] z = new float[dims];
        for (int i = 0; i < featureIndices.length; i++) {
            float x = features[featureIndices[i]] - mean[i];
            if (x != 0) {
                int base = i * dims;
                for (int j = 0; j < dims; j++) {
                    z[j] += x * projection[base + j];
                }
            }
        }
        double norm = 0;
        for (float v : z) {
            norm += v * v;
        }
        if (norm > 0) {
            float inv = (float) (1 / Math.sqrt(norm));
            for (int j = 0; j < dims; j++) {
                z[j] *= inv;
            }
        }
        return z;
    }

    /** Each model's smoothed neighbour mean for a feature vector, in model order. */
    public double[] predict(float[] features) {
        float[] z = project(features);
        float[] sims = new float[rows];
        addSimilarities(columns, z, sims);
        return aggregate(sims, k, kappa);
    }

    /**
     * Each model's smoothed mean outcome over the {@code k} rows it answered with the highest given
     * similarity (another index's similarities over these same rows, e.g. {@link LexicalIndex}).
     */
    public double[] aggregate(float[] sims, int k, float kappa) {
        if (sims.length != rows) {
            throw new IllegalArgumentException(sims.length + " similarities for " + rows + " rows");
        }
        double[] out = new double[models];
        for (int m = 0; m < models; m++) {
            out[m] = priors[m];
        }
        int[] best = new int[k];
        float[] bestSim = new float[k];
        for (int g = 0; g < groupRows.length; g++) {
            int found = topK(groupRows[g], sims, best, bestSim, k);
            for (int m : groupModels[g]) {
                double sum = kappa * priors[m];
                for (int i = 0; i < found; i++) {
                    sum += outcomes[best[i] * models + m];
                }
                out[m] = sum / (found + kappa);
            }
        }
        return out;
    }

    /** Adds each row's dot product with {@code z} to {@code sims}; the rows' vectors are stored by dimension. */
    static void addSimilarities(float[][] columns, float[] z, float[] sims) {
        // One multiply-add pass over all rows per dimension: a loop the JIT vectorises (a dot product
        // per row is a float reduction, which it does not), over a 4-byte-per-row similarity array that
        // stays in cache.
        int rows = sims.length;
        for (int j = 0; j < z.length; j++) {
            float zj = z[j];
            if (zj == 0) {
                continue;
            }
            float[] column = columns[j];
            for (int r = 0; r < rows; r++) {
                sims[r] += zj * column[r];
            }
        }
    }

    /** The (up to) k rows of {@code candidates} with the highest similarity; returns how many. */
    static int topK(int[] candidates, float[] sims, int[] best, float[] bestSim, int k) {
        int size = 0;
        // best[0..size) is a min-heap on bestSim; ties keep the earlier row.
        for (int r : candidates) {
            float s = sims[r];
            if (size < k) {
                int i = size++;
                while (i > 0) {
                    int parent = (i - 1) >>> 1;
                    if (bestSim[parent] <= s) {
                        break;
                    }
                    best[i] = best[parent];
                    bestSim[i] = bestSim[parent];
                    i = parent;
                }
                best[i] = r;
                bestSim[i] = s;
            } else if (s > bestSim[0]) {
                int i = 0;
                while (true) {
                    int left = 2 * i + 1;
                    if (left >= size) {
                        break;
                    }
                    int child = left + 1 < size && bestSim[left + 1] < bestSim[left] ? left + 1 : left;
                    if (bestSim[child] >= s) {
                        break;
                    }
                    best[i] = best[child];
                    bestSim[i] = bestSim[child];
                    i = child;
                }
                best[i] = r;
                bestSim[i] = s;
            }
        }
        return size;
    }

    /** Writes the index in the format above. */
    public void write(Path file) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16))) {
            ByteBuffer header = ByteBuffer.allocate(4 * 8).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(MAGIC).putInt(VERSION).putInt(featureIndices.length).putInt(dims).putInt(rows).putInt(models)
                    .putInt(k).putFloat(kappa);
            out.write(header.array());
            writeInts(out, featureIndices);
            writeFloats(out, mean);
            writeFloats(out, projection);
            writeFloats(out, priors);
            float[] rowMajor = new float[rows * dims];
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < dims; j++) {
                    rowMajor[r * dims + j] = columns[j][r];
                }
            }
            writeFloats(out, rowMajor);
            writeFloats(out, outcomes);
        }
    }

    /**
     * Reads an index written by {@link #write}.
     *
     * @param featureDimension the feature vector's width (every index must fall inside it)
     * @param expectedModels   how many models the model card lists
     * @throws ModelDirectoryException naming the file and what is wrong with it
     */
    public static NeighbourIndex read(Path file, int featureDimension, int expectedModels) {
        if (!Files.isRegularFile(file)) {
            throw new ModelDirectoryException(file + ": neighbour index not found");
        }
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            ByteBuffer header = header(file, in, 32, MAGIC, VERSION, "neighbour index");
            int inputDim = header.getInt();
            int dims = header.getInt();
            int rows = header.getInt();
            int models = header.getInt();
            int k = header.getInt();
            float kappa = header.getFloat();
            long expectedBytes = 4L * (inputDim + inputDim + (long) inputDim * dims + models + (long) rows * dims
                    + (long) rows * models);
            if (inputDim < 1 || dims < 1 || rows < 1 || models != expectedModels || k < 1 || !(kappa >= 0)
                    || Files.size(file) != 32 + expectedBytes) {
                throw new ModelDirectoryException(file + ": header does not match the file (input " + inputDim + ", dims "
                        + dims + ", rows " + rows + ", models " + models + " where the card lists " + expectedModels
                        + ", k " + k + ", size " + Files.size(file) + " bytes)");
            }
            int[] indices = readInts(in, inputDim);
            requireInside(file, indices, featureDimension);
            return new NeighbourIndex(indices, readFloats(in, inputDim), readFloats(in, inputDim * dims), dims, k, kappa,
                    readFloats(in, models), readFloats(in, rows * dims), readFloats(in, rows * models));
        } catch (EOFException e) {
            throw new ModelDirectoryException(file + ": truncated neighbour index", e);
        } catch (IOException e) {
            throw new ModelDirectoryException(file + ": cannot read it: " + e.getMessage(), e);
        }
    }

    /**
     * The little-endian header of an index file, past its magic and version (which it checks).
     *
     * @param bytes the header's length, magic and version included
     * @param what  what the file holds, for the messages ("neighbour index")
     * @throws ModelDirectoryException naming the file when it is short, not such a file or of another version
     */
    static ByteBuffer header(Path file, DataInputStream in, int bytes, int magic, int version, String what)
            throws IOException {
        return header(file, in, bytes, magic, new int[] {version}, what);
    }

    /** The header of a file whose version is one of {@code versions} (read it back with {@code getInt(4)}). */
    static ByteBuffer header(Path file, DataInputStream in, int bytes, int magic, int[] versions, String what)
            throws IOException {
        byte[] head = in.readNBytes(bytes);
        ByteBuffer header = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        if (head.length < bytes || header.getInt() != magic) {
            throw new ModelDirectoryException(file + ": not a " + what + " (bad magic)");
        }
        int found = header.getInt();
        if (java.util.Arrays.stream(versions).noneMatch(v -> v == found)) {
            throw new ModelDirectoryException(file + ": unsupported " + what + " version " + found);
        }
        return header;
    }

    /** Refuses an index file that reads feature positions outside the model's feature vector. */
    static void requireInside(Path file, int[] featureIndices, int featureDimension) {
        for (int i : featureIndices) {
            if (i < 0 || i >= featureDimension) {
                throw new ModelDirectoryException(file + ": feature index " + i + " outside the feature vector (width "
                        + featureDimension + ")");
            }
        }
    }

    static void writeInts(DataOutputStream out, int[] values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(values);
        out.write(b.array());
    }

    static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        out.write(b.array());
    }

    static int[] readInts(DataInputStream in, int n) throws IOException {
        int[] out = new int[n];
        ByteBuffer.wrap(readBytes(in, 4L * n)).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(out);
        return out;
    }

    static float[] readFloats(DataInputStream in, int n) throws IOException {
        float[] out = new float[n];
        ByteBuffer.wrap(readBytes(in, 4L * n)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    private static byte[] readBytes(DataInputStream in, long n) throws IOException {
        byte[] bytes = new byte[Math.toIntExact(n)];
        in.readFully(bytes);
        return bytes;
    }

    @Override
    public String toString() {
        return "NeighbourIndex[rows=" + rows + ", models=" + models + ", dims=" + dims + ", k=" + k + ", kappa=" + kappa
                + ", groups=" + Arrays.toString(Arrays.stream(groupModels).mapToInt(g -> g.length).toArray()) + "]";
    }
}
