package io.routewise.training.outcome;

import io.routewise.classifier.NeighbourIndex;
import io.routewise.features.Featurizer;
import io.routewise.training.PrincipalComponents;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;

/**
 * Builds a {@link NeighbourIndex} from training prompts: the embedding features ({@code emb_*}; every
 * feature when the featurizer has none) are centred and projected on their first {@code dims}
 * principal components (eigenvectors of the training covariance, largest first), each row is
 * L2-normalised, and the outcome table rides along.
 */
public final class NeighbourIndexBuilder {

    /** Projected dimensions: enough to keep the neighbours of the full embedding, few enough for a fast scan. */
    public static final int DEFAULT_DIMS = 64;

    private NeighbourIndexBuilder() {
    }

    /** The features the index reads: the {@code emb_} ones, else all. */
    static int[] embeddingIndices(List<String> names) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).startsWith(Featurizer.EMBEDDING_PREFIX)) {
                idx.add(i);
            }
        }
        if (idx.isEmpty()) {
            for (int i = 0; i < names.size(); i++) {
                idx.add(i);
            }
        }
        return idx.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * @param features per table row, its feature vector
     * @param names    feature names in vector order
     */
    public static NeighbourIndex build(OutcomeTable table, float[][] features, List<String> names, int dims, int k,
                                       float kappa) {
        int[] idx = embeddingIndices(names);
        int inDim = idx.length;
        int d = Math.min(dims, inDim);
        int n = features.length;
        float[] mean = new float[inDim];
        for (float[] row : features) {
            for (int i = 0; i < inDim; i++) {
                mean[i] += row[idx[i]];
            }
        }
        for (int i = 0; i < inDim; i++) {
            mean[i] /= Math.max(1, n);
        }
        double[][] cov = new double[inDim][inDim];
        double[] x = new double[inDim];
        for (float[] row : features) {
            for (int i = 0; i < inDim; i++) {
                x[i] = row[idx[i]] - mean[i];
            }
            for (int i = 0; i < inDim; i++) {
                double xi = x[i];
                double[] ci = cov[i];
                for (int j = i; j < inDim; j++) {
                    ci[j] += xi * x[j];
                }
            }
        }
        for (int i = 0; i < inDim; i++) {
            for (int j = i; j < inDim; j++) {
                cov[i][j] /= Math.max(1, n - 1);
                cov[j][i] = cov[i][j];
            }
        }
        double[][] components = principalComponents(cov, features, idx, mean, d);
        PrincipalComponents.fixSigns(components);
        float[] projection = new float[inDim * d];
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < inDim; i++) {
                projection[i * d + j] = (float) components[j][i];
            }
        }
        float[] priors = table.priors();
        int models = table.models().size();
        float[] outcomes = new float[n * models];
        for (int r = 0; r < n; r++) {
            System.arraycopy(table.outcomes()[r], 0, outcomes, r * models, models);
        }
        // Project the rows with the index's own arithmetic so a query and its row agree exactly.
        NeighbourIndex projector = new NeighbourIndex(idx, mean, projection, d, k, kappa, priors, new float[d],
                new float[models]);
        float[] rows = new float[n * d];
        for (int r = 0; r < n; r++) {
            System.arraycopy(projector.project(features[r]), 0, rows, r * d, d);
        }
        return new NeighbourIndex(idx, mean, projection, d, k, kappa, priors, rows, outcomes);
    }

    /**
     * The first {@code d} principal directions, largest variance first: eigenvectors of the covariance.
     * With fewer prompts than embedding values the covariance is singular, and commons-math's QL iteration
     * can fail to converge on its many equal (zero) eigenvalues; then the directions come from the singular
     * value decomposition of the centred rows instead (the same directions where the variance is not zero),
     * and directions beyond the data's rank are zero (they would carry no variance anyway).
     */
    private static double[][] principalComponents(double[][] cov, float[][] features, int[] idx, float[] mean, int d) {
        int inDim = idx.length;
        try {
            return PrincipalComponents.largestFirst(cov, d);
        } catch (org.apache.commons.math3.exception.MathIllegalStateException e) {
            double[][] centred = new double[Math.max(1, features.length)][inDim];
            for (int r = 0; r < features.length; r++) {
                for (int i = 0; i < inDim; i++) {
                    centred[r][i] = features[r][idx[i]] - mean[i];
                }
            }
            org.apache.commons.math3.linear.SingularValueDecomposition svd =
                    new org.apache.commons.math3.linear.SingularValueDecomposition(new Array2DRowRealMatrix(centred, false));
            RealMatrix v = svd.getV(); // inDim x min(rows, inDim), columns by decreasing singular value
            double[][] out = new double[d][];
            for (int j = 0; j < d; j++) {
                out[j] = j < v.getColumnDimension() ? v.getColumn(j) : new double[inDim];
            }
            return out;
        }
    }
}
