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
import java.util.stream.IntStream;

/**
 * The tier prior's second reading of a prompt's ease: the mean ease of the {@code k} complexity-labelled
 * prompts most similar to it (cosine of their embeddings), each weighted by its similarity and by its
 * level's weight (the levels have very different sizes; each counts the same in total, as in the
 * complexity head's training). A linear head learns what a topic usually is ("code is hard", since
 * most labelled code prompts are hard); the neighbours answer from the prompts that actually resemble
 * this one ("How many ounces are in a pound?" for a unit conversion). With a size penalty, a labelled prompt's
 * similarity is its cosine less {@code penalty · |its size − the prompt's size|}, the size being a feature of the
 * vector (the last user turn's log-scaled tokens): a one-line request is compared with one-line requests first,
 * not with long prompts on the same topic.
 *
 * <p>File format ({@value #FILE_NAME}, little-endian): magic {@code RWCN}, int version 1, then ints
 * {@code dims d, rows N, k}; int[d] the feature indices read from the feature vector (the embedding);
 * float[N·d] each labelled prompt's L2-normalised vector over those features (row-major); float[N] its
 * ease target (1 easy, ½ medium, 0 hard); float[N] its weight. Version 2 adds int {@code sizeFeature} (−1:
 * none), float {@code sizePenalty} (per unit of that feature) and, with a size feature, float[N] each row's size.
 * Version 1 files read as without a size penalty.
 *
 * <p>Immutable and thread-safe.
 */
public final class ComplexityNeighbours {

    public static final String FILE_NAME = "complexity-neighbours.bin";
    private static final int MAGIC = 0x4E435752; // "RWCN" little-endian
    private static final int VERSION = 2;
    private static final int HEADER_BYTES = 4 * 5;

    private final int[] featureIndices;
    private final int rows;
    private final int k;
    /** The labelled vectors by dimension ({@code columns[j][row]}), the layout the similarity scan runs over. */
    private final float[][] columns;
    private final float[] ease;
    private final float[] weight;
    private final int[] allRows;
    /** The weighted mean ease of all rows: the answer when no neighbour is similar at all. */
    private final double prior;
    /** The feature vector's entry that measures a prompt's size; -1: similarities are cosines alone. */
    private final int sizeFeature;
    private final float sizePenalty;
    /** Per row, its size feature's value (empty without a size feature). */
    private final float[] sizes;

    /**
     * @param featureIndices which entries of the feature vector are compared (d)
     * @param vectors        N×d L2-normalised vectors, row-major
     * @param ease           per row, its ease target in [0, 1]
     * @param weight         per row, its weight (> 0)
     * @param k              neighbours per prompt
     */
    public ComplexityNeighbours(int[] featureIndices, float[] vectors, float[] ease, float[] weight, int k) {
        this(featureIndices, vectors, ease, weight, k, -1, 0f, new float[0]);
    }

    /**
     * With a size penalty.
     *
     * @param sizeFeature the feature vector's entry that measures size (-1: none, and then no penalty and no sizes)
     * @param sizePenalty similarity lost per unit of size difference (>= 0)
     * @param sizes       per row, its size feature's value
     */
    public ComplexityNeighbours(int[] featureIndices, float[] vectors, float[] ease, float[] weight, int k, int sizeFeature,
                                float sizePenalty, float[] sizes) {
        if (sizeFeature < 0 ? sizePenalty != 0 || sizes.length != 0
                : sizes.length != ease.length || !(sizePenalty >= 0) || !Float.isFinite(sizePenalty)) {
            throw new IllegalArgumentException("size feature " + sizeFeature + ", penalty " + sizePenalty + ", "
                    + sizes.length + " sizes for " + ease.length + " rows");
        }
        int dims = featureIndices.length;
        if (dims == 0 || vectors.length != ease.length * dims || weight.length != ease.length || ease.length == 0) {
            throw new IllegalArgumentException("shapes disagree: " + dims + " dims, " + vectors.length + " vector values, "
                    + ease.length + " eases, " + weight.length + " weights");
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        double num = 0;
        double den = 0;
        for (int r = 0; r < ease.length; r++) {
            if (!(ease[r] >= 0 && ease[r] <= 1) || !(weight[r] > 0) || !Float.isFinite(weight[r])) {
                throw new IllegalArgumentException("row " + r + ": ease " + ease[r] + " must be in [0, 1] and weight "
                        + weight[r] + " positive");
            }
            num += weight[r] * ease[r];
            den += weight[r];
        }
        this.featureIndices = featureIndices.clone();
        this.rows = ease.length;
        this.k = k;
        this.ease = ease.clone();
        this.weight = weight.clone();
        this.prior = num / den;
        this.columns = new float[dims][rows];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < dims; j++) {
                columns[j][r] = vectors[r * dims + j];
            }
        }
        this.allRows = IntStream.range(0, rows).toArray();
        this.sizeFeature = sizeFeature;
        this.sizePenalty = sizePenalty;
        this.sizes = sizes.clone();
    }

    /** The same rows with another size penalty (training compares several). */
    public ComplexityNeighbours withSizePenalty(float penalty) {
        float[] rowMajor = rowMajor();
        return new ComplexityNeighbours(featureIndices, rowMajor, ease, weight, k, sizeFeature,
                sizeFeature < 0 ? 0f : penalty, sizes);
    }

    /** The L2-normalised vector of a feature vector's compared entries (all zero stays zero). */
    public static float[] unit(float[] features, int[] featureIndices) {
        float[] z = new float[featureIndices.length];
        double norm = 0;
        for (int j = 0; j < z.length; j++) {
            z[j] = features[featureIndices[j]];
            norm += z[j] * z[j];
        }
        if (norm > 0) {
            float inv = (float) (1 / Math.sqrt(norm));
            for (int j = 0; j < z.length; j++) {
                z[j] *= inv;
            }
        }
        return z;
    }

    /** The prompt's ease read from its neighbours, in [0, 1]. */
    public double predict(float[] features) {
        float[] sims = cosines(features);
        penalise(sims, features, sizePenalty);
        return aggregate(sims);
    }

    /**
     * The prompt's ease under each of these size penalties (one similarity scan for all; training compares
     * penalties with it). Without a size feature every entry is the cosine reading.
     */
    public double[] predictEach(float[] features, float[] penalties) {
        float[] cosines = cosines(features);
        double[] out = new double[penalties.length];
        for (int i = 0; i < penalties.length; i++) {
            float[] sims = cosines.clone();
            penalise(sims, features, penalties[i]);
            out[i] = aggregate(sims);
        }
        return out;
    }

    private float[] cosines(float[] features) {
        float[] z = unit(features, featureIndices);
        float[] sims = new float[rows];
        NeighbourIndex.addSimilarities(columns, z, sims);
        return sims;
    }

    private void penalise(float[] sims, float[] features, float penalty) {
        if (sizeFeature < 0 || penalty == 0) {
            return;
        }
        float size = features[sizeFeature];
        for (int r = 0; r < rows; r++) {
            sims[r] -= penalty * Math.abs(sizes[r] - size);
        }
    }

    private double aggregate(float[] sims) {
        int[] best = new int[k];
        float[] bestSim = new float[k];
        int found = NeighbourIndex.topK(allRows, sims, best, bestSim, k);
        double num = 0;
        double den = 0;
        for (int i = 0; i < found; i++) {
            double w = weight[best[i]] * Math.max(0, bestSim[i]);
            num += w * ease[best[i]];
            den += w;
        }
        return den > 0 ? num / den : prior;
    }

    /** The size penalty (0 without a size feature). */
    public float sizePenalty() {
        return sizePenalty;
    }

    /** The feature vector's entry that measures size, or -1. */
    public int sizeFeature() {
        return sizeFeature;
    }

    public int rows() {
        return rows;
    }

    public int k() {
        return k;
    }

    public int dims() {
        return featureIndices.length;
    }

    /** Writes the index in the format above. */
    public void write(Path file) throws IOException {
        int dims = featureIndices.length;
        try (OutputStream raw = Files.newOutputStream(file);
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16))) {
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(MAGIC).putInt(VERSION).putInt(dims).putInt(rows).putInt(k);
            out.write(header.array());
            NeighbourIndex.writeInts(out, featureIndices);
            NeighbourIndex.writeFloats(out, rowMajor());
            NeighbourIndex.writeFloats(out, ease);
            NeighbourIndex.writeFloats(out, weight);
            NeighbourIndex.writeInts(out, new int[] {sizeFeature});
            NeighbourIndex.writeFloats(out, new float[] {sizePenalty});
            if (sizeFeature >= 0) {
                NeighbourIndex.writeFloats(out, sizes);
            }
        }
    }

    private float[] rowMajor() {
        int dims = featureIndices.length;
        float[] rowMajor = new float[rows * dims];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < dims; j++) {
                rowMajor[r * dims + j] = columns[j][r];
            }
        }
        return rowMajor;
    }

    /**
     * Reads an index written by {@link #write}.
     *
     * @param featureDimension the feature vector's width (every index must fall inside it)
     * @throws ModelDirectoryException naming the file and what is wrong with it
     */
    public static ComplexityNeighbours read(Path file, int featureDimension) {
        if (!Files.isRegularFile(file)) {
            throw new ModelDirectoryException(file + ": complexity neighbours not found");
        }
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            ByteBuffer header = NeighbourIndex.header(file, in, HEADER_BYTES, MAGIC, new int[] {1, VERSION},
                    "complexity neighbour index");
            int version = header.getInt(4);
            int dims = header.getInt();
            int rows = header.getInt();
            int k = header.getInt();
            long base = HEADER_BYTES + 4L * (dims + (long) rows * dims + 2L * rows);
            long size = Files.size(file);
            if (dims < 1 || rows < 1 || k < 1 || (version == 1 ? size != base : size < base + 8)) {
                throw new ModelDirectoryException(file + ": header does not match the file (dims " + dims + ", rows " + rows
                        + ", k " + k + ", size " + size + " bytes)");
            }
            int[] indices = NeighbourIndex.readInts(in, dims);
            NeighbourIndex.requireInside(file, indices, featureDimension);
            float[] vectors = NeighbourIndex.readFloats(in, rows * dims);
            float[] ease = NeighbourIndex.readFloats(in, rows);
            float[] weight = NeighbourIndex.readFloats(in, rows);
            int sizeFeature = -1;
            float sizePenalty = 0;
            float[] sizes = new float[0];
            if (version >= 2) {
                sizeFeature = NeighbourIndex.readInts(in, 1)[0];
                sizePenalty = NeighbourIndex.readFloats(in, 1)[0];
                if (size != base + 8 + (sizeFeature >= 0 ? 4L * rows : 0)) {
                    throw new ModelDirectoryException(file + ": size feature " + sizeFeature + " does not match the file ("
                            + size + " bytes)");
                }
                if (sizeFeature >= 0) {
                    NeighbourIndex.requireInside(file, new int[] {sizeFeature}, featureDimension);
                    sizes = NeighbourIndex.readFloats(in, rows);
                }
            }
            try {
                return new ComplexityNeighbours(indices, vectors, ease, weight, k, sizeFeature, sizePenalty, sizes);
            } catch (IllegalArgumentException e) {
                throw new ModelDirectoryException(file + ": " + e.getMessage(), e);
            }
        } catch (EOFException e) {
            throw new ModelDirectoryException(file + ": truncated complexity neighbour index", e);
        } catch (IOException e) {
            throw new ModelDirectoryException(file + ": cannot read it: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "ComplexityNeighbours[rows=" + rows + ", dims=" + featureIndices.length + ", k=" + k + ", size penalty "
                + sizePenalty + "]";
    }
}
