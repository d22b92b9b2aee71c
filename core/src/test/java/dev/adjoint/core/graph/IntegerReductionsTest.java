package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.LongBinaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Sums, products, extrema, running sums and products, and counts of INT32, INT64 and BOOL tensors give PyTorch
 * 1.13's dtypes and values, and match a naive loop over random shapes and axis sets. Expected values from
 * {@code /usr/bin/python3} with {@code x = torch.tensor([((i * 7) % 11) - 5 for i in range(24)]).reshape(2, 3, 4)}
 * cast to each dtype: {@code x.sum()}, {@code x.sum(dim=(0, 2), keepdim=True)}, {@code x.sum(1)}, {@code x.prod()},
 * {@code x.prod(1)}, {@code x.amax(dim=(0, 2))}, {@code x.amin(1, keepdim=True)}, {@code x.cumsum(1)},
 * {@code x.cumprod(2)}, {@code torch.count_nonzero(x, dim=(0, 2))}.
 */
class IntegerReductionsTest {

    private static final Shape SHAPE = Shape.of(2, 3, 4);
    private static final long[] X = {-5, 2, -2, 5, 1, -3, 4, 0, -4, 3, -1, -5, 2, -2, 5, 1, -3, 4, 0, -4, 3, -1, -5, 2};

    private static Tensor eval(Tensor x, UnaryOperator<Node> f) {
        Node in = SourceOp.input("x", x.shape(), x.dtype());
        return Function.of(List.of(in), List.of(f.apply(in))).call(x).get(0);
    }

    private static void assertValues(DType dtype, Shape shape, long[] expected, Tensor actual, String what) {
        assertEquals(dtype, actual.dtype(), what);
        assertEquals(shape, actual.shape(), what);
        assertArrayEquals(expected, actual.toLongArray(), what);
    }

    @Test
    void integerReductionsGivePyTorchsDtypesAndValues() {
        for (DType dtype : List.of(DType.INT32, DType.INT64)) {
            Tensor x = Tensor.ofLongs(SHAPE, X).cast(dtype);
            String of = " of " + dtype.shortName();
            assertValues(DType.INT64, Shape.scalar(), new long[] {-3}, eval(x, Node::sum), "sum()" + of);
            assertValues(DType.INT64, Shape.of(1, 3, 1), new long[] {6, -1, -8}, eval(x, n -> n.sum(true, 0, 2)),
                    "sum((0, 2), keepdim)" + of);
            assertValues(DType.INT64, Shape.of(2, 4), new long[] {-8, 2, 1, 0, 2, 1, 0, -1}, eval(x, n -> n.sum(1)),
                    "sum(1)" + of);
            assertValues(DType.INT64, Shape.scalar(), new long[] {0}, eval(x, Node::prod), "prod()" + of);
            assertValues(DType.INT64, Shape.of(2, 4), new long[] {20, -18, 8, 0, -18, 8, 0, -8},
                    eval(x, n -> n.prod(1)), "prod(1)" + of);
            assertValues(dtype, Shape.of(3), new long[] {5, 4, 3}, eval(x, n -> n.max(0, 2)), "amax((0, 2))" + of);
            assertValues(dtype, Shape.of(2, 1, 4), new long[] {-5, -3, -2, -5, -3, -2, -5, -4},
                    eval(x, n -> n.min(true, 1)), "amin(1, keepdim)" + of);
            assertValues(DType.INT64, SHAPE, new long[] {-5, 2, -2, 5, -4, -1, 2, 5, -8, 2, 1, 0, 2, -2, 5, 1, -1, 2, 5,
                    -3, 2, 1, 0, -1}, eval(x, n -> n.cumsum(1)), "cumsum(1)" + of);
            assertValues(DType.INT64, SHAPE, new long[] {-5, -10, 20, 100, 1, -3, -12, 0, -4, -12, 12, -60, 2, -4,
                    -20, -20, -3, -12, 0, 0, 3, -3, 15, 30}, eval(x, n -> n.cumprod(2)), "cumprod(2)" + of);
            assertValues(DType.INT64, Shape.of(3), new long[] {8, 6, 8}, eval(x, n -> n.countNonzero(0, 2)),
                    "count_nonzero((0, 2))" + of);
        }
    }

    @Test
    void boolReductionsCountTrueAsOneAndTheirExtremaAreAnyAndAll() {
        Tensor x = Tensor.ofLongs(SHAPE, X).cast(DType.BOOL);
        assertValues(DType.INT64, Shape.scalar(), new long[] {22}, eval(x, Node::sum), "sum()");
        assertValues(DType.INT64, Shape.of(1, 3, 1), new long[] {8, 6, 8}, eval(x, n -> n.sum(true, 0, 2)),
                "sum((0, 2), keepdim)");
        assertValues(DType.INT64, Shape.of(2, 4), new long[] {3, 3, 3, 2, 3, 3, 2, 3}, eval(x, n -> n.sum(1)),
                "sum(1)");
        assertValues(DType.INT64, Shape.scalar(), new long[] {0}, eval(x, Node::prod), "prod()");
        assertValues(DType.INT64, Shape.of(2, 4), new long[] {1, 1, 1, 0, 1, 1, 0, 1}, eval(x, n -> n.prod(1)),
                "prod(1)");
        Tensor max = eval(x, n -> n.max(0, 2));
        assertEquals(DType.BOOL, max.dtype());
        assertArrayEquals(new boolean[] {true, true, true}, max.toBooleanArray(), "amax((0, 2))");
        Tensor min = eval(x, n -> n.min(true, 1));
        assertEquals(DType.BOOL, min.dtype());
        assertEquals(Shape.of(2, 1, 4), min.shape());
        assertArrayEquals(new boolean[] {true, true, true, false, true, true, false, true}, min.toBooleanArray(),
                "amin(1, keepdim)");
        assertValues(DType.INT64, SHAPE, new long[] {1, 1, 1, 1, 2, 2, 2, 1, 3, 3, 3, 2, 1, 1, 1, 1, 2, 2, 1, 2, 3, 3,
                2, 3}, eval(x, n -> n.cumsum(1)), "cumsum(1)");
        assertValues(DType.INT64, SHAPE, new long[] {1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1,
                1, 1}, eval(x, n -> n.cumprod(2)), "cumprod(2)");
        assertValues(DType.INT64, Shape.of(3), new long[] {8, 6, 8}, eval(x, n -> n.countNonzero(0, 2)),
                "count_nonzero((0, 2))");
    }

    /** {@code torch.count_nonzero(torch.tensor([0.0, float('nan'), -0.0, 2.0]))} is 2: NaN counts, -0.0 does not. */
    @Test
    void countNonzeroOfFloatsCountsNaNButNotNegativeZero() {
        Tensor counted = eval(Tensor.vector(0.0, Double.NaN, -0.0, 2.0), Node::countNonzero);
        assertValues(DType.INT64, Shape.scalar(), new long[] {2}, counted, "count_nonzero");
    }

    /**
     * Overflow wraps as Java's long (and PyTorch's int64): {@code torch.tensor([2**62, 2**62]).sum()} is -2^63,
     * {@code torch.tensor([2**32, 2**32]).prod()} is 0, {@code torch.tensor([2**62, 2**62, 1]).cumsum(0)} is
     * {@code [2^62, -2^63, -2^63 + 1]}; int32 operands are widened first: {@code torch.tensor([2**31 - 1, 1],
     * dtype=torch.int32).sum()} is 2^31 and {@code torch.tensor([65536, 65536], dtype=torch.int32).prod()} is 2^32.
     */
    @Test
    void sumsAndProductsWrapAroundAsLongArithmetic() {
        Tensor big = Tensor.ofLongs(Shape.of(2), 1L << 62, 1L << 62);
        assertValues(DType.INT64, Shape.scalar(), new long[] {Long.MIN_VALUE}, eval(big, Node::sum), "sum");
        assertValues(DType.INT64, Shape.scalar(), new long[] {0},
                eval(Tensor.ofLongs(Shape.of(2), 1L << 32, 1L << 32), Node::prod), "prod");
        assertValues(DType.INT64, Shape.of(3), new long[] {1L << 62, Long.MIN_VALUE, Long.MIN_VALUE + 1},
                eval(Tensor.ofLongs(Shape.of(3), 1L << 62, 1L << 62, 1), n -> n.cumsum(0)), "cumsum");
        assertValues(DType.INT64, Shape.scalar(), new long[] {1L << 31},
                eval(Tensor.ofInts(Shape.of(2), Integer.MAX_VALUE, 1), Node::sum), "sum of i32");
        assertValues(DType.INT64, Shape.scalar(), new long[] {1L << 32},
                eval(Tensor.ofInts(Shape.of(2), 65536, 65536), Node::prod), "prod of i32");
    }

    /**
     * Long rows and many columns, which the kernels split among threads: {@code big = torch.arange(300000) % 1000 -
     * 500}; {@code big.sum()} is -150000, {@code big.reshape(100, 3000).sum(0)[:3]} is {@code [-50000, -49900,
     * -49800]}, {@code big.reshape(100, 3000).amax(0)[:3]} is {@code [-500, -499, -498]} and so is
     * {@code big.reshape(3, 100, 1000).amin((0, 1))[:3]}.
     */
    @Test
    void largeReductionsSplitAmongThreadsGivePyTorchsValues() {
        long[] values = new long[300_000];
        Arrays.setAll(values, i -> i % 1000 - 500);
        Tensor big = Tensor.ofLongs(Shape.of(values.length), values);
        assertValues(DType.INT64, Shape.scalar(), new long[] {-150_000}, eval(big, Node::sum), "sum");
        assertValues(DType.INT64, Shape.scalar(), new long[] {-150_000}, eval(big.cast(DType.INT32), Node::sum),
                "sum of i32");
        Tensor columns = eval(big, n -> n.reshape(Shape.of(100, 3000)).sum(0));
        assertArrayEquals(new long[] {-50_000, -49_900, -49_800}, Arrays.copyOf(columns.toLongArray(), 3));
        Tensor max = eval(big.cast(DType.INT32), n -> n.reshape(Shape.of(100, 3000)).max(0));
        assertEquals(DType.INT32, max.dtype());
        assertArrayEquals(new long[] {-500, -499, -498}, Arrays.copyOf(max.toLongArray(), 3));
        Tensor min = eval(big, n -> n.reshape(Shape.of(3, 100, 1000)).min(0, 1));
        assertArrayEquals(new long[] {-500, -499, -498}, Arrays.copyOf(min.toLongArray(), 3));
    }

    /** The reductions over random shapes (some of size 0) and axis sets equal a naive loop over the elements. */
    @Test
    void reductionsMatchANaiveLoopOverRandomShapesAndAxes() {
        Random random = new Random(20261206);
        for (int trial = 0; trial < 200; trial++) {
            int rank = random.nextInt(4);
            int[] dims = new int[rank];
            Arrays.setAll(dims, a -> random.nextInt(5));
            Shape shape = Shape.of(dims);
            DType dtype = List.of(DType.INT32, DType.INT64, DType.BOOL).get(random.nextInt(3));
            long[] data = new long[shape.size()];
            Arrays.setAll(data, i -> random.nextInt(2001) - 1000);
            Tensor x = Tensor.ofLongs(shape, data).cast(dtype);
            long[] read = x.cast(DType.INT64).toLongArray();
            List<Integer> chosen = new ArrayList<>();
            for (int a = 0; a < rank; a++) {
                if (random.nextBoolean()) {
                    chosen.add(a);
                }
            }
            int[] axes = chosen.stream().mapToInt(Integer::intValue).toArray();
            boolean keepDims = random.nextBoolean();
            String what = dtype.shortName() + shape + " over " + chosen + (keepDims ? " keepDims" : "");
            assertArrayEquals(naive(read, shape, axes, 0, Long::sum), eval(x, n -> n.sum(keepDims, axes))
                    .toLongArray(), "sum " + what);
            assertArrayEquals(naive(read, shape, axes, 1, (p, q) -> p * q), eval(x, n -> n.prod(keepDims, axes))
                    .toLongArray(), "prod " + what);
            boolean empty = Arrays.stream(axes.length == 0 ? dims : chosen.stream().mapToInt(a -> dims[a]).toArray())
                    .anyMatch(d -> d == 0);
            if (!empty) {
                assertArrayEquals(naive(read, shape, axes, Long.MIN_VALUE, Math::max),
                        eval(x, n -> n.max(keepDims, axes)).cast(DType.INT64).toLongArray(), "max " + what);
                assertArrayEquals(naive(read, shape, axes, Long.MAX_VALUE, Math::min),
                        eval(x, n -> n.min(keepDims, axes)).cast(DType.INT64).toLongArray(), "min " + what);
            }
            if (rank > 0) {
                int axis = random.nextInt(rank);
                assertArrayEquals(naiveScan(read, dims, axis, false), eval(x, n -> n.cumsum(axis)).toLongArray(),
                        "cumsum " + what);
                assertArrayEquals(naiveScan(read, dims, axis, true), eval(x, n -> n.cumprod(axis)).toLongArray(),
                        "cumprod " + what);
            }
        }
    }

    /** {@code out[j] = identity ∘ x_i ∘ ...} over the elements i whose coordinates off the axes are j's. */
    private static long[] naive(long[] x, Shape shape, int[] axes, long identity, LongBinaryOperator op) {
        int rank = shape.rank();
        boolean[] reduced = new boolean[rank];
        for (int a : axes) {
            reduced[a] = true;
        }
        if (axes.length == 0) {
            Arrays.fill(reduced, true);
        }
        int[] kept = new int[rank];
        for (int a = 0; a < rank; a++) {
            kept[a] = reduced[a] ? 1 : shape.dim(a);
        }
        long[] out = new long[Shape.of(kept).size()];
        Arrays.fill(out, identity);
        for (int i = 0; i < x.length; i++) {
            int rest = i;
            int j = 0;
            int stride = 1;
            for (int a = rank - 1; a >= 0; a--) {
                int coordinate = rest % shape.dim(a);
                rest /= shape.dim(a);
                j += (reduced[a] ? 0 : coordinate) * stride;
                stride *= kept[a];
            }
            out[j] = op.applyAsLong(out[j], x[i]);
        }
        return out;
    }

    /** The running sum or product along {@code axis}, by coordinates. */
    private static long[] naiveScan(long[] x, int[] dims, int axis, boolean product) {
        long[] out = new long[x.length];
        int step = 1;
        for (int a = axis + 1; a < dims.length; a++) {
            step *= dims[a];
        }
        for (int i = 0; i < x.length; i++) {
            int t = i / step % dims[axis];
            out[i] = t == 0 ? x[i] : product ? out[i - step] * x[i] : out[i - step] + x[i];
        }
        return out;
    }

    /**
     * Empty reductions give PyTorch's identities: {@code torch.zeros(0, dtype=torch.int32).sum()} is 0,
     * {@code torch.zeros(0, dtype=torch.bool).prod()} is 1, {@code torch.zeros((2, 0), dtype=torch.int64).sum(1)} is
     * {@code [0, 0]}, and an empty cumsum is an empty int64; a maximum over no elements is refused, as
     * {@code torch.zeros((2, 0), dtype=torch.bool).amax(1)} is ("Expected reduction dim 1 to have non-zero size").
     */
    @Test
    void emptyReductionsGiveTheIdentityAndEmptyExtremaAreRefused() {
        assertValues(DType.INT64, Shape.scalar(), new long[] {0}, eval(Tensor.ofInts(Shape.of(0)), Node::sum), "sum");
        assertValues(DType.INT64, Shape.scalar(), new long[] {1}, eval(Tensor.ofBooleans(Shape.of(0)), Node::prod),
                "prod");
        assertValues(DType.INT64, Shape.of(2), new long[] {0, 0}, eval(Tensor.ofLongs(Shape.of(2, 0)), n -> n.sum(1)),
                "sum(1)");
        assertValues(DType.INT64, Shape.of(2, 0), new long[0], eval(Tensor.ofInts(Shape.of(2, 0)), n -> n.cumsum(1)),
                "cumsum(1)");
        assertValues(DType.INT64, Shape.of(2, 0), new long[0],
                eval(Tensor.ofInts(Shape.of(2, 0)), n -> n.cumsum(1, true, true)), "exclusive reverse cumsum(1)");
        Node b = SourceOp.input("b", Shape.of(2, 0), DType.BOOL);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.max(1));
        assertEquals("max: the reduced axes must not be empty (a reduction over no elements has no identity), got"
                + " axis 1 of b : bool[2, 0]", e.getMessage());
    }

    /** An exclusive running sum puts the INT64 identity first (PyTorch has no flag: {@code [0] + cumsum[:-1]}). */
    @Test
    void exclusiveAndReverseScansOfIntegersAreInt64() {
        Tensor x = Tensor.ofInts(Shape.of(4), 3, -1, 4, 2);
        assertValues(DType.INT64, Shape.of(4), new long[] {0, 3, 2, 6}, eval(x, n -> n.cumsum(0, false, true)),
                "exclusive cumsum");
        assertValues(DType.INT64, Shape.of(4), new long[] {8, 5, 6, 2}, eval(x, n -> n.cumsum(0, true, false)),
                "reverse cumsum");
        assertValues(DType.INT64, Shape.of(4), new long[] {-8, 8, 2, 1}, eval(x, n -> n.cumprod(0, true, true)),
                "reverse exclusive cumprod");
    }

    /**
     * Over a batch of 0 rows, known only at evaluation, a sum is 0 and a maximum or minimum is the identity of the
     * dtype's order (the least or greatest value, false or true), as a float's is -inf or +inf.
     */
    @Test
    void overAnEmptyBatchSumsAreZeroAndExtremaTheDtypesIdentity() {
        Node x = SourceOp.input("x", Shape.of(Shape.BATCH, 2), DType.INT32);
        Node b = SourceOp.input("b", Shape.of(Shape.BATCH, 2), DType.BOOL);
        List<Tensor> out = Function.of(List.of(x, b), List.of(x.sum(0), x.max(0), x.min(0), b.max(0), b.min(0)))
                .call(Tensor.ofInts(Shape.of(0, 2)), Tensor.ofBooleans(Shape.of(0, 2)));
        assertValues(DType.INT64, Shape.of(2), new long[] {0, 0}, out.get(0), "sum");
        assertValues(DType.INT32, Shape.of(2), new long[] {Integer.MIN_VALUE, Integer.MIN_VALUE}, out.get(1), "max");
        assertValues(DType.INT32, Shape.of(2), new long[] {Integer.MAX_VALUE, Integer.MAX_VALUE}, out.get(2), "min");
        assertArrayEquals(new boolean[] {false, false}, out.get(3).toBooleanArray(), "max of bools");
        assertArrayEquals(new boolean[] {true, true}, out.get(4).toBooleanArray(), "min of bools");
        List<Tensor> three = Function.of(List.of(x), List.of(x.sum(0), x.max(0)))
                .call(Tensor.ofInts(Shape.of(3, 2), 1, -7, 5, 2, -4, 9));
        assertValues(DType.INT64, Shape.of(2), new long[] {2, 4}, three.get(0), "sum of 3 rows");
        assertValues(DType.INT32, Shape.of(2), new long[] {5, 9}, three.get(1), "max of 3 rows");
    }

    /**
     * mean of integers stays refused, under its own name (PyTorch: "mean(): could not infer output dtype. Input
     * dtype must be either a floating point or complex dtype"), and so do logSumExp and logcumsumexp.
     */
    @Test
    void meanAndTheLogarithmicReductionsStillRefuseIntegers() {
        Node i = SourceOp.input("i", Shape.of(2, 3), DType.INT64);
        assertEquals("mean: operand must be floating-point (f32 or f64), got i : i64[2, 3]; insert a cast, e.g."
                + " x.cast(DType.FLOAT64)", assertThrows(IllegalArgumentException.class, () -> i.mean(1)).getMessage());
        assertEquals("logSumExp[1]: operand must be floating-point (f32 or f64), got i64; insert a cast, e.g."
                + " x.cast(DType.FLOAT32)", assertThrows(IllegalArgumentException.class, () -> i.logSumExp(1))
                .getMessage());
        assertEquals("logcumsumexp(1): operand must be floating-point (f32 or f64), got i64; insert a cast, e.g."
                + " x.cast(DType.FLOAT32)", assertThrows(IllegalArgumentException.class, () -> i.logcumsumexp(1))
                .getMessage());
        assertEquals("countNonzero: axis must be in [-2, 2), got axis 2 for i : i64[2, 3]",
                assertThrows(IllegalArgumentException.class, () -> i.countNonzero(2)).getMessage());
    }

    /**
     * No gradient flows through an integer reduction: {@code d/dx [sum(x) · count(x > 0)] = count(x > 0)} at every
     * element (the count is a constant to the derivative), and a gradient with respect to an integer is refused.
     */
    @Test
    void integerReductionsCarryNoGradient() {
        Node x = SourceOp.input("x", Shape.of(4));
        Node positives = x.greater(0).sum().cast(DType.FLOAT64);
        Node g = Autodiff.grad(x.sum().mul(positives), x);
        Tensor value = Function.of(List.of(x), List.of(g)).call(Tensor.vector(1, -2, 3, 0.5)).get(0);
        assertArrayEquals(new double[] {3, 3, 3, 3}, value.toDoubleArray());
        Node i = SourceOp.input("i", Shape.of(4), DType.INT64);
        Node loss = i.sum().cast(DType.FLOAT64).mul(x).sum();
        RuntimeException refused = assertThrows(RuntimeException.class, () -> Autodiff.grad(loss, i));
        assertTrue(refused.getMessage().contains("i64"), refused.getMessage());
    }
}
