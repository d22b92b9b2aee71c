package dev.adjoint.core.kernel;

/**
 * A general matrix multiply on row-major arrays: {@code C = op(A) · op(B)}, where {@code op(X)} is {@code X}
 * or {@code Xᵀ}. {@code C} is {@code m × n} at offset {@code co} with row stride {@code n} and is overwritten;
 * {@code op(A)} is {@code m × k} and {@code op(B)} is {@code k × n}. A matrix stored transposed is read in
 * place (A stored as {@code k × m}, B as {@code n × k}), so no transposed copy of an operand is made (an
 * implementation may compute a narrow C as its transpose, {@code Cᵀ = op(B)ᵀ·op(A)ᵀ}, and copy it back: the same
 * chains below, since fma is symmetric in its two factors).
 *
 * <p>What decides the bits: every implementation computes each element of C as one chain of fused
 * multiply-adds over k in ascending order, starting from +0,
 * <pre>
 *   s = +0;  for p = 0 .. k-1:  s = fma(op(A)[i, p], op(B)[p, j], s);  C[i, j] = s
 * </pre>
 * in the element type (float32 stays float32). Each step is exactly rounded ({@link Math#fma}), so the result
 * depends on nothing else: not on the thread count, the register or cache blocking, the vector width, or
 * whether the vector or the scalar kernel runs. The same inputs give the same C on every CPU.
 */
interface GemmKernel {

    /** {@code C = op(A) · op(B)} in float32. */
    void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int ao, float[] b, int bo, float[] c,
            int co);

    /** {@code C = op(A) · op(B)} in float64. */
    void gemm(boolean transA, boolean transB, int m, int n, int k, double[] a, int ao, double[] b, int bo,
            double[] c, int co);

    /**
     * {@code C = A · B} in float32 for an A that packs its own panels ({@link RowPanels}), B stored {@code [k, n]}
     * row-major at {@code bo}, C with row stride {@code ldc} at {@code co}; each element the same chain as
     * above. Runs on the calling thread: the caller parallelizes over products.
     */
    void gemm(RowPanels a, int m, int n, int k, float[] b, int bo, float[] c, int co, int ldc);

    /** {@link #gemm(RowPanels, int, int, int, float[], int, float[], int, int)} in float64. */
    void gemm(RowPanels a, int m, int n, int k, double[] b, int bo, double[] c, int co, int ldc);

    /** A short description for the log line, e.g. {@code "Vector API, 512-bit"}. */
    String description();

    /**
     * Rows of C computed together (the register tile's): a product whose m is not a multiple of it computes
     * and drops the rest of its last tile. 1 for a kernel without a tile.
     */
    default int tileRows() {
        return 1;
    }

    /** Columns of C computed together, in float32 or float64 elements; 1 for a kernel without a tile. */
    default int tileColumns(boolean f32) {
        return 1;
    }
}
