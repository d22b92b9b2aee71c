package dev.adjoint.core.kernel;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.core.tensor.internal.TensorInternals;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * Elementwise kernels over tensors of equal shape: {@code y_i = f(x_i)}, {@code y_i = f(a_i, b_i)}.
 *
 * <p>The generic {@link #map} and {@link #zip} compute each element in double precision and round once to the
 * output dtype ({@link Transcendentals}' float32 sigmoid and tanh are computed in float). The exact operations
 * ({@link Pointwise.Exact}: add, multiply, relu, ...) are exactly rounded IEEE operations, computed in the tensors' own
 * precision on {@link Kernels}' vector or scalar loops; a float32 result is bit-identical to the double-and-round-once
 * reference. Ops reach them through {@link Pointwise#apply}. Tensors of at least
 * {@value #PARALLEL_ELEMENTS} elements are split into fixed blocks across {@link Parallel}'s threads.
 */
public final class ElementwiseKernels {

    /** Elementwise work is split across threads from this many elements on, in blocks of this size. */
    static final int PARALLEL_ELEMENTS = 1 << 16;

    private ElementwiseKernels() {
    }

    /** {@code y_i = f(x_i)} in the dtype of {@code x}. */
    public static Tensor map(Tensor x, DoubleUnaryOperator f) {
        return map(x, f, x.dtype());
    }

    /** {@code y_i = f(x_i)}, rounded to {@code out}. */
    public static Tensor map(Tensor x, DoubleUnaryOperator f, DType out) {
        float[] xf = TensorInternals.floats(x);
        if (xf != null && out == DType.FLOAT32) {
            float[] ys = BufferPool.floatsForOverwrite(xf.length);
            Transcendentals.apply(f, xf, 0, ys, 0, xf.length);
            return TensorInternals.adopt(x.shape(), ys);
        }
        double[] xs = TensorInternals.doubles(x);
        double[] ys = BufferPool.doublesForOverwriteFor(out, xs.length);
        Transcendentals.apply(f, xs, 0, ys, 0, xs.length);
        return TensorInternals.adopt(out, x.shape(), ys);
    }

    /** {@code y_i = f(a_i, b_i)}; the shapes must be equal (broadcasting is explicit in the graph). */
    public static Tensor zip(Tensor a, Tensor b, DoubleBinaryOperator f) {
        requireSameShape(a, b, "zip");
        float[] af = TensorInternals.floats(a);
        float[] bf = TensorInternals.floats(b);
        if (af != null && bf != null) {
            float[] ys = BufferPool.floatsForOverwrite(af.length);
            for (int i = 0; i < af.length; i++) {
                ys[i] = (float) f.applyAsDouble(af[i], bf[i]);
            }
            return TensorInternals.adopt(a.shape(), ys);
        }
        double[] as = TensorInternals.doubles(a);
        double[] bs = TensorInternals.doubles(b);
        double[] ys = BufferPool.doublesForOverwriteFor(a.dtype(), as.length);
        for (int i = 0; i < as.length; i++) {
            ys[i] = f.applyAsDouble(as[i], bs[i]);
        }
        return TensorInternals.adopt(a.dtype(), a.shape(), ys);
    }

    /** {@code y = a op b} for an {@link ArrayOps} binary code. */
    static Tensor binary(int op, Tensor a, Tensor b, String name) {
        requireSameShape(a, b, name);
        if (a.dtype() != b.dtype()) {
            return zip(a, b, (x, y) -> ScalarArrayOps.apply(op, x, y));
        }
        ArrayOps ops = Kernels.OPS;
        int n = a.size();
        if (a.dtype() == DType.FLOAT32) {
            float[] as = TensorInternals.floats(a);
            float[] bs = TensorInternals.floats(b);
            float[] ys = BufferPool.floatsForOverwrite(n);
            blocks(n, (from, len) -> ops.binary(op, as, from, bs, from, ys, from, len));
            return TensorInternals.adopt(a.shape(), ys);
        }
        double[] as = TensorInternals.doubles(a);
        double[] bs = TensorInternals.doubles(b);
        double[] ys = BufferPool.doublesForOverwrite(n);
        blocks(n, (from, len) -> ops.binary(op, as, from, bs, from, ys, from, len));
        return TensorInternals.adopt(DType.FLOAT64, a.shape(), ys);
    }

    /** {@code y = op(x)} for an {@link ArrayOps} unary code. */
    static Tensor unary(int op, Tensor x) {
        ArrayOps ops = Kernels.OPS;
        int n = x.size();
        if (x.dtype() == DType.FLOAT32) {
            float[] xs = TensorInternals.floats(x);
            float[] ys = BufferPool.floatsForOverwrite(n);
            blocks(n, (from, len) -> ops.unary(op, xs, from, ys, from, len));
            return TensorInternals.adopt(x.shape(), ys);
        }
        double[] xs = TensorInternals.doubles(x);
        double[] ys = BufferPool.doublesForOverwrite(n);
        blocks(n, (from, len) -> ops.unary(op, xs, from, ys, from, len));
        return TensorInternals.adopt(DType.FLOAT64, x.shape(), ys);
    }

    /** A piece of an elementwise loop: elements {@code [from, from + len)}. */
    interface Range {
        void run(int from, int len);
    }

    /** Runs {@code body} over {@code [0, n)}: at once when small, else in fixed blocks across the threads. */
    static void blocks(int n, Range body) {
        if (n < 2 * PARALLEL_ELEMENTS || Parallel.threads() == 1) {
            body.run(0, n);
            return;
        }
        int tasks = (n + PARALLEL_ELEMENTS - 1) / PARALLEL_ELEMENTS;
        Parallel.forEach(tasks, t -> {
            int from = t * PARALLEL_ELEMENTS;
            body.run(from, Math.min(PARALLEL_ELEMENTS, n - from));
        });
    }

    /** {@code y_i = c_i ? a_i : b_i} for a BOOL condition and values of any one dtype. */
    public static Tensor select(Tensor c, Tensor a, Tensor b) {
        requireSameShape(a, b, "select");
        requireSameShape(c, a, "select");
        boolean[] cs = TensorInternals.booleans(c);
        if (cs == null || a.dtype() != b.dtype()) {
            throw new IllegalArgumentException("select: needs a bool condition and values of one dtype, got "
                    + c.dtype().shortName() + ", " + a.dtype().shortName() + " and " + b.dtype().shortName());
        }
        Object ys = BufferPool.forOverwrite(a.dtype(), cs.length);
        Storage.select(cs, TensorInternals.storage(a), TensorInternals.storage(b), ys);
        return TensorInternals.adoptStorage(a.shape(), ys);
    }

    /** {@code y_i = f(x_i) != 0} for a float {@code x}: a truth value per element. */
    public static Tensor test(Tensor x, DoubleUnaryOperator f) {
        boolean[] ys = (boolean[]) BufferPool.forOverwrite(DType.BOOL, x.size());
        float[] xf = TensorInternals.floats(x);
        if (xf != null) {
            for (int i = 0; i < ys.length; i++) {
                ys[i] = f.applyAsDouble(xf[i]) != 0;
            }
        } else {
            double[] xs = TensorInternals.doubles(x);
            for (int i = 0; i < ys.length; i++) {
                ys[i] = f.applyAsDouble(xs[i]) != 0;
            }
        }
        return TensorInternals.adoptStorage(x.shape(), ys);
    }

    /** {@code y_i = f(a_i, b_i) != 0} for float operands of one dtype: a truth value per element. */
    public static Tensor test(Tensor a, Tensor b, DoubleBinaryOperator f) {
        requireSameShape(a, b, "test");
        boolean[] ys = (boolean[]) BufferPool.forOverwrite(DType.BOOL, a.size());
        float[] af = TensorInternals.floats(a);
        float[] bf = TensorInternals.floats(b);
        if (af != null && bf != null) {
            for (int i = 0; i < ys.length; i++) {
                ys[i] = f.applyAsDouble(af[i], bf[i]) != 0;
            }
        } else {
            double[] as = TensorInternals.doubles(a);
            double[] bs = TensorInternals.doubles(b);
            for (int i = 0; i < ys.length; i++) {
                ys[i] = f.applyAsDouble(as[i], bs[i]) != 0;
            }
        }
        return TensorInternals.adoptStorage(a.shape(), ys);
    }

    /**
     * {@code y_i = g(x_i)} for an integer or bool {@code x}, computed in 64-bit two's complement and narrowed to
     * {@code out} (INT32 keeps the low 32 bits, BOOL is {@code != 0}).
     */
    public static Tensor integer(Tensor x, LongUnaryOperator g, DType out) {
        Integers.Reader xs = Integers.reader(x);
        Integers.Writer ys = Integers.writer(out, x.size());
        for (int i = 0, n = x.size(); i < n; i++) {
            ys.set(i, g.applyAsLong(xs.get(i)));
        }
        return TensorInternals.adoptStorage(x.shape(), ys.storage());
    }

    /**
     * {@code y_i = g(a_i, b_i)} for integer or bool operands, as {@link #integer(Tensor, LongUnaryOperator, DType)}.
     */
    public static Tensor integer(Tensor a, Tensor b, LongBinaryOperator g, DType out) {
        requireSameShape(a, b, "integer");
        Integers.Reader as = Integers.reader(a);
        Integers.Reader bs = Integers.reader(b);
        Integers.Writer ys = Integers.writer(out, a.size());
        for (int i = 0, n = a.size(); i < n; i++) {
            ys.set(i, g.applyAsLong(as.get(i), bs.get(i)));
        }
        return TensorInternals.adoptStorage(a.shape(), ys.storage());
    }

    /** {@code x} converted to {@code dtype} with the semantics of {@link Tensor#cast}; x itself when it has it. */
    public static Tensor convert(Tensor x, DType dtype) {
        if (x.dtype() == dtype) {
            return x;
        }
        Object ys = BufferPool.forOverwrite(dtype, x.size());
        TensorInternals.convert(TensorInternals.storage(x), ys, x.shape());
        return TensorInternals.adoptStorage(x.shape(), ys);
    }

    /** A tensor of the given dtype and concrete shape filled with {@code value}. */
    public static Tensor fill(DType dtype, Shape shape, double value) {
        return Tensor.full(dtype, shape, value);
    }

    private static void requireSameShape(Tensor a, Tensor b, String op) {
        if (!a.shape().equals(b.shape())) {
            throw new IllegalArgumentException(op + ": kernel operands must have equal shapes, got "
                    + a.shape() + " and " + b.shape());
        }
    }
}
