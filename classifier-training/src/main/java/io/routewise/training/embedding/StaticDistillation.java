package io.routewise.training.embedding;

import io.routewise.features.SentenceEmbedder;
import io.routewise.features.StaticEmbeddingTable;
import io.routewise.features.WordPieces;
import io.routewise.training.PrincipalComponents;
import io.routewise.training.ProgressBar;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Distils a {@link StaticEmbeddingTable} from MiniLM, as Model2Vec does:
 * <ol>
 *   <li><b>Piece vectors.</b> MiniLM embeds every vocabulary piece on its own ({@code [CLS] piece [SEP]},
 *       mean-pooled, unit length): 30,522 short inferences.</li>
 *   <li><b>Principal components.</b> The piece vectors are centred and projected on their first
 *       {@code dims} principal components; centring removes what every piece shares (the special tokens'
 *       part), and the leading components keep what tells pieces apart.</li>
 *   <li><b>Weights.</b> Each row is scaled by the smooth inverse frequency {@code a / (a + p(piece))}, with
 *       {@code p} the piece's share of the corpus's pieces (the training prompts; never the held-out ones)
 *       and {@code a} = {@value #SIF}: frequent pieces ("the", "?") weigh little, rare ones fully.</li>
 * </ol>
 * Deterministic: the same MiniLM and corpus give the same table (each inference is one text on one
 * thread; component signs are fixed).
 */
public final class StaticDistillation {

    /**
     * The smooth-inverse-frequency constant. Model2Vec uses 1e-4; on the shared traffic (seed 7, held-out
     * fifth) 1e-4, 1e-3, 3e-3, 1e-2, 3e-2 and 0.1 gave outcome Brier 0.1680, 0.1661, 0.1653, 0.1646,
     * 0.1634, 0.1636 (MiniLM: 0.1647), while the routing curves peaked between 3e-3 and 1e-2 and
     * two-model APGR fell from 3e-2 on (docs/features.md): 1e-2 is the value that kept every figure
     * nearest MiniLM's.
     */
    public static final double SIF = 1e-2;

    private StaticDistillation() {
    }

    /**
     * The table from piece vectors computed before ({@link #pieceVectors}): they depend on MiniLM alone,
     * so several trainings in one process (the generalisation protocol's) compute them once.
     *
     * @param basis  the piece vectors' basis ({@link #basis}), which a refinement reads too
     * @param pieces the tokenizer the table will be read with
     * @param corpus texts whose piece frequencies set the weights (the training prompts' embedded texts)
     */
    public static StaticEmbeddingTable distil(float[][] raw, Basis basis, String sourceModel, String sourceSha256,
                                              WordPieces pieces, List<String> corpus) {
        float[] rows = rows(raw, basis, sifWeights(pieces, corpus, raw.length));
        return new StaticEmbeddingTable(sourceModel, sourceSha256, raw.length, basis.dims(), rows);
    }

    /**
     * The table's basis: the piece vectors' mean and their first principal components. A MiniLM vector of
     * a whole prompt projected on it is comparable with the sum of the prompt's rows
     * ({@link StaticRefinement}).
     */
    public record Basis(double[] mean, double[][] components) {

        public int dims() {
            return components.length;
        }

        /** A MiniLM vector, centred and projected. */
        public double[] project(float[] vector) {
            double[] out = new double[components.length];
            for (int j = 0; j < out.length; j++) {
                double dot = 0;
                double[] c = components[j];
                for (int i = 0; i < c.length; i++) {
                    dot += c[i] * (vector[i] - mean[i]);
                }
                out[j] = dot;
            }
            return out;
        }
    }

    /** The piece vectors' basis of {@code dims} components. */
    public static Basis basis(float[][] raw, int dims) {
        if (dims < 1 || dims > SentenceEmbedder.DIMENSIONS) {
            throw new IllegalArgumentException("static embedding dimensions must be 1.." + SentenceEmbedder.DIMENSIONS
                    + ", got " + dims);
        }
        return new Basis(mean(raw), principalComponents(raw, dims));
    }

    /** Each piece vector projected on the basis and scaled by its weight, row-major. */
    public static float[] rows(float[][] raw, Basis basis, double[] weights) {
        int dims = basis.dims();
        float[] rows = new float[raw.length * dims];
        for (int v = 0; v < raw.length; v++) {
            double[] projected = basis.project(raw[v]);
            for (int j = 0; j < dims; j++) {
                rows[v * dims + j] = (float) (weights[v] * projected[j]);
            }
        }
        return rows;
    }

    /** MiniLM's unit-length vector of every piece embedded alone. */
    public static float[][] pieceVectors(SentenceEmbedder minilm, int vocabulary, int threads, PrintStream progress) {
        float[][] out = new float[vocabulary][];
        ProgressBar bar = ProgressBar.start(progress, "distilling a static embedding from MiniLM (" + vocabulary
                + " word pieces)", vocabulary);
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "distil");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < Math.max(1, threads); w++) {
                futures.add(pool.submit(() -> {
                    int v;
                    while ((v = next.getAndIncrement()) < vocabulary) {
                        out[v] = minilm.embedTokenIds(new long[] {WordPieces.CLS, v, WordPieces.SEP});
                        bar.advance(1);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while distilling the static embedding", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("distilling the static embedding failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
            bar.finish();
        }
        return out;
    }

    private static double[] mean(float[][] rows) {
        int d = rows[0].length;
        double[] mean = new double[d];
        for (float[] row : rows) {
            for (int i = 0; i < d; i++) {
                mean[i] += row[i];
            }
        }
        for (int i = 0; i < d; i++) {
            mean[i] /= rows.length;
        }
        return mean;
    }

    /** The first {@code dims} eigenvectors of the rows' covariance, largest first, each with its largest entry positive. */
    static double[][] principalComponents(float[][] rows, int dims) {
        int d = rows[0].length;
        double[] mean = mean(rows);
        double[][] cov = new double[d][d];
        double[] x = new double[d];
        for (float[] row : rows) {
            for (int i = 0; i < d; i++) {
                x[i] = row[i] - mean[i];
            }
            for (int i = 0; i < d; i++) {
                double xi = x[i];
                double[] ci = cov[i];
                for (int j = i; j < d; j++) {
                    ci[j] += xi * x[j];
                }
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                cov[i][j] /= rows.length - 1;
                cov[j][i] = cov[i][j];
            }
        }
        double[][] out = PrincipalComponents.largestFirst(cov, dims);
        PrincipalComponents.fixSigns(out);
        return out;
    }

    /** {@code a / (a + p(piece))} per vocabulary id; a piece the corpus never uses weighs 1. */
    public static double[] sifWeights(WordPieces pieces, List<String> corpus, int vocabulary) {
        long[] counts = new long[vocabulary];
        long total = 0;
        for (String text : corpus) {
            for (long id : pieces.ids(text)) {
                if (id >= 0 && id < vocabulary) {
                    counts[(int) id]++;
                    total++;
                }
            }
        }
        double[] weights = new double[vocabulary];
        for (int v = 0; v < vocabulary; v++) {
            double p = total == 0 ? 0 : (double) counts[v] / total;
            weights[v] = SIF / (SIF + p);
        }
        return weights;
    }
}
