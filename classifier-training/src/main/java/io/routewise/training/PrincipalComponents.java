package io.routewise.training;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Principal directions of a covariance matrix, the same way wherever training reduces vectors (the
 * neighbour index, the static embedding): largest variance first, and each direction's sign fixed so
 * that retraining on the same data writes the same file.
 */
public final class PrincipalComponents {

    private PrincipalComponents() {
    }

    /**
     * The eigenvectors of {@code cov} for its {@code d} largest eigenvalues, largest first (ties by
     * index, so the order is deterministic); commons-math's eigen-decomposition.
     *
     * @throws org.apache.commons.math3.exception.MathIllegalStateException when the decomposition does
     *         not converge (a singular covariance with many equal eigenvalues can do that)
     */
    public static double[][] largestFirst(double[][] cov, int d) {
        EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(cov, false));
        double[] values = eig.getRealEigenvalues();
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> values[a] != values[b] ? Double.compare(values[b], values[a]) : Integer.compare(a, b));
        RealMatrix vectors = eig.getV();
        double[][] out = new double[d][];
        for (int j = 0; j < d; j++) {
            out[j] = vectors.getColumn(order[j]);
        }
        return out;
    }

    /** Negates, in place, each direction whose largest entry (by magnitude, the first of equals) is negative. */
    public static void fixSigns(double[][] directions) {
        for (double[] v : directions) {
            int arg = 0;
            for (int i = 1; i < v.length; i++) {
                if (Math.abs(v[i]) > Math.abs(v[arg])) {
                    arg = i;
                }
            }
            if (v[arg] < 0) {
                for (int i = 0; i < v.length; i++) {
                    v[i] = -v[i];
                }
            }
        }
    }
}
