package dev.adjoint.core.graph;

import dev.adjoint.core.kernel.ElementwiseKernels;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * Elementwise functions of one tensor, {@code y_i = f(x_i)}, and their factories; the output has the
 * input's shape. Each record gives {@code f} ({@link #apply}) and the VJP {@code xBar = yBar * f'(x)}, written
 * with graph ops, often in terms of the output {@code y} to reuse the forward value.
 *
 * <p>All are primitives: a kernel evaluates {@code f} in one pass. {@code sigmoid}, {@code softplus},
 * {@code log1p} and {@code expm1} are primitives for numerical stability (their compositions overflow or
 * cancel); {@code relu}, {@code leakyRelu} and {@code elu} for speed (one pass instead of a comparison, a
 * select and a product). Compositions (no record of their own): {@code square(x) = x * x},
 * {@code clip(x, lo, hi) = minimum(maximum(x, lo), hi)}.
 */
public sealed interface UnaryOp extends Op {

    /** {@code f(x)} for one element. */
    double apply(double x);

    /** The input's cotangent {@code yBar * f'(x)} as a graph; {@code y = f(x)} is the output node. */
    Node pullback(Node x, Node y, Node yBar);

    /** {@code -x}. */
    static Node neg(Node x) {
        return apply(new Neg(), x);
    }

    /** {@code e^x}. */
    static Node exp(Node x) {
        return apply(new Exp(), x);
    }

    /** {@code ln x}. */
    static Node log(Node x) {
        return apply(new Log(), x);
    }

    /** {@code ln(1 + x)}. */
    static Node log1p(Node x) {
        return apply(new Log1p(), x);
    }

    /** {@code e^x - 1}. */
    static Node expm1(Node x) {
        return apply(new Expm1(), x);
    }

    /** {@code sqrt x}. */
    static Node sqrt(Node x) {
        return apply(new Sqrt(), x);
    }

    /** {@code |x|}. */
    static Node abs(Node x) {
        return apply(new Abs(), x);
    }

    /** {@code sign x}. */
    static Node sign(Node x) {
        return apply(new Sign(), x);
    }

    /** {@code sin x}. */
    static Node sin(Node x) {
        return apply(new Sin(), x);
    }

    /** {@code cos x}. */
    static Node cos(Node x) {
        return apply(new Cos(), x);
    }

    /** {@code tanh x}. */
    static Node tanh(Node x) {
        return apply(new Tanh(), x);
    }

    /** {@code 1 / (1 + e^-x)}. */
    static Node sigmoid(Node x) {
        return apply(new Sigmoid(), x);
    }

    /** {@code max(x, 0)}. */
    static Node relu(Node x) {
        return apply(new Relu(), x);
    }

    /** {@code x > 0 ? x : alpha x}. */
    static Node leakyRelu(Node x, double alpha) {
        return apply(new LeakyRelu(alpha), x);
    }

    /** {@code x > 0 ? x : alpha (e^x - 1)}. */
    static Node elu(Node x, double alpha) {
        return apply(new Elu(alpha), x);
    }

    /** {@code ln(1 + e^x)}, stable. */
    static Node softplus(Node x) {
        return apply(new Softplus(), x);
    }

    /** {@code x ^ p} with a constant exponent; a tensor exponent is {@link BinaryOp#pow}. */
    static Node pow(Node x, double p) {
        return apply(new PowConstant(p), x);
    }

    /** Identity with zero gradient. */
    static Node stopGradient(Node x) {
        return apply(new StopGradient(), x);
    }

    /** Conversion to {@code dtype}; returns {@code x} itself when it already has that dtype. */
    static Node cast(Node x, DType dtype) {
        Objects.requireNonNull(dtype, "cast: dtype is null");
        Objects.requireNonNull(x, "cast: operand is null");
        return x.dtype() == dtype ? x : apply(new Cast(dtype), x);
    }

    /** {@code x * x} (a composition: the product rule gives {@code 2 x yBar}). */
    static Node square(Node x) {
        return BinaryOp.mul(x, x);
    }

    /** {@code min(max(x, lo), hi)}: a composition; the gradient is zero outside [lo, hi]. */
    static Node clip(Node x, double lo, double hi) {
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("clip: bounds must satisfy lo <= hi, got lo " + lo + " and hi " + hi);
        }
        return BinaryOp.minimum(BinaryOp.maximum(x, SourceOp.scalar(lo, x.dtype())), SourceOp.scalar(hi, x.dtype()));
    }

    private static Node apply(UnaryOp op, Node x) {
        if (x == null) {
            throw new NullPointerException(op.name() + ": operand is null");
        }
        return Node.apply(op, x);
    }

    @Override
    default Shape shape(List<Node> inputs) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException(name() + ": takes one input, got " + inputs.size());
        }
        return inputs.get(0).shape();
    }

    @Override
    default Tensor forward(List<Tensor> inputs, Shape out) {
        return ElementwiseKernels.map(inputs.get(0), this::apply);
    }

    @Override
    default List<Node> vjp(Node y, Node yBar) {
        return List.of(pullback(y.inputs().get(0), y, yBar));
    }

    /** A constant with {@code like}'s dtype. */
    private static Node c(double value, Node like) {
        return SourceOp.scalar(value, like.dtype());
    }

    /** {@code y = -x}; {@code xBar = -yBar}. */
    record Neg() implements UnaryOp {
        @Override public String name() { return "neg"; }
        @Override public double apply(double x) { return -x; }
        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            return ElementwiseKernels.neg(inputs.get(0));
        }
        @Override public Node pullback(Node x, Node y, Node yBar) { return UnaryOp.neg(yBar); }
    }

    /** {@code y = e^x}; {@code xBar = yBar * y}. */
    record Exp() implements UnaryOp {
        @Override public String name() { return "exp"; }
        @Override public double apply(double x) { return Math.exp(x); }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.mul(y); }
    }

    /** {@code y = ln x}, domain {@code x > 0}; {@code xBar = yBar / x}. */
    record Log() implements UnaryOp {
        @Override public String name() { return "log"; }
        @Override public double apply(double x) { return Math.log(x); }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.div(x); }
    }

    /** {@code y = ln(1 + x)}, accurate for small x, domain {@code x > -1}; {@code xBar = yBar / (1 + x)}. */
    record Log1p() implements UnaryOp {
        @Override public String name() { return "log1p"; }
        @Override public double apply(double x) { return Math.log1p(x); }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.div(x.add(c(1, x))); }
    }

    /** {@code y = e^x - 1}, accurate for small x; {@code xBar = yBar * (y + 1)}. */
    record Expm1() implements UnaryOp {
        @Override public String name() { return "expm1"; }
        @Override public double apply(double x) { return Math.expm1(x); }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.mul(y.add(c(1, y))); }
    }

    /** {@code y = sqrt x}, domain {@code x > 0} for the derivative; {@code xBar = yBar / (2 y)}. */
    record Sqrt() implements UnaryOp {
        @Override public String name() { return "sqrt"; }
        @Override public double apply(double x) { return Math.sqrt(x); }
        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            return ElementwiseKernels.sqrt(inputs.get(0));
        }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.div(y.mul(c(2, y))); }
    }

    /** {@code y = |x|}; {@code xBar = yBar * sign(x)} (0 at x = 0). */
    record Abs() implements UnaryOp {
        @Override public String name() { return "abs"; }
        @Override public double apply(double x) { return Math.abs(x); }
        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            return ElementwiseKernels.abs(inputs.get(0));
        }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.mul(UnaryOp.sign(x)); }
    }

    /** {@code y = sign x} in {-1, 0, 1}; piecewise constant, so {@code xBar = 0}. */
    record Sign() implements UnaryOp {
        @Override public String name() { return "sign"; }
        @Override public double apply(double x) { return Math.signum(x); }
        @Override public Node pullback(Node x, Node y, Node yBar) { return SourceOp.zerosLike(x); }
    }

    /** {@code y = sin x}; {@code xBar = yBar * cos x}. */
    record Sin() implements UnaryOp {
        @Override public String name() { return "sin"; }
        @Override public double apply(double x) { return Math.sin(x); }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.mul(UnaryOp.cos(x)); }
    }

    /** {@code y = cos x}; {@code xBar = -yBar * sin x}. */
    record Cos() implements UnaryOp {
        @Override public String name() { return "cos"; }
        @Override public double apply(double x) { return Math.cos(x); }
        @Override public Node pullback(Node x, Node y, Node yBar) {
            return UnaryOp.neg(yBar.mul(UnaryOp.sin(x)));
        }
    }

    /** {@code y = tanh x}; {@code xBar = yBar * (1 - y^2)}. */
    record Tanh() implements UnaryOp {
        @Override public String name() { return "tanh"; }
        @Override public double apply(double x) { return Math.tanh(x); }
        @Override public Node pullback(Node x, Node y, Node yBar) {
            return yBar.mul(c(1, y).sub(y.square()));
        }
    }

    /**
     * {@code y = 1 / (1 + e^-x)}, evaluated as {@code e^x / (1 + e^x)} for negative x so that neither form
     * overflows; {@code xBar = yBar * y * (1 - y)}.
     */
    record Sigmoid() implements UnaryOp {
        @Override public String name() { return "sigmoid"; }
        @Override public double apply(double x) {
            if (x >= 0) {
                return 1.0 / (1.0 + Math.exp(-x));
            }
            double e = Math.exp(x);
            return e / (1.0 + e);
        }
        @Override public Node pullback(Node x, Node y, Node yBar) {
            return yBar.mul(y.mul(c(1, y).sub(y)));
        }
    }

    /** {@code y = max(x, 0)}; {@code xBar = yBar * [x > 0]}. */
    record Relu() implements UnaryOp {
        @Override public String name() { return "relu"; }
        @Override public double apply(double x) { return x > 0 ? x : (x == x ? 0.0 : x); }
        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            return ElementwiseKernels.relu(inputs.get(0));
        }
        @Override public Node pullback(Node x, Node y, Node yBar) {
            return yBar.mul(BinaryOp.greater(x, c(0, x)));
        }
    }

    /**
     * {@code y = x} for {@code x > 0}, {@code alpha x} otherwise; {@code xBar = yBar * (x > 0 ? 1 : alpha)}.
     *
     * @param alpha the slope for negative inputs
     */
    record LeakyRelu(double alpha) implements UnaryOp {
        @Override public String name() { return "leakyRelu(" + alpha + ")"; }
        @Override public double apply(double x) { return x > 0 ? x : alpha * x; }
        @Override public Node pullback(Node x, Node y, Node yBar) {
            return yBar.mul(WhereOp.where(BinaryOp.greater(x, c(0, x)), c(1, x), c(alpha, x)));
        }
    }

    /**
     * {@code y = x} for {@code x > 0}, {@code alpha (e^x - 1)} otherwise;
     * {@code xBar = yBar * (x > 0 ? 1 : y + alpha)}.
     *
     * @param alpha the saturation value for large negative inputs is {@code -alpha}
     */
    record Elu(double alpha) implements UnaryOp {
        @Override public String name() { return "elu(" + alpha + ")"; }
        @Override public double apply(double x) { return x > 0 ? x : alpha * Math.expm1(x); }
        @Override public Node pullback(Node x, Node y, Node yBar) {
            return yBar.mul(WhereOp.where(BinaryOp.greater(x, c(0, x)), c(1, x), y.add(c(alpha, y))));
        }
    }

    /**
     * {@code y = ln(1 + e^x)}, evaluated as {@code max(x, 0) + log1p(e^-|x|)} so it never overflows
     * ({@code softplus(1000) = 1000}); {@code xBar = yBar * sigmoid(x)}.
     */
    record Softplus() implements UnaryOp {
        @Override public String name() { return "softplus"; }
        @Override public double apply(double x) { return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))); }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.mul(UnaryOp.sigmoid(x)); }
    }

    /**
     * {@code y = x^p} for a constant exponent; {@code xBar = yBar * p * x^(p-1)}. Domain: {@code x > 0} when
     * p is not an integer.
     *
     * @param p the exponent
     */
    record PowConstant(double p) implements UnaryOp {
        @Override public String name() { return "pow(" + p + ")"; }
        @Override public double apply(double x) { return p == 2.0 ? x * x : Math.pow(x, p); }
        @Override public Node pullback(Node x, Node y, Node yBar) {
            if (p == 1.0) {
                return yBar;
            }
            if (p == 0.0) {
                return SourceOp.zerosLike(x); // x^0 = 1 is constant; p x^(p-1) would be 0 * x^-1 = NaN at 0
            }
            return yBar.mul(x.pow(p - 1).mul(c(p, x)));
        }
    }

    /**
     * The identity in value with no gradient: {@code xBar = 0}. Use it to treat a value as a constant
     * (targets computed from the model, moving averages).
     */
    record StopGradient() implements UnaryOp {
        @Override public String name() { return "stopGradient"; }
        @Override public double apply(double x) { return x; }
        @Override public Tensor forward(List<Tensor> inputs, Shape out) { return inputs.get(0); }
        @Override public Node pullback(Node x, Node y, Node yBar) { return SourceOp.zerosLike(x); }
    }

    /**
     * Conversion to {@code dtype} (round to nearest when narrowing); {@code xBar = cast(yBar, x.dtype)}.
     *
     * @param dtype the output dtype
     */
    record Cast(DType dtype) implements UnaryOp {
        /** Validates the parameter. */
        public Cast {
            Objects.requireNonNull(dtype, "dtype is null");
        }

        @Override public String name() { return "cast(" + dtype.shortName() + ")"; }
        @Override public double apply(double x) { return dtype.round(x); }
        @Override public DType dtype(List<Node> inputs) { return dtype; }
        @Override public Tensor forward(List<Tensor> inputs, Shape out) { return inputs.get(0).cast(dtype); }
        @Override public Node pullback(Node x, Node y, Node yBar) { return UnaryOp.cast(yBar, x.dtype()); }
    }
}
