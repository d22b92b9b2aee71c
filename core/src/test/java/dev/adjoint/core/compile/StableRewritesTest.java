package dev.adjoint.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.check.Gen;
import dev.adjoint.core.check.Property;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.ReduceOp;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The numerically stable rewrites of {@link StableRewrites}: on random matrices whose elements are drawn from
 * [-3, 3] and from ±1000 (where the forms as written overflow to infinity or underflow to {@code log 0}), in
 * float64 and float32, the compiled form as written gives bit for bit what the stable primitive gives, finite
 * everywhere, and {@code explain()} names the rewrite.
 */
class StableRewritesTest {

    /** A matrix case: rows, columns, and per element a choice of a value in [-3, 3], +1000 or -1000. */
    private record Case(int rows, int cols, double[] values, int[] axes, boolean keepDims) {
        Tensor tensor(DType dtype) {
            return Tensor.of(dtype, Shape.of(rows, cols), values);
        }
    }

    private static final Gen<Case> CASES = choices -> {
        int rows = 1 + choices.drawInt(4);
        int cols = 1 + choices.drawInt(5);
        double[] values = new double[rows * cols];
        for (int i = 0; i < values.length; i++) {
            int kind = choices.drawInt(4);
            values[i] = kind == 1 ? 1000 : kind == 2 ? -1000 : (choices.drawInt(6001) - 3000) / 1000.0;
        }
        int[][] axes = {{0}, {1}, {0, 1}, {-1}};
        return new Case(rows, cols, values, axes[choices.drawInt(axes.length)], choices.drawInt(2) == 1);
    };

    /**
     * Compiles {@code written(x)}, checks that the rewrite fired and that the result equals {@code stable(x)}
     * evaluated as built, bit for bit, with no NaN or infinity.
     */
    private static void check(Case c, DType dtype, String rule, UnaryOperator<Node> written,
            UnaryOperator<Node> stable) {
        Node x = SourceOp.input("x", Shape.of(c.rows(), c.cols()), dtype);
        Function compiled = Function.of(List.of(x), List.of(written.apply(x)));
        assertTrue(compiled.explain().contains(rule), () -> "the rewrite did not fire:\n" + compiled.explain());
        Tensor actual = compiled.call(c.tensor(dtype)).get(0);
        Tensor expected = Function.unoptimized(List.of(x), List.of(stable.apply(x))).call(c.tensor(dtype)).get(0);
        assertEquals(expected.shape(), actual.shape());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(Double.doubleToLongBits(expected.flat(i)), Double.doubleToLongBits(actual.flat(i)),
                    "element " + i + ": the stable primitive gives " + expected.flat(i) + ", the rewrite "
                            + actual.flat(i));
            assertTrue(Double.isFinite(actual.flat(i)), "element " + i + " is " + actual.flat(i));
        }
    }

    private static void forBothDtypes(String name, java.util.function.BiConsumer<Case, DType> property) {
        for (DType dtype : List.of(DType.FLOAT64, DType.FLOAT32)) {
            Property.forAll(CASES).named(name + " (" + dtype.shortName() + ")").tries(60)
                    .check(c -> property.accept(c, dtype));
        }
    }

    @Test
    void logOfOnePlusExpBecomesSoftplus() {
        forBothDtypes("log(1 + exp x) -> softplus", (c, dtype) -> {
            for (UnaryOperator<Node> written : List.<UnaryOperator<Node>>of(x -> x.exp().add(1.0).log(),
                    x -> SourceOp.scalar(1, x.dtype()).add(x.exp()).log(), x -> x.exp().log1p())) {
                check(c, dtype, "log(1 + exp x) -> softplus(x)", written, Node::softplus);
            }
        });
    }

    @Test
    void logOfOneMinusSigmoidBecomesMinusSoftplus() {
        forBothDtypes("log(1 - sigmoid x) -> -softplus", (c, dtype) -> {
            for (UnaryOperator<Node> written : List.<UnaryOperator<Node>>of(
                    x -> SourceOp.scalar(1, x.dtype()).sub(x.sigmoid()).log(), x -> x.sigmoid().neg().log1p())) {
                check(c, dtype, "log(1 - sigmoid x) -> -softplus(x)", written, x -> x.softplus().neg());
            }
        });
    }

    @Test
    void logOfSumOfExpBecomesLogSumExp() {
        forBothDtypes("log(sum(exp x)) -> logSumExp", (c, dtype) -> check(c, dtype,
                "log(sum(exp x)) -> logSumExp(x)", x -> x.exp().sum(c.keepDims(), c.axes()).log(),
                x -> x.logSumExp(c.keepDims(), c.axes())));
    }

    /** With kept dims over any axes, and without over the leading axes (which broadcast back in place). */
    @Test
    void xMinusLogSumExpBecomesLogSoftmax() {
        forBothDtypes("x - logSumExp(x) -> logSoftmax", (c, dtype) -> {
            boolean leading = c.axes()[0] == 0; // {0} or {0, 1}
            boolean keepDims = c.keepDims() || !leading;
            check(c, dtype, "x - logSumExp(x) -> logSoftmax(x)", x -> x.sub(x.logSumExp(keepDims, c.axes())),
                    x -> stableLogSoftmax(x, c.axes()));
        });
    }

    /** {@code u - logSumExp(u)}, {@code u = x - stopGradient(max x)}: {@link ReduceOp#logSoftmax} over any axes. */
    private static Node stableLogSoftmax(Node x, int[] axes) {
        if (axes.length == 1) {
            return ReduceOp.logSoftmax(x, axes[0]);
        }
        Node u = x.sub(x.max(true, axes).stopGradient());
        return u.sub(u.logSumExp(true, axes));
    }

    /** Tied huge logits: logSumExp rounds to the maximum, so x - logSumExp(x) is 0 as written, -ln 2 rewritten. */
    @Test
    void logSoftmaxRewriteIsExactForHugeTiedLogits() {
        Node x = SourceOp.input("x", Shape.of(1, 2));
        Node written = x.sub(x.logSumExp(true, 1));
        Tensor tied = Tensor.of(DType.FLOAT64, Shape.of(1, 2), new double[] {1e30, 1e30});
        assertEquals(0.0, Function.unoptimized(List.of(x), List.of(written)).call(tied).get(0).flat(0));
        Tensor rewritten = Function.of(List.of(x), List.of(written)).call(tied).get(0);
        assertEquals(-Math.log(2), rewritten.flat(0));
        assertEquals(-Math.log(2), rewritten.flat(1));
    }

    /** The forms as written do overflow or underflow at ±1000: the rewrites are what makes them finite. */
    @Test
    void theFormsAsWrittenAreNotFiniteAtAThousand() {
        Node x = SourceOp.input("x", Shape.of(2));
        Tensor big = Tensor.vector(1000, -1000);
        List<Node> written = List.of(x.exp().add(1.0).log(), SourceOp.scalar(1).sub(x.sigmoid()).log(),
                x.exp().sum().log(), x.sub(x.logSumExp(true, 0)).exp().sum().log());
        List<Tensor> asWritten = Function.unoptimized(List.of(x), written).call(big);
        List<Tensor> compiled = Function.of(List.of(x), written).call(big);
        assertEquals(Double.POSITIVE_INFINITY, asWritten.get(0).flat(0), "log(1 + exp 1000)");
        assertEquals(1000.0, compiled.get(0).flat(0));
        assertEquals(Double.NEGATIVE_INFINITY, asWritten.get(1).flat(0), "log(1 - sigmoid 1000)");
        assertEquals(-1000.0, compiled.get(1).flat(0));
        assertEquals(Double.POSITIVE_INFINITY, asWritten.get(2).flat(0), "log(sum(exp [1000, -1000]))");
        assertEquals(1000.0, compiled.get(2).flat(0));
    }

    /** Not a log-softmax: without kept dims, a reduction over a trailing axis broadcasts onto the wrong axis. */
    @Test
    void misalignedLogSumExpIsNotRewritten() {
        Node x = SourceOp.input("x", Shape.of(3, 3));
        Node f = x.sub(x.logSumExp(1));
        Function compiled = Function.of(List.of(x), List.of(f));
        assertFalse(compiled.explain().contains("x - logSumExp(x) -> logSoftmax(x)"), compiled.explain());
        Tensor v = Tensor.of(DType.FLOAT64, Shape.of(3, 3), new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        assertTrue(compiled.call(v).get(0).sameValues(Function.unoptimized(List.of(x), List.of(f)).call(v).get(0)));
    }

    /** The stable form itself (logSoftmax, the cross-entropies) is left alone. */
    @Test
    void theStableFormIsNotRewrittenAgain() {
        Node x = SourceOp.input("x", Shape.of(3, 4));
        List<Node> outputs = new ArrayList<>(List.of(ReduceOp.logSoftmax(x, 1), ReduceOp.softmax(x, 0)));
        Function compiled = Function.of(List.of(x), outputs);
        assertFalse(compiled.explain().contains("x - logSumExp(x) -> logSoftmax(x)"), compiled.explain());
    }
}
