package dev.adjoint.core.kernel;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * A function applied element by element, {@code y_i = f(x_i)} (or of two or three operands): the one
 * declaration of an elementwise op's arithmetic. The unfused kernel ({@link #apply}) and a fused
 * {@link ElementwiseProgram} both run it, in the same floating-point steps, so fusing never changes a bit.
 *
 * <p>Two kinds. The {@link Exact} operations (IEEE add, subtract, multiply, divide, square root, maximum,
 * minimum, negation, comparison, selection, identity) are exactly rounded in the tensors' own precision and
 * run on vector loops. Any other function is given as a function of doubles ({@link #unary}, {@link #binary}):
 * it is computed in float64 and rounded once to the output dtype, the reference a float32 result is held to.
 * {@code toString()} is the name printed in fused programs, e.g. {@code exp}.
 */
public sealed interface Pointwise permits Pointwise.Exact, Pointwise.Unary, Pointwise.Binary {

    /** The number of operands. */
    int arity();

    /**
     * {@code f} applied to tensors of equal shape, the result in dtype {@code out} (the operands' dtype, except
     * for a conversion).
     */
    Tensor apply(List<Tensor> inputs, DType out);

    /** {@code f(x)} computed in float64 and rounded once to the output dtype. */
    static Pointwise unary(String name, DoubleUnaryOperator f) {
        return new Unary(name, f);
    }

    /** {@code f(a, b)} computed in float64 and rounded once to the output dtype. */
    static Pointwise binary(String name, DoubleBinaryOperator f) {
        return new Binary(name, f);
    }

    /** Exactly rounded operations, with vector loops. */
    enum Exact implements Pointwise {
        /** {@code a + b}. */ ADD("add", 2, ArrayOps.ADD),
        /** {@code a - b}. */ SUB("sub", 2, ArrayOps.SUB),
        /** {@code a * b}. */ MUL("mul", 2, ArrayOps.MUL),
        /** {@code a / b}. */ DIV("div", 2, ArrayOps.DIV),
        /** {@code max(a, b)}, NaN propagating, {@code -0 < +0}, as {@link Math#max}. */
        MAXIMUM("maximum", 2, ArrayOps.MAX),
        /** {@code min(a, b)}, NaN propagating, {@code -0 < +0}, as {@link Math#min}. */
        MINIMUM("minimum", 2, ArrayOps.MIN),
        /** {@code a > b ? 1 : 0}. */ GREATER("greater", 2, ArrayOps.GT),
        /** {@code -x}. */ NEG("neg", 1, ArrayOps.NEG),
        /** {@code x > 0 ? x : 0}, NaN staying NaN. */ RELU("relu", 1, ArrayOps.RELU),
        /** {@code sqrt x}, correctly rounded. */ SQRT("sqrt", 1, ArrayOps.SQRT),
        /** {@code |x|}. */ ABS("abs", 1, ArrayOps.ABS),
        /** {@code x}: the input itself, which is immutable, unfused; a copy in a fused program. */
        IDENTITY("identity", 1, -1),
        /** {@code c != 0 ? a : b} for a condition {@code c} (of any dtype, unfused) and values a, b. */
        SELECT("select", 3, -1);

        private final String symbol;
        private final int arity;
        /** The {@link ArrayOps} code, or -1 for the operations without a loop there. */
        final int code;

        Exact(String symbol, int arity, int code) {
            this.symbol = symbol;
            this.arity = arity;
            this.code = code;
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
            if (code >= 0) {
                return arity == 1 ? ElementwiseKernels.unary(code, inputs.get(0))
                        : ElementwiseKernels.binary(code, inputs.get(0), inputs.get(1), symbol);
            }
            return this == IDENTITY ? inputs.get(0)
                    : ElementwiseKernels.select(inputs.get(0), inputs.get(1), inputs.get(2));
        }
    }

    /**
     * A function of one double, computed in float64 and rounded once.
     *
     * @param name the printed name
     * @param f the function
     */
    record Unary(String name, DoubleUnaryOperator f) implements Pointwise {
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
            return ElementwiseKernels.map(inputs.get(0), f, out);
        }
    }

    /**
     * A function of two doubles, computed in float64 and rounded once.
     *
     * @param name the printed name
     * @param f the function
     */
    record Binary(String name, DoubleBinaryOperator f) implements Pointwise {
        /** Validates the parameters. */
        public Binary {
            Objects.requireNonNull(name, "name is null");
            Objects.requireNonNull(f, "f is null");
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
            return ElementwiseKernels.zip(inputs.get(0), inputs.get(1), f);
        }
    }
}
