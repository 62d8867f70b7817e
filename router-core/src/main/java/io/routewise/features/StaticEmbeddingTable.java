package io.routewise.features;

import java.io.ByteArrayInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * One vector per word piece: what a {@link StaticEmbedder} sums. The table is distilled from a
 * sentence-embedding model (its id and file hash travel with it) by the training step that writes it.
 *
 * <p>File format ({@value #FILE_NAME}, big-endian): the magic {@code RWSE}, format version 1 (int),
 * vocabulary size V (int), dimensions D (int), the source model's id and SHA-256 (modified UTF-8
 * strings), then V rows, each a float scale {@code s} and D signed bytes {@code q}: the row is
 * {@code s·q/127} (symmetric int8 per row, a quarter of the float size; the rounding error is far
 * below the differences between pieces).
 *
 * @param sourceModel       the model the pieces' vectors were distilled from
 * @param sourceModelSha256 SHA-256 of that model's file
 * @param vocabulary        V, the number of rows
 * @param dimensions        D, the length of each row
 * @param rows              V·D values, row after row
 */
public record StaticEmbeddingTable(String sourceModel, String sourceModelSha256, int vocabulary, int dimensions,
                                   float[] rows) {

    /** The file's name in a model directory. */
    public static final String FILE_NAME = "static-embedding.bin";
    /**
     * The distilled table, unrefined, when {@value #FILE_NAME} was refined toward whole prompts: the tier prior
     * reads it (its model card's {@code tier_prior.embedding_file}).
     */
    public static final String DISTILLED_FILE_NAME = "static-embedding-distilled.bin";
    private static final int MAGIC = 0x52575345; // "RWSE"
    private static final int VERSION = 1;

    public StaticEmbeddingTable {
        if (vocabulary < 1 || dimensions < 1 || rows.length != (long) vocabulary * dimensions) {
            throw new IllegalArgumentException("a table of " + vocabulary + " x " + dimensions + " needs that many values, got "
                    + rows.length);
        }
    }

    /** Writes the table (rows quantised to int8) atomically: a temporary file, then a move. */
    public void write(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // Not Files.createTempFile: that makes the file readable by its owner alone, and a model
        // directory is read by whoever serves it.
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try (OutputStream raw = Files.newOutputStream(tmp);
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(vocabulary);
            out.writeInt(dimensions);
            out.writeUTF(sourceModel);
            out.writeUTF(sourceModelSha256);
            for (int v = 0; v < vocabulary; v++) {
                int base = v * dimensions;
                float max = 0;
                for (int d = 0; d < dimensions; d++) {
                    max = Math.max(max, Math.abs(rows[base + d]));
                }
                out.writeFloat(max);
                for (int d = 0; d < dimensions; d++) {
                    out.writeByte(max == 0 ? 0 : Math.round(rows[base + d] / max * 127f));
                }
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Reads a table as {@link #write} wrote it (the rows as the file holds them, dequantised).
     *
     * @throws IOException naming the file when it is missing, truncated or not such a table
     */
    public static StaticEmbeddingTable read(Path file) throws IOException {
        return read(file, Files.readAllBytes(file));
    }

    /**
     * A table from the bytes of a file already read (a caller that also hashes them reads once).
     *
     * @param file names the table in error messages
     */
    public static StaticEmbeddingTable read(Path file, byte[] bytes) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readInt() != MAGIC) {
                throw new IOException(file + ": not a static embedding table (bad magic)");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException(file + ": static embedding table format " + version + ", this build reads " + VERSION);
            }
            int vocabulary = in.readInt();
            int dimensions = in.readInt();
            if (vocabulary < 1 || dimensions < 1 || (long) vocabulary * dimensions > 64L * 1024 * 1024) {
                throw new IOException(file + ": implausible table size " + vocabulary + " x " + dimensions);
            }
            String source = in.readUTF();
            String sourceSha = in.readUTF();
            float[] rows = new float[vocabulary * dimensions];
            byte[] q = new byte[dimensions];
            for (int v = 0; v < vocabulary; v++) {
                float scale = in.readFloat() / 127f;
                in.readFully(q);
                int base = v * dimensions;
                for (int d = 0; d < dimensions; d++) {
                    rows[base + d] = scale * q[d];
                }
            }
            if (in.read() != -1) {
                throw new IOException(file + ": bytes after the last row; the file is not a table this build wrote");
            }
            return new StaticEmbeddingTable(source, sourceSha, vocabulary, dimensions, rows);
        } catch (EOFException e) {
            throw new IOException(file + ": truncated static embedding table", e);
        }
    }
}
