package dev.adjoint.core.kernel;

/**
 * The LU factorization with partial pivoting {@code P·A = L·U} of one {@code n × n} matrix, in place (L below
 * the diagonal with implicit unit diagonal, U on and above it), and what is computed from it: solutions,
 * the inverse, the determinant and the log of its absolute value.
 *
 * <p>Column {@code j}'s pivot is the element of largest magnitude on or below the diagonal (the first such
 * row on ties), so the factorization is deterministic. As in LAPACK, a matrix is singular when a pivot is
 * exactly zero; a nearly singular matrix gives large, inaccurate results, not an error.
 */
final class DenseLu {

    private DenseLu() {
    }

    /**
     * Factors in place.
     *
     * @param rows receives the row permutation: row {@code i} of {@code P·A} is row {@code rows[i]} of A
     * @return -1, or the first column whose pivot is zero (then the factorization stopped there)
     */
    static int factor(double[] a, int o, int n, int[] rows) {
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        for (int j = 0; j < n; j++) {
            int p = j;
            double best = Math.abs(a[o + j * n + j]);
            for (int i = j + 1; i < n; i++) {
                double v = Math.abs(a[o + i * n + j]);
                if (v > best) {
                    best = v;
                    p = i;
                }
            }
            if (best == 0) {
                return j;
            }
            if (p != j) {
                swapRows(a, o, n, j, p, rows);
            }
            double pivot = a[o + j * n + j];
            for (int i = j + 1; i < n; i++) {
                int ri = o + i * n;
                double f = a[ri + j] / pivot;
                a[ri + j] = f;
                int rj = o + j * n;
                for (int c = j + 1; c < n; c++) {
                    a[ri + c] -= f * a[rj + c];
                }
            }
        }
        return -1;
    }

    /**
     * Factors an {@code m × n} matrix in place as LAPACK's {@code getrf} does, {@code A = P·L·U} with L
     * {@code m × k} unit lower trapezoidal (below the diagonal) and U {@code k × n} upper trapezoidal (on and
     * above it), {@code k = min(m, n)}: the same pivot as {@link #factor}, but a column with no nonzero pivot is
     * left as it is (a zero on U's diagonal, zeros in L's column) and the elimination goes on, so every matrix
     * has factors. As LAPACK, a column is divided by multiplying with the pivot's reciprocal, unless that
     * reciprocal would overflow.
     *
     * @param rows receives the permutation: row {@code i} of {@code Pᵀ·A} is row {@code rows[i]} of A ({@code m})
     * @param pivots receives LAPACK's pivots ({@code k}): at step j rows j and {@code pivots[j]} were swapped
     */
    static void factorRectangular(double[] a, int o, int m, int n, int[] rows, int[] pivots) {
        for (int i = 0; i < m; i++) {
            rows[i] = i;
        }
        for (int j = 0; j < Math.min(m, n); j++) {
            int p = j;
            double best = Math.abs(a[o + j * n + j]);
            for (int i = j + 1; i < m; i++) {
                double v = Math.abs(a[o + i * n + j]);
                if (v > best) {
                    best = v;
                    p = i;
                }
            }
            pivots[j] = p;
            if (best == 0) {
                continue; // nothing to eliminate: the column below the diagonal is zero already
            }
            if (p != j) {
                swapRows(a, o, n, j, p, rows);
            }
            double pivot = a[o + j * n + j];
            double reciprocal = 1 / pivot;
            boolean multiply = Double.isFinite(reciprocal);
            for (int i = j + 1; i < m; i++) {
                int ri = o + i * n;
                double f = multiply ? a[ri + j] * reciprocal : a[ri + j] / pivot;
                a[ri + j] = f;
                int rj = o + j * n;
                for (int c = j + 1; c < n; c++) {
                    a[ri + c] -= f * a[rj + c];
                }
            }
        }
    }

    /**
     * {@code X = A⁻¹ B} from the factors of A: {@code B} ({@code n × k} at {@code bo}) is read, {@code X}
     * written at {@code xo} (which may not alias B).
     */
    static void solve(double[] lu, int o, int n, int[] rows, double[] b, int bo, double[] x, int xo, int k) {
        for (int i = 0; i < n; i++) {
            System.arraycopy(b, bo + rows[i] * k, x, xo + i * k, k);
        }
        for (int i = 0; i < n; i++) {
            int row = xo + i * k;
            for (int p = 0; p < i; p++) {
                double l = lu[o + i * n + p];
                int solved = xo + p * k;
                for (int j = 0; j < k; j++) {
                    x[row + j] -= l * x[solved + j];
                }
            }
        }
        for (int i = n - 1; i >= 0; i--) {
            int row = xo + i * k;
            for (int p = i + 1; p < n; p++) {
                double u = lu[o + i * n + p];
                int solved = xo + p * k;
                for (int j = 0; j < k; j++) {
                    x[row + j] -= u * x[solved + j];
                }
            }
            double d = lu[o + i * n + i];
            for (int j = 0; j < k; j++) {
                x[row + j] /= d;
            }
        }
    }

    /** The sign of the permutation {@code rows}: +1 for an even number of transpositions, -1 for odd. */
    static double permutationSign(int[] rows, int n) {
        boolean[] seen = new boolean[n];
        double sign = 1;
        for (int i = 0; i < n; i++) {
            if (!seen[i]) {
                int length = 0;
                for (int j = i; !seen[j]; j = rows[j]) {
                    seen[j] = true;
                    length++;
                }
                if (length % 2 == 0) {
                    sign = -sign;
                }
            }
        }
        return sign;
    }

    /** Swaps rows j and p of the matrix at {@code o} ({@code n} columns), and their entries of {@code rows}. */
    private static void swapRows(double[] a, int o, int n, int j, int p, int[] rows) {
        for (int c = 0; c < n; c++) {
            double t = a[o + j * n + c];
            a[o + j * n + c] = a[o + p * n + c];
            a[o + p * n + c] = t;
        }
        int t = rows[j];
        rows[j] = rows[p];
        rows[p] = t;
    }
}
