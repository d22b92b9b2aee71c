package dev.adjoint.core.kernel;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.core.tensor.internal.TensorInternals;
import java.util.Arrays;

/**
 * Reductions and running reductions of INT32, INT64 and BOOL tensors, read as 64-bit values (a bool as 1 or 0),
 * with PyTorch's result dtypes: a sum or a product is INT64 ({@code torch.sum} and {@code torch.prod} of integral
 * and bool inputs), a maximum or minimum keeps x's dtype. Sums and products wrap around on overflow as Java's
 * {@code long} arithmetic does (two's complement modulo 2^64, as PyTorch's int64 kernels): each operation is
 * associative and commutative there, so the result is exact, the same bits in any order of the elements and on
 * any number of threads. The work is split as {@link ReduceKernels} splits a float sum: a reduced run of axes
 * read as {@code [outer, r, inner]}, long rows in blocks, columns in ranges; any other axis set in row-major order.
 */
final class IntegerReductions {

    private IntegerReductions() {
    }

    /** An associative, commutative operation on longs, with its identity for the values of a dtype. */
    enum Combine {
        /** {@code a + b}, wrapping; identity 0. */
        SUM,
        /** {@code a · b}, wrapping; identity 1. */
        PROD,
        /** {@code max(a, b)}; identity the dtype's least value (false for a bool). */
        MAX,
        /** {@code min(a, b)}; identity the dtype's greatest value (true for a bool). */
        MIN;

        long apply(long a, long b) {
            return switch (this) {
                case SUM -> a + b;
                case PROD -> a * b;
                case MAX -> Math.max(a, b);
                case MIN -> Math.min(a, b);
            };
        }

        /** The identity over values of {@code dtype}: what a reduction over no elements gives. */
        long identity(DType dtype) {
            return switch (this) {
                case SUM -> 0;
                case PROD -> 1;
                case MAX -> dtype == DType.BOOL ? 0 : dtype == DType.INT32 ? Integer.MIN_VALUE : Long.MIN_VALUE;
                case MIN -> dtype == DType.BOOL ? 1 : dtype == DType.INT32 ? Integer.MAX_VALUE : Long.MAX_VALUE;
            };
        }
    }

    /**
     * {@code y = x_1 ∘ x_2 ∘ ...} over the reduced axes, of dtype {@code out}: INT64 for {@link Combine#SUM} and
     * {@link Combine#PROD}, x's for the extrema (a reduction over no elements gives {@link Combine#identity}).
     */
    static Tensor reduce(Tensor x, boolean[] reduced, Shape shape, DType out, Combine c) {
        Integers.Reader xs = Integers.reader(x);
        long[] ys = new long[shape.size()];
        long identity = c.identity(x.dtype());
        Arrays.fill(ys, identity);
        int[] run = ReduceKernels.contiguousRun(x.shape(), reduced);
        if (run == null) {
            int[] map = ReduceKernels.outputOffsets(x.shape(), reduced);
            for (int i = 0; i < map.length; i++) {
                ys[map[i]] = c.apply(ys[map[i]], xs.get(i));
            }
        } else if (run[2] == 1) {
            for (int o = 0; o < run[0]; o++) {
                ys[o] = combineRange(xs, o * run[1], run[1], c, identity);
            }
        } else {
            int r = run[1];
            int inner = run[2];
            ReduceKernels.columnRanges((long) run[0] * r * inner, inner, (c0, width) -> {
                for (int o = 0; o < run[0]; o++) {
                    for (int t = 0; t < r; t++) {
                        int from = (o * r + t) * inner;
                        for (int j = c0; j < c0 + width; j++) {
                            ys[o * inner + j] = c.apply(ys[o * inner + j], xs.get(from + j));
                        }
                    }
                }
            });
        }
        return narrow(out, shape, ys);
    }

    /** The combination of a range, in fixed blocks combined in parallel when it is long. */
    private static long combineRange(Integers.Reader xs, int from, int length, Combine c, long identity) {
        int block = ElementwiseKernels.PARALLEL_ELEMENTS;
        int blocks = length < 2 * block ? 1 : (length + block - 1) / block;
        long[] partial = new long[blocks];
        Parallel.forEach(blocks, b -> {
            long acc = identity;
            int start = from + b * block;
            for (int i = start, end = start + Math.min(block, length - b * block); i < end; i++) {
                acc = c.apply(acc, xs.get(i));
            }
            partial[b] = acc;
        });
        long total = identity;
        for (long p : partial) {
            total = c.apply(total, p);
        }
        return total;
    }

    /**
     * The running sum ({@code product} false) or product along {@code axis}, {@code y_i = x_0 ∘ ... ∘ x_i}, INT64
     * (PyTorch's {@code cumsum} and {@code cumprod} of integral and bool inputs), each lane in index order.
     */
    static Tensor scan(Tensor x, int axis, boolean product) {
        int[] dims = x.shape().dims();
        int d = dims[axis];
        int inner = 1;
        for (int a = axis + 1; a < dims.length; a++) {
            inner *= dims[a];
        }
        Integers.Reader xs = Integers.reader(x);
        long[] ys = new long[x.shape().size()];
        int lanes = d == 0 ? 0 : ys.length / d;
        for (int lane = 0; lane < lanes; lane++) {
            int base = (lane / inner) * d * inner + lane % inner;
            long acc = product ? 1 : 0;
            for (int t = 0; t < d; t++) {
                int i = base + t * inner;
                acc = product ? acc * xs.get(i) : acc + xs.get(i);
                ys[i] = acc;
            }
        }
        return TensorInternals.adoptStorage(x.shape(), ys);
    }

    /** {@code ys} as a tensor of {@code dtype}: INT64 as is, INT32 its low 32 bits (exact here), BOOL {@code != 0}. */
    private static Tensor narrow(DType dtype, Shape shape, long[] ys) {
        if (dtype == DType.INT64) {
            return TensorInternals.adoptStorage(shape, ys);
        }
        Integers.Writer out = Integers.writer(dtype, ys.length);
        for (int i = 0; i < ys.length; i++) {
            out.set(i, ys[i]);
        }
        return TensorInternals.adoptStorage(shape, out.storage());
    }
}
