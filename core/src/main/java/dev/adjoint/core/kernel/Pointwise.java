package dev.adjoint.core.kernel;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * A function applied element by element, {@code y_i = f(x_i)} (or of two or three operands): the one
 * declaration of an elementwise op's arithmetic. The unfused kernel ({@link #apply}) and a fused
 * {@link ElementwiseProgram} both run it, in the same floating-point steps, so fusing never changes a bit.
 *
 * <p>Two kinds. The {@link Exact} operations (IEEE add, subtract, multiply, divide, square root, maximum,
 * minimum, negation, comparison, selection, identity) are exactly rounded in the tensors' own precision and
 * run on vector loops. Any other function is given as a function of doubles ({@link #unary}, {@link #binary}):
 * it is computed in float64 and rounded once to the output dtype, the reference a float32 result is held to;
 * except {@link Transcendentals}' sigmoid and tanh, whose float32 results are computed in float.
 * {@code toString()} is the name printed in fused programs, e.g. {@code exp}.
 *
 * <p><b>Truth values and integers.</b> A function whose result is a truth value (a comparison, a test such as
 * {@code isNaN}, a logical operation) returns 1 or 0; applied with output dtype BOOL, a nonzero result is
 * {@code true}. In a fused program a BOOL value is held as 1 or 0 in the program's float type, so the same
 * function serves both. A function that also applies to integers declares an integer form (a function of
 * longs): int32 and int64 operands are computed in 64-bit two's-complement arithmetic and the result is
 * narrowed to the output dtype (an int32 result keeps the low 32 bits, which is exactly Java's {@code int}
 * arithmetic, wrapping on overflow); bool operands are read as 1 or 0.
 */
public sealed interface Pointwise permits Pointwise.Exact, Pointwise.Unary, Pointwise.Binary {

    /** The number of operands. */
    int arity();

    /**
     * {@code f} applied to tensors of equal shape, the result in dtype {@code out}: the operands' dtype, or BOOL
     * for a truth value (selection takes the values' dtype).
     *
     * @throws IllegalStateException for integer or bool operands when the function has no integer form (the
     *     op's dtype rule should have refused them)
     */
    Tensor apply(List<Tensor> inputs, DType out);

    /** {@code f(x)} computed in float64 and rounded once to the output dtype; no integer form. */
    static Pointwise unary(String name, DoubleUnaryOperator f) {
        return new Unary(name, f, null);
    }

    /** {@code f(x)} on floats, and {@code integer(x)} on integer and bool operands. */
    static Pointwise unary(String name, DoubleUnaryOperator f, LongUnaryOperator integer) {
        return new Unary(name, f, Objects.requireNonNull(integer, "integer is null"));
    }

    /** {@code f(a, b)} computed in float64 and rounded once to the output dtype; no integer form. */
    static Pointwise binary(String name, DoubleBinaryOperator f) {
        return new Binary(name, f, null);
    }

    /** {@code f(a, b)} on floats, and {@code integer(a, b)} on integer and bool operands. */
    static Pointwise binary(String name, DoubleBinaryOperator f, LongBinaryOperator integer) {
        return new Binary(name, f, Objects.requireNonNull(integer, "integer is null"));
    }

    /** {@code integer(a, b)} on integer operands only (floor division, floor modulo): no float form, never fused. */
    static Pointwise integers(String name, LongBinaryOperator integer) {
        return new Binary(name, null, Objects.requireNonNull(integer, "integer is null"));
    }

    /** Exactly rounded operations, with vector loops; those defined on integers have an integer form. */
    enum Exact implements Pointwise {
        /** {@code a + b}; integers wrap. */ ADD("add", ArrayOps.ADD, (a, b) -> a + b),
        /** {@code a - b}; integers wrap. */ SUB("sub", ArrayOps.SUB, (a, b) -> a - b),
        /** {@code a * b}; integers wrap. */ MUL("mul", ArrayOps.MUL, (a, b) -> a * b),
        /** {@code a / b}, floats only. */ DIV("div", ArrayOps.DIV, (LongBinaryOperator) null),
        /** {@code max(a, b)}, NaN propagating, {@code -0 < +0}, as {@link Math#max}. */
        MAXIMUM("maximum", ArrayOps.MAX, (a, b) -> Math.max(a, b)),
        /** {@code min(a, b)}, NaN propagating, {@code -0 < +0}, as {@link Math#min}. */
        MINIMUM("minimum", ArrayOps.MIN, (a, b) -> Math.min(a, b)),
        /** {@code a > b ? 1 : 0}. */ GREATER("greater", ArrayOps.GT, (a, b) -> a > b ? 1 : 0),
        /** {@code -x}; integers wrap ({@code -MIN_VALUE = MIN_VALUE}). */ NEG("neg", ArrayOps.NEG, x -> -x),
        /** {@code x < 0 ? 0 : x}: NaN stays NaN and {@code -0.0} stays {@code -0.0} (PyTorch's relu); floats only. */
        RELU("relu", ArrayOps.RELU, (LongUnaryOperator) null),
        /** {@code sqrt x}, correctly rounded; floats only. */ SQRT("sqrt", ArrayOps.SQRT, (LongUnaryOperator) null),
        /** {@code |x|}; integers wrap ({@code |MIN_VALUE| = MIN_VALUE}). */ ABS("abs", ArrayOps.ABS, x -> Math.abs(x)),
        /** {@code x}: the input itself, which is immutable, unfused; a copy in a fused program. */
        IDENTITY("identity", 1, -1),
        /** {@code c ? a : b} for a condition {@code c} (BOOL, unfused) and values a, b of any one dtype. */
        SELECT("select", 3, -1);

        private final String symbol;
        private final int arity;
        /** The {@link ArrayOps} code, or -1 for the operations without a loop there. */
        final int code;
        private final LongUnaryOperator integerUnary;
        private final LongBinaryOperator integerBinary;

        Exact(String symbol, int code, LongBinaryOperator integer) {
            this(symbol, 2, code, null, integer);
        }

        Exact(String symbol, int code, LongUnaryOperator integer) {
            this(symbol, 1, code, integer, null);
        }

        Exact(String symbol, int arity, int code) {
            this(symbol, arity, code, null, null);
        }

        Exact(String symbol, int arity, int code, LongUnaryOperator integerUnary, LongBinaryOperator integerBinary) {
            this.symbol = symbol;
            this.arity = arity;
            this.code = code;
            this.integerUnary = integerUnary;
            this.integerBinary = integerBinary;
        }

        @Override
        public String toString() {
            return symbol;
        }

        @Override
        public int arity() {
            return arity;
        }

        @Override
        public Tensor apply(List<Tensor> inputs, DType out) {
            if (this == IDENTITY) {
                return inputs.get(0);
            }
            if (this == SELECT) {
                return ElementwiseKernels.select(inputs.get(0), inputs.get(1), inputs.get(2));
            }
            Tensor x = inputs.get(0);
            if (!x.dtype().isFloating()) {
                if (integerUnary == null && integerBinary == null) {
                    throw noIntegerForm(symbol, x);
                }
                return arity == 1 ? ElementwiseKernels.integer(x, integerUnary, out)
                        : ElementwiseKernels.integer(x, inputs.get(1), integerBinary, out);
            }
            if (out == DType.BOOL) {
                return ElementwiseKernels.test(x, inputs.get(1), (a, b) -> ScalarArrayOps.apply(code, a, b));
            }
            return arity == 1 ? ElementwiseKernels.unary(code, x)
                    : ElementwiseKernels.binary(code, x, inputs.get(1), symbol);
        }
    }

    private static IllegalStateException noIntegerForm(String name, Tensor x) {
        return new IllegalStateException(name + ": has no integer form, got an operand of dtype "
                + x.dtype().shortName() + "; the op's dtype rule should have refused it");
    }

    /**
     * A function of one double, computed in float64 and rounded once, with an optional integer form.
     *
     * @param name the printed name
     * @param f the function
     * @param integer the function on integer and bool operands, or null when it has none
     */
    record Unary(String name, DoubleUnaryOperator f, LongUnaryOperator integer) implements Pointwise {
        /** Validates the parameters. */
        public Unary {
            Objects.requireNonNull(name, "name is null");
            Objects.requireNonNull(f, "f is null");
        }

        @Override
        public int arity() {
            return 1;
        }

        @Override
        public String toString() {
            return name;
        }

        @Override
        public Tensor apply(List<Tensor> inputs, DType out) {
            Tensor x = inputs.get(0);
            if (!x.dtype().isFloating()) {
                if (integer == null) {
                    throw noIntegerForm(name, x);
                }
                return ElementwiseKernels.integer(x, integer, out);
            }
            return out == DType.BOOL ? ElementwiseKernels.test(x, f) : ElementwiseKernels.map(x, f, out);
        }
    }

    /**
     * A function of two doubles, computed in float64 and rounded once, with an optional integer form (or, for
     * {@link #integers}, an integer form only).
     *
     * @param name the printed name
     * @param f the function on floats, or null when it has none
     * @param integer the function on integer and bool operands, or null when it has none
     */
    record Binary(String name, DoubleBinaryOperator f, LongBinaryOperator integer) implements Pointwise {
        /** Validates the parameters. */
        public Binary {
            Objects.requireNonNull(name, "name is null");
            if (f == null && integer == null) {
                throw new NullPointerException("f and integer are null");
            }
        }

        @Override
        public int arity() {
            return 2;
        }

        @Override
        public String toString() {
            return name;
        }

        @Override
        public Tensor apply(List<Tensor> inputs, DType out) {
            Tensor a = inputs.get(0);
            if (!a.dtype().isFloating()) {
                if (integer == null) {
                    throw noIntegerForm(name, a);
                }
                return ElementwiseKernels.integer(a, inputs.get(1), integer, out);
            }
            if (f == null) {
                throw new IllegalStateException(name + ": is defined on integers only, got an operand of dtype "
                        + a.dtype().shortName() + "; the op's dtype rule should have refused it");
            }
            return out == DType.BOOL ? ElementwiseKernels.test(a, inputs.get(1), f) : ElementwiseKernels.zip(a,
                    inputs.get(1), f);
        }
    }
}
