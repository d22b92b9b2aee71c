package dev.adjoint.core.graph;

import dev.adjoint.core.kernel.Pointwise;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Integer division and its remainder, elementwise on INT32 or INT64 operands of one dtype (the factories
 * broadcast), with NumPy's conventions for {@code //} and {@code %}: the quotient rounds toward negative
 * infinity ({@code floorDiv(-7, 2) = -4}) and the remainder has the sign of the divisor
 * ({@code floorMod(-7, 2) = 1}, {@code floorMod(7, -2) = -1}), so that {@code a = b * floorDiv(a, b) +
 * floorMod(a, b)} always. Java's {@link Math#floorDiv} and {@link Math#floorMod} compute them.
 *
 * <p>Defined results where NumPy warns: division by zero is an {@link ArithmeticException} at evaluation
 * (NumPy returns 0 with a warning; PyTorch raises), and {@code floorDiv(MIN_VALUE, -1)} wraps to
 * {@code MIN_VALUE}, as all integer arithmetic here wraps (Java's, documented on {@code DType}). True division
 * of integers is not defined: {@code div} refuses them and points here, or to a cast.
 *
 * <p>No gradient: integers are not differentiated; the cotangents are zeros.
 */
public sealed interface IntegerOp extends ElementwiseOp {

    /** {@code floor(a / b)} on integers, broadcasting (NumPy's {@code a // b}). */
    static Node floorDiv(Node a, Node b) {
        return Broadcasting.apply(new FloorDiv(), a, b);
    }

    /** {@code a - b * floorDiv(a, b)}: the remainder with the divisor's sign, broadcasting (NumPy's {@code a % b}). */
    static Node floorMod(Node a, Node b) {
        return Broadcasting.apply(new FloorMod(), a, b);
    }

    @Override
    default Shape shape(List<Node> inputs) {
        if (inputs.size() != 2) {
            throw new IllegalArgumentException(name() + ": takes two inputs, got " + inputs.size());
        }
        if (!inputs.get(0).shape().equals(inputs.get(1).shape())) {
            throw new IllegalArgumentException(name() + ": operands must have equal shapes, got "
                    + Node.describeShapes(inputs) + "; the factories in IntegerOp broadcast");
        }
        return inputs.get(0).shape();
    }

    @Override
    default DTypeSet accepts(int i) {
        return DTypeSet.INTEGER;
    }

    /** The quotient or remainder, after the divisor is checked: a zero is reported with its position. */
    @Override
    default Tensor forward(List<Tensor> inputs, Shape out) {
        Tensor b = inputs.get(1);
        for (int i = 0; i < b.size(); i++) {
            if (b.flatLong(i) == 0) {
                throw new ArithmeticException(name() + ": integer division by zero, got divisor 0 at position "
                        + Arrays.toString(position(b.shape(), i)) + " of " + b.dtype().shortName() + b.shape()
                        + " (broadcast); guard the divisor, e.g. floorDiv(a, where(b.equal(zero), one, b)), or cast"
                        + " to a float dtype");
            }
        }
        return pointwise().apply(inputs, inputs.get(0).dtype());
    }

    /** The multi-index of the row-major flat position {@code flat} in {@code shape}. */
    private static int[] position(Shape shape, int flat) {
        int[] strides = shape.strides();
        int[] at = new int[strides.length];
        for (int a = 0; a < strides.length; a++) {
            at[a] = strides[a] == 0 ? 0 : flat / strides[a];
            flat -= at[a] * strides[a];
        }
        return at;
    }

    @Override
    default List<Node> vjp(Node y, Node yBar) {
        return List.of(SourceOp.zerosLike(y.inputs().get(0)), SourceOp.zerosLike(y.inputs().get(1)));
    }

    /** The divisor, checked: division by zero has no integer result. */
    private static long divisor(String op, long b) {
        if (b == 0) {
            throw new ArithmeticException(op + ": integer division by zero; guard the divisor, e.g."
                    + " floorDiv(a, where(b.equal(zero), one, b)), or cast to a float dtype");
        }
        return b;
    }

    /** {@code floor(a / b)}, wrapping at {@code MIN_VALUE / -1}. */
    record FloorDiv() implements IntegerOp {
        private static final Pointwise F = Pointwise.integers("floorDiv",
                (a, b) -> Math.floorDiv(a, divisor("floorDiv", b)));

        @Override public String name() { return "floorDiv"; }
        @Override public Pointwise pointwise() { return F; }
    }

    /** {@code a - b * floor(a / b)}: the sign of the divisor. */
    record FloorMod() implements IntegerOp {
        private static final Pointwise F = Pointwise.integers("floorMod",
                (a, b) -> Math.floorMod(a, divisor("floorMod", b)));

        @Override public String name() { return "floorMod"; }
        @Override public Pointwise pointwise() { return F; }
    }
}
