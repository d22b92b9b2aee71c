package dev.adjoint.core.kernel;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.core.tensor.TensorInternals;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/** Elementwise kernels over tensors of equal shape: {@code y_i = f(x_i)}, {@code y_i = f(a_i, b_i)}. */
public final class ElementwiseKernels {

    private ElementwiseKernels() {
    }

    /** {@code y_i = f(x_i)} in the dtype of {@code x}. */
    public static Tensor map(Tensor x, DoubleUnaryOperator f) {
        return map(x, f, x.dtype());
    }

    /** {@code y_i = f(x_i)}, rounded to {@code out}. */
    public static Tensor map(Tensor x, DoubleUnaryOperator f, DType out) {
        double[] xs = TensorInternals.doubles(x);
        double[] ys = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            ys[i] = f.applyAsDouble(xs[i]);
        }
        return TensorInternals.adopt(out, x.shape(), ys);
    }

    /** {@code y_i = f(a_i, b_i)}; the shapes must be equal (broadcasting is explicit in the graph). */
    public static Tensor zip(Tensor a, Tensor b, DoubleBinaryOperator f) {
        requireSameShape(a, b, "zip");
        double[] as = TensorInternals.doubles(a);
        double[] bs = TensorInternals.doubles(b);
        double[] ys = new double[as.length];
        for (int i = 0; i < as.length; i++) {
            ys[i] = f.applyAsDouble(as[i], bs[i]);
        }
        return TensorInternals.adopt(a.dtype(), a.shape(), ys);
    }

    /** {@code y_i = c_i != 0 ? a_i : b_i}. */
    public static Tensor select(Tensor c, Tensor a, Tensor b) {
        requireSameShape(a, b, "select");
        requireSameShape(c, a, "select");
        double[] cs = TensorInternals.doubles(c);
        double[] as = TensorInternals.doubles(a);
        double[] bs = TensorInternals.doubles(b);
        double[] ys = new double[as.length];
        for (int i = 0; i < ys.length; i++) {
            ys[i] = cs[i] != 0.0 ? as[i] : bs[i];
        }
        return TensorInternals.adopt(a.dtype(), a.shape(), ys);
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
