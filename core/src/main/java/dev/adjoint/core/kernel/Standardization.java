package dev.adjoint.core.kernel;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.core.tensor.internal.TensorInternals;
import java.util.List;

/**
 * Not API: the forward of {@code batchNormalize}, each column of {@code x} standardized over the rows, then
 * scaled and shifted. With {@code x} read as {@code [M, C]} (every axis but the last flattened into the M rows):
 *
 * <pre>
 *   mu_c      = (sum_i x[i, c]) / M
 *   sigma²_c  = (sum_i (x[i, c] - mu_c)²) / M
 *   y[i, c]   = ((x[i, c] - mu_c) / sqrt(sigma²_c + eps)) * gamma_c + beta_c
 * </pre>
 *
 * <p>The operations are those a compiled plan runs for the composition {@code (x - mean(x)) / sqrt(mean((x - mean(x))²)
 * + eps) * gamma + beta}, in the same order and precision: the column sums of {@link ReduceKernels#sum} and {@link
 * ElementwiseProgram#sumColumns} (one chain per column, ascending rows, from +0; for one column, the stored squares
 * summed as a stored sum is), the quotients, the sum with {@code eps} and the root in the tensor's dtype, then one
 * elementwise pass rounding after each operation. So the result has the same bits as the composition's, and, like every
 * kernel here, the same on any number of threads. The rectified form applies {@code max(0, y)} in the same pass (the
 * instruction a fused ReLU runs), for the compiler's {@code relu(batchNormalize(x, gamma, beta))}: the bits of the two
 * ops, without storing and reading back the normalized values.
 */
public final class Standardization {

    /** {@code (x - m)²}, m periodic: the squared deviations, summed without being stored. */
    private static final ElementwiseProgram SQUARED_DEVIATION = program(true, false);
    /** {@code ((x - m) / s) * gamma + beta}, m, s (the root of the variance plus eps), gamma and beta periodic. */
    private static final ElementwiseProgram NORMALIZED = program(false, false);
    /** {@code max(0, ((x - m) / s) * gamma + beta)}. */
    private static final ElementwiseProgram NORMALIZED_RECTIFIED = program(false, true);

    private Standardization() {
    }

    private static ElementwiseProgram program(boolean squares, boolean rectified) {
        ElementwiseProgram.Builder b = new ElementwiseProgram.Builder();
        int x = b.input(false);
        int mean = b.periodicInput();
        int deviation = b.instruction(Pointwise.Exact.SUB, x, mean);
        if (squares) {
            b.instruction(Pointwise.Exact.MUL, deviation, deviation);
        } else {
            int standardized = b.instruction(Pointwise.Exact.DIV, deviation, b.periodicInput());
            int scaled = b.instruction(Pointwise.Exact.MUL, standardized, b.periodicInput());
            int shifted = b.instruction(Pointwise.Exact.ADD, scaled, b.periodicInput());
            if (rectified) {
                b.instruction(Pointwise.Exact.RELU, shifted);
            }
        }
        return b.build();
    }

    /**
     * The normalized columns of a float tensor of rank 2 or more.
     *
     * @param x the values, rows first, the feature axis last
     * @param gamma the scales {@code [C]}, of x's dtype
     * @param beta the shifts {@code [C]}
     * @param epsilon added to each column's variance, finite and {@code >= 0}
     * @param rectified whether {@code max(0, .)} is applied to the result
     */
    public static Tensor batchNormalize(Tensor x, Tensor gamma, Tensor beta, double epsilon, boolean rectified) {
        Shape shape = x.shape();
        int columns = shape.dim(shape.rank() - 1);
        int n = shape.size();
        if (n == 0) {
            return x.dtype() == DType.FLOAT32 ? TensorInternals.adopt(shape, new float[0])
                    : TensorInternals.adopt(DType.FLOAT64, shape, new double[0]);
        }
        int rows = n / columns;
        Shape perColumn = Shape.of(columns);
        boolean[] reduced = new boolean[shape.rank()];
        java.util.Arrays.fill(reduced, 0, shape.rank() - 1, true);
        Tensor mean = perColumn(ReduceKernels.sum(x, reduced, perColumn), rows, false, 0);
        Tensor squares;
        if (columns > 1) {
            squares = SQUARED_DEVIATION.sumColumns(List.of(x, mean), x.dtype(), n, rows, columns, perColumn);
        } else {
            Tensor stored = SQUARED_DEVIATION.run(List.of(x, mean), x.dtype(), shape);
            squares = ReduceKernels.sum(stored, reduced, perColumn);
            BufferPool.giveBack(TensorInternals.storage(stored)); // read by the sum alone
        }
        Tensor root = perColumn(squares, rows, true, epsilon);
        return (rectified ? NORMALIZED_RECTIFIED : NORMALIZED).run(List.of(x, mean, root, gamma, beta), x.dtype(),
                shape);
    }

    /**
     * {@code s / count} per column, in the dtype, or with {@code root} {@code sqrt(s / count + eps)}. The count and
     * {@code eps} are rounded to the dtype first, as the composition's constants are.
     */
    private static Tensor perColumn(Tensor sums, int count, boolean root, double epsilon) {
        Shape shape = sums.shape();
        float[] fs = TensorInternals.floats(sums);
        if (fs != null) {
            float c = count;
            float eps = (float) epsilon;
            float[] q = new float[fs.length];
            for (int j = 0; j < q.length; j++) {
                float v = fs[j] / c;
                q[j] = root ? (float) Math.sqrt(v + eps) : v;
            }
            return TensorInternals.adopt(shape, q);
        }
        double[] ds = TensorInternals.doubles(sums);
        double[] q = new double[ds.length];
        for (int j = 0; j < q.length; j++) {
            double v = ds[j] / count;
            q[j] = root ? Math.sqrt(v + epsilon) : v;
        }
        return TensorInternals.adopt(DType.FLOAT64, shape, q);
    }
}
