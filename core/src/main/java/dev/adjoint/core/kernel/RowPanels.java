package dev.adjoint.core.kernel;

/**
 * A matrix A that writes its own rows into a GEMM's packed row panels, so that a product can read a matrix
 * that is never stored whole (a convolution's patches): rows {@code [i0, i0 + rows)} and columns
 * {@code [p0, p0 + kc)} of A go to {@code ap} in panels of {@code mr} rows, panel {@code q} holding rows
 * {@code i0 + q·mr ..} with element {@code (r, p)} at {@code q·mr·kc + (p - p0)·mr + r}, rows past the last
 * zero-filled. This is the layout {@link VectorGemm} packs a stored A into.
 */
interface RowPanels {

    /** Packs rows {@code [i0, i0 + rows)}, columns {@code [p0, p0 + kc)} in float32. */
    void pack(int i0, int rows, int p0, int kc, float[] ap, int mr);

    /** Packs rows {@code [i0, i0 + rows)}, columns {@code [p0, p0 + kc)} in float64. */
    void pack(int i0, int rows, int p0, int kc, double[] ap, int mr);
}
