package dev.adjoint.nn.shift;

/** Small dense linear algebra in float64 for the label-shift estimate. */
final class Solve {

    private Solve() {
    }

    /**
     * {@code a⁻¹} by Gauss-Jordan elimination with partial pivoting.
     *
     * @throws IllegalArgumentException naming {@code who} when a pivot is 0 (the matrix is singular)
     */
    static double[][] inverse(double[][] a, String who) {
        int n = a.length;
        double[][] m = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n + i] = 1;
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            if (m[pivot][col] == 0) {
                throw new IllegalArgumentException(who + ": the confusion matrix is singular (no pivot in column " + col
                        + "); the classifier never tells " + closestColumns(a) + " apart");
            }
            double[] t = m[pivot];
            m[pivot] = m[col];
            m[col] = t;
            double p = m[col][col];
            for (int k = 0; k < 2 * n; k++) {
                m[col][k] /= p;
            }
            for (int r = 0; r < n; r++) {
                if (r != col && m[r][col] != 0) {
                    double f = m[r][col];
                    for (int k = 0; k < 2 * n; k++) {
                        m[r][k] -= f * m[col][k];
                    }
                }
            }
        }
        double[][] inv = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], n, inv[i], 0, n);
        }
        return inv;
    }

    /** The 1-norm, the largest column sum of absolute values. */
    static double norm1(double[][] a) {
        double best = 0;
        for (int j = 0; j < a.length; j++) {
            double s = 0;
            for (double[] row : a) {
                s += Math.abs(row[j]);
            }
            best = Math.max(best, s);
        }
        return best;
    }

    /** {@code a x}. */
    static double[] multiply(double[][] a, double[] x) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < x.length; j++) {
                y[i] += a[i][j] * x[j];
            }
        }
        return y;
    }

    /**
     * The pair of classes whose columns (prediction distributions given the class) are the most alike, as
     * {@code "classes i and j"}: the likeliest culprit of a badly conditioned confusion matrix.
     */
    static String closestColumns(double[][] a) {
        int n = a.length;
        int bi = 0;
        int bj = 1;
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double d = 0;
                double si = 0;
                double sj = 0;
                for (double[] row : a) {
                    si += row[i];
                    sj += row[j];
                }
                for (double[] row : a) {
                    d += Math.abs(row[i] / Math.max(si, 1e-300) - row[j] / Math.max(sj, 1e-300));
                }
                if (d < best) {
                    best = d;
                    bi = i;
                    bj = j;
                }
            }
        }
        return "classes " + bi + " and " + bj;
    }
}
