package dev.adjoint.core.kernel;

import java.util.Arrays;

/**
 * A matrix the linear-algebra kernels cannot take: not positive definite ({@code cholesky}), singular
 * ({@code solve}, {@code inverse}, {@code triangularSolve}), or holding a NaN or an infinity. Whether a matrix
 * is acceptable is known only from its values, so this is thrown when a function is called, by the kernel of
 * the op, never when the graph is built; the call leaves nothing changed (its inputs, the function and its
 * buffer pool are as before, and the next call runs normally).
 *
 * <p>It is an {@link IllegalArgumentException} (the value passed in is outside the op's domain), with the
 * message template {@code "<op>: <rule>, got <actual>[; <hint>]"}, and it names the parts a program may react
 * to: the {@link #op()}, the {@link #cause()}, the {@link #index()} of the failing leading minor or pivot, and
 * the {@link #matrix()} of a batch it happened in. A Gaussian-process fit, for example, can catch a
 * {@link Cause#NOT_POSITIVE_DEFINITE} and retry with more jitter on the diagonal.
 */
public final class LinalgException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** Why the matrix was rejected. */
    public enum Cause {
        /** A leading minor is not positive: {@link #index()} is its order minus one (its last row). */
        NOT_POSITIVE_DEFINITE,
        /** A zero pivot (LU with partial pivoting) or a zero on a triangle's diagonal: {@link #index()} is its row. */
        SINGULAR,
        /** The matrix holds a NaN or an infinity: {@link #index()} is its flat position in the matrix. */
        NOT_FINITE,
        /** An iterative method (Jacobi) did not converge within its sweep limit. */
        NO_CONVERGENCE
    }

    private final String op;
    private final Cause cause;
    private final int index;
    private final int[] matrix;

    /**
     * @param op the op's name, e.g. {@code cholesky}
     * @param cause why
     * @param index the row (or flat position) the cause was found at
     * @param matrix the batch index of the matrix (empty for a single matrix)
     * @param message the full message
     */
    LinalgException(String op, Cause cause, int index, int[] matrix, String message) {
        super(message);
        this.op = op;
        this.cause = cause;
        this.index = index;
        this.matrix = matrix.clone();
    }

    /** The op that rejected the matrix, e.g. {@code cholesky}. */
    public String op() {
        return op;
    }

    /** Why it was rejected. */
    public Cause cause() {
        return cause;
    }

    /**
     * Where: for {@link Cause#NOT_POSITIVE_DEFINITE} the leading minor's last row ({@code k}: the minor of order
     * {@code k + 1} is not positive), for {@link Cause#SINGULAR} the pivot's row, for {@link Cause#NOT_FINITE}
     * the element's flat position in the matrix, for {@link Cause#NO_CONVERGENCE} -1.
     */
    public int index() {
        return index;
    }

    /** The matrix's index in the batch (its leading indices); empty for an unbatched matrix. */
    public int[] matrix() {
        return matrix.clone();
    }

    /** {@code " in matrix [1, 0] of the batch"}, or empty for an unbatched matrix. */
    static String where(int[] matrix) {
        return matrix.length == 0 ? "" : " in matrix " + Arrays.toString(matrix) + " of the batch";
    }
}
