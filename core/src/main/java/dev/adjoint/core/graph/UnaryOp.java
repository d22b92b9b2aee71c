package dev.adjoint.core.graph;

import dev.adjoint.core.kernel.ElementwiseKernels;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * Elementwise functions of one tensor, {@code y_i = f(x_i)}; the output has the input's shape. Each record
 * gives {@code f} ({@link #apply}) and the VJP {@code xBar = yBar * f'(x)}, written with graph ops, often in
 * terms of the output {@code y} to reuse the forward value.
 *
 * <p>All are primitives: a kernel evaluates {@code f} in one pass. {@code sigmoid}, {@code softplus},
 * {@code log1p} and {@code expm1} are primitives for numerical stability (their compositions overflow or
 * cancel); {@code relu}, {@code leakyRelu} and {@code elu} for speed (one pass instead of a comparison, a
 * select and a product).
 */
public sealed interface UnaryOp extends Op {

    /** {@code f(x)} for one element. */
    double apply(double x);

    /** The input's cotangent {@code yBar * f'(x)} as a graph; {@code y = f(x)} is the output node. */
    Node pullback(Node x, Node y, Node yBar);

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
        return Nodes.scalar(value, like.dtype());
    }

    /** {@code y = -x}; {@code xBar = -yBar}. */
    record Neg() implements UnaryOp {
        @Override public String name() { return "neg"; }
        @Override public double apply(double x) { return -x; }
        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            return ElementwiseKernels.neg(inputs.get(0));
        }
        @Override public Node pullback(Node x, Node y, Node yBar) { return Elementwise.neg(yBar); }
    }

    /** {@code y = e^x}; {@code xBar = yBar * y}. */
    record Exp() implements UnaryOp {
        @Override public String name() { return "exp"; }
        @Override public double apply(double x) { return StrictMath.exp(x); }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.mul(y); }
    }

    /** {@code y = ln x}, domain {@code x > 0}; {@code xBar = yBar / x}. */
    record Log() implements UnaryOp {
        @Override public String name() { return "log"; }
        @Override public double apply(double x) { return StrictMath.log(x); }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.div(x); }
    }

    /** {@code y = ln(1 + x)}, accurate for small x, domain {@code x > -1}; {@code xBar = yBar / (1 + x)}. */
    record Log1p() implements UnaryOp {
        @Override public String name() { return "log1p"; }
        @Override public double apply(double x) { return StrictMath.log1p(x); }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.div(x.add(c(1, x))); }
    }

    /** {@code y = e^x - 1}, accurate for small x; {@code xBar = yBar * (y + 1)}. */
    record Expm1() implements UnaryOp {
        @Override public String name() { return "expm1"; }
        @Override public double apply(double x) { return StrictMath.expm1(x); }
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
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.mul(Elementwise.sign(x)); }
    }

    /** {@code y = sign x} in {-1, 0, 1}; piecewise constant, so {@code xBar = 0}. */
    record Sign() implements UnaryOp {
        @Override public String name() { return "sign"; }
        @Override public double apply(double x) { return Math.signum(x); }
        @Override public Node pullback(Node x, Node y, Node yBar) { return Nodes.zerosLike(x); }
    }

    /** {@code y = sin x}; {@code xBar = yBar * cos x}. */
    record Sin() implements UnaryOp {
        @Override public String name() { return "sin"; }
        @Override public double apply(double x) { return StrictMath.sin(x); }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.mul(Elementwise.cos(x)); }
    }

    /** {@code y = cos x}; {@code xBar = -yBar * sin x}. */
    record Cos() implements UnaryOp {
        @Override public String name() { return "cos"; }
        @Override public double apply(double x) { return StrictMath.cos(x); }
        @Override public Node pullback(Node x, Node y, Node yBar) {
            return Elementwise.neg(yBar.mul(Elementwise.sin(x)));
        }
    }

    /** {@code y = tanh x}; {@code xBar = yBar * (1 - y^2)}. */
    record Tanh() implements UnaryOp {
        @Override public String name() { return "tanh"; }
        @Override public double apply(double x) { return StrictMath.tanh(x); }
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
                return 1.0 / (1.0 + StrictMath.exp(-x));
            }
            double e = StrictMath.exp(x);
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
            return yBar.mul(Elementwise.greater(x, c(0, x)));
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
            return yBar.mul(Elementwise.where(Elementwise.greater(x, c(0, x)), c(1, x), c(alpha, x)));
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
        @Override public double apply(double x) { return x > 0 ? x : alpha * StrictMath.expm1(x); }
        @Override public Node pullback(Node x, Node y, Node yBar) {
            return yBar.mul(Elementwise.where(Elementwise.greater(x, c(0, x)), c(1, x), y.add(c(alpha, y))));
        }
    }

    /**
     * {@code y = ln(1 + e^x)}, evaluated as {@code max(x, 0) + log1p(e^-|x|)} so it never overflows
     * ({@code softplus(1000) = 1000}); {@code xBar = yBar * sigmoid(x)}.
     */
    record Softplus() implements UnaryOp {
        @Override public String name() { return "softplus"; }
        @Override public double apply(double x) { return Math.max(x, 0) + StrictMath.log1p(StrictMath.exp(-Math.abs(x))); }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.mul(Elementwise.sigmoid(x)); }
    }

    /**
     * {@code y = x^p} for a constant exponent; {@code xBar = yBar * p * x^(p-1)}. Domain: {@code x > 0} when
     * p is not an integer.
     *
     * @param p the exponent
     */
    record PowConstant(double p) implements UnaryOp {
        @Override public String name() { return "pow(" + p + ")"; }
        @Override public double apply(double x) { return p == 2.0 ? x * x : StrictMath.pow(x, p); }
        @Override public Node pullback(Node x, Node y, Node yBar) {
            if (p == 1.0) {
                return yBar;
            }
            if (p == 0.0) {
                return Nodes.zerosLike(x); // x^0 = 1 is constant; p x^(p-1) would be 0 * x^-1 = NaN at 0
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
        @Override public Node pullback(Node x, Node y, Node yBar) { return Nodes.zerosLike(x); }
    }

    /**
     * Conversion to dtype {@code to} (round to nearest when narrowing); {@code xBar = cast(yBar, x.dtype)}.
     *
     * @param to the output dtype
     */
    record Cast(DType to) implements UnaryOp {
        /** Validates the parameter. */
        public Cast {
            Objects.requireNonNull(to, "to is null");
        }

        @Override public String name() { return "cast(" + to.shortName() + ")"; }
        @Override public double apply(double x) { return to.round(x); }
        @Override public DType dtype(List<Node> inputs) { return to; }
        @Override public Tensor forward(List<Tensor> inputs, Shape out) { return inputs.get(0).cast(to); }
        @Override public Node pullback(Node x, Node y, Node yBar) { return Elementwise.cast(yBar, x.dtype()); }
    }
}
