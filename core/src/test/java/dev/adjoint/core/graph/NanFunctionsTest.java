package dev.adjoint.core.graph;

import static dev.adjoint.core.Contract.rejects;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * nanmax, nanmin, nanvar, nanstd and nanprod give NumPy's values (printed by NumPy 1.24: {@code np.nanmax},
 * {@code np.nanmin}, {@code np.nanvar}, {@code np.nanstd}, {@code np.nanprod} of the same arrays, float64 and
 * float32), and nanToNum PyTorch's ({@code torch.nan_to_num}, PyTorch 1.13); their gradients are 0 at the NaN
 * entries and in the slices whose value is NaN, and elsewhere those of the plain reductions. Gradients on
 * NaN-free values, first and second order, are checked by the op table's rows.
 */
class NanFunctionsTest {

    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;

    /** {@code [2, 3, 4]}: NaNs, an all-NaN row, a -inf with only NaNs beside it. */
    private static final double[] VALUES = {1.5, NAN, -2.0, 4.0, NAN, NAN, NAN, NAN, 0.25, 3.0, NAN, -1.0,
        -INF, NAN, NAN, NAN, 2.0, 2.0, NAN, 7.5, NAN, -0.5, 6.0, NAN};

    private static Tensor values(DType dtype) {
        return Tensor.of(dtype, Shape.of(2, 3, 4), VALUES);
    }

    private static double[] eval(Tensor value, UnaryOperator<Node> f) {
        Node x = SourceOp.input("x", value.shape(), value.dtype());
        return Function.of(List.of(x), List.of(f.apply(x))).call(value).get(0).toDoubleArray();
    }

    private static Shape shape(Tensor value, UnaryOperator<Node> f) {
        return f.apply(SourceOp.input("x", value.shape(), value.dtype())).shape();
    }

    @Test
    void extremaSkipNaNsAsNumPyDoes() {
        for (DType dtype : List.of(DType.FLOAT64, DType.FLOAT32)) {
            Tensor x = values(dtype);
            assertArrayEquals(new double[] {7.5}, eval(x, n -> n.nanmax(false)), 0.0);
            assertArrayEquals(new double[] {4.0, NAN, 3.0, -INF, 7.5, 6.0}, eval(x, n -> n.nanmax(false, 2)), 0.0);
            assertArrayEquals(new double[] {-INF, 2.0, -1.0}, eval(x, n -> n.nanmin(true, 0, -1)), 0.0);
            assertEquals(Shape.of(1, 3, 1), shape(x, n -> n.nanmin(true, 0, -1)));
            assertArrayEquals(new double[] {0.25, 3.0, -2.0, -1.0, -INF, -0.5, 6.0, 7.5},
                    eval(x, n -> n.nanmin(false, 1)), 0.0);
        }
    }

    @Test
    void varianceAndStandardDeviationSkipNaNsAsNumPyDoes() {
        Tensor x = values(DType.FLOAT64);
        assertArrayEquals(new double[] {6.055555555555556, NAN, 2.7916666666666665, NAN, 6.722222222222221, 10.5625},
                eval(x, n -> n.nanvar(0, false, 2)), 1e-15);
        assertArrayEquals(new double[] {9.083333333333334, NAN, 4.1875, NAN, 10.083333333333332, 21.125},
                eval(x, n -> n.nanvar(1, false, 2)), 1e-15);
        assertArrayEquals(new double[] {NAN}, eval(x, n -> n.nanvar(0, false)), 0.0); // the -inf entry
        assertArrayEquals(new double[] {NAN, 1.8027756377319946, 5.656854249492381, 4.272001872658765},
                eval(x, n -> n.nanstd(1, true, 0, 1)), 1e-15);
        assertEquals(Shape.of(1, 1, 4), shape(x, n -> n.nanstd(1, true, 0, 1)));
        assertArrayEquals(new double[] {2.4608038433722337, NAN, 1.6708281379802852, NAN, 2.592724864350674, 3.25},
                eval(x, n -> n.nanstd(0, false, 2)), 1e-15);
        Tensor single = values(DType.FLOAT32);
        assertArrayEquals(new double[] {6.05555534362793, NAN, 2.7916667461395264, NAN, 6.722221851348877, 10.5625},
                eval(single, n -> n.nanvar(0, false, 2)), 1e-6);
        assertArrayEquals(new double[] {NAN, 1.8027756214141846, 5.656854152679443, 4.27200174331665},
                eval(single, n -> n.nanstd(1, true, 0, 1)), 1e-6);
    }

    @Test
    void tooFewEntriesForTheCorrectionGiveNaNAsNumPyDoes() {
        Tensor x = Tensor.of(Shape.of(3, 3), 1, NAN, NAN, 1, 4, NAN, 2, 5, 8);
        // np.nanvar(x, axis=1, ddof=1): one entry left is no degree of freedom; ddof=2 leaves one only to the last
        assertArrayEquals(new double[] {NAN, 4.5, 9.0}, eval(x, n -> n.nanvar(1, false, 1)), 1e-15);
        assertArrayEquals(new double[] {NAN, NAN, 18.0}, eval(x, n -> n.nanvar(2, false, 1)), 1e-15);
        assertArrayEquals(new double[] {NAN, NAN, 4.242640687119285}, eval(x, n -> n.nanstd(2, false, 1)), 1e-15);
        assertArrayEquals(new double[] {0.3333333333333333, 0.5, NAN}, eval(x, n -> n.nanvar(1, false, 0)), 1e-15);
    }

    @Test
    void theStandardDeviationStaysFiniteWhereOnlyTheVarianceOverflows() {
        // 1e200 and 3e200 (and a NaN): std 1e200 with ddof 0, where the variance 1e400 overflows (NumPy: inf)
        Tensor x = Tensor.of(Shape.of(3), 1e200, NAN, 3e200);
        assertArrayEquals(new double[] {1e200}, eval(x, n -> n.nanstd(0, false)), 1e185);
        assertArrayEquals(new double[] {INF}, eval(x, n -> n.nanvar(0, false)), 0.0);
        // (x - m) / (n s) = ∓1e200 / (2e200)
        assertArrayEquals(new double[] {-0.5, 0, 0.5}, gradient(x, n -> n.nanstd(0, false)), 1e-15);
    }

    @Test
    void productsSkipNaNsAsNumPyDoes() {
        for (DType dtype : List.of(DType.FLOAT64, DType.FLOAT32)) {
            Tensor x = values(dtype);
            assertArrayEquals(new double[] {-12.0, 1.0, -0.75, -INF, 30.0, -3.0}, eval(x, n -> n.nanprod(false, 2)),
                    0.0);
            assertArrayEquals(new double[] {INF}, eval(x, n -> n.nanprod(false)), 0.0);
        }
    }

    @Test
    void anEmptySliceHasNoValueButItsProductIsOne() {
        // NumPy: nanvar and nanstd NaN, nanprod 1; np.nanmax(np.empty((2, 0)), axis=1) and nanmin raise
        // "zero-size array to reduction operation fmax which has no identity", and so do they here, at build time
        Tensor empty = Tensor.of(Shape.of(2, 0));
        Node x = SourceOp.input("x", Shape.of(2, 0));
        rejects(IllegalArgumentException.class, () -> x.nanmax(false, 1), "nanmax: the reduced axes must not be"
                + " empty (a reduction over no elements has no identity), got axis 1 of x : f64[2, 0]");
        rejects(IllegalArgumentException.class, () -> x.nanmin(true), "nanmin: the reduced axes must not be empty",
                "got axis 1 of x : f64[2, 0]");
        assertEquals(Shape.of(0), x.nanmax(false, 0).shape(), "an empty result over a non-empty axis, as NumPy's");
        assertArrayEquals(new double[] {NAN, NAN}, eval(empty, n -> n.nanvar(0, false, 1)), 0.0);
        assertArrayEquals(new double[] {NAN, NAN}, eval(empty, n -> n.nanstd(0, false, 1)), 0.0);
        assertArrayEquals(new double[] {1, 1}, eval(empty, n -> n.nanprod(false, 1)), 0.0);
    }

    @Test
    void withoutNaNsTheyAreThePlainReductionsBitForBit() {
        Random random = new Random(7);
        double[] data = new double[60];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextGaussian() * 1e3;
        }
        for (DType dtype : List.of(DType.FLOAT64, DType.FLOAT32)) {
            Tensor x = Tensor.of(dtype, Shape.of(3, 4, 5), data);
            for (int[] axes : new int[][] {{}, {1}, {0, 2}}) {
                assertArrayEquals(eval(x, n -> n.var(1, false, axes)), eval(x, n -> n.nanvar(1, false, axes)), 0.0);
                assertArrayEquals(eval(x, n -> n.max(false, axes)), eval(x, n -> n.nanmax(false, axes)), 0.0);
                assertArrayEquals(eval(x, n -> n.min(true, axes)), eval(x, n -> n.nanmin(true, axes)), 0.0);
                assertArrayEquals(eval(x, n -> n.prod(false, axes)), eval(x, n -> n.nanprod(false, axes)), 0.0);
                double[] std = eval(x, n -> n.std(1, true, axes));
                double[] nanstd = eval(x, n -> n.nanstd(1, true, axes));
                for (int i = 0; i < std.length; i++) { // sqrt(a / b) there, sqrt(a) / sqrt(b) here
                    double ulp = dtype == DType.FLOAT32 ? Math.ulp((float) std[i]) : Math.ulp(std[i]);
                    assertEquals(std[i], nanstd[i], 2 * ulp, "nanstd is std");
                }
            }
        }
    }

    /** The gradient of {@code sum(w * f(x))} at the values, w = 1, 2, 3, ... so that each output is told apart. */
    private static double[] gradient(Tensor value, UnaryOperator<Node> f) {
        Node x = SourceOp.input("x", value.shape(), value.dtype());
        Node y = f.apply(x);
        double[] w = new double[(int) y.shape().size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = i + 1;
        }
        Node loss = y.mul(SourceOp.constant(Tensor.of(y.dtype(), y.shape(), w))).sum();
        return Function.of(List.of(x), List.of(Autodiff.grad(loss, x))).call(value).get(0).toDoubleArray();
    }

    @Test
    void gradientsAreZeroAtNaNsAndInSlicesWithoutAValue() {
        Tensor x = Tensor.of(Shape.of(3, 3), 1, NAN, 3, NAN, NAN, NAN, 2, 5, 2);
        // max's rule: the cotangent to the chosen entry, shared among ties (the row's two 2s are the minimum)
        assertArrayEquals(new double[] {0, 0, 1, 0, 0, 0, 0, 3, 0}, gradient(x, n -> n.nanmax(false, 1)), 0.0);
        assertArrayEquals(new double[] {1, 0, 0, 0, 0, 0, 1.5, 0, 1.5}, gradient(x, n -> n.nanmin(false, 1)), 0.0);
        // nanvar: 2 (x - m) / (n - ddof) over the entries present, m their mean; row 1 has no value
        assertArrayEquals(new double[] {-2, 0, 2, 0, 0, 0, -3, 6, -3}, gradient(x, n -> n.nanvar(1, false, 1)),
                1e-15);
        // nanstd = sqrt(nanvar): (x - m) / ((n - ddof) s), s = sqrt(2) in row 0 and sqrt(3) in row 2 (times 3)
        assertArrayEquals(new double[] {-1 / Math.sqrt(2), 0, 1 / Math.sqrt(2), 0, 0, 0, -1.5 / Math.sqrt(3),
            3 / Math.sqrt(3), -1.5 / Math.sqrt(3)}, gradient(x, n -> n.nanstd(1, false, 1)), 1e-15);
        // nanprod: the product of the other entries present; a row without one has the constant 1
        assertArrayEquals(new double[] {3, 0, 1, 0, 0, 0, 30, 12, 30}, gradient(x, n -> n.nanprod(false, 1)), 0.0);
    }

    @Test
    void secondDerivativesStayFiniteBesideNaNs() {
        Tensor x = Tensor.of(Shape.of(2, 3), 1, NAN, 4, NAN, NAN, NAN);
        Node in = SourceOp.input("x", x.shape());
        Node v = SourceOp.input("v", x.shape());
        for (UnaryOperator<Node> f : List.<UnaryOperator<Node>>of(n -> n.nanvar(0, false, 1),
                n -> n.nanstd(0, false, 1), n -> n.nanmax(false, 1), n -> n.nanprod(false, 1))) {
            Node g = Autodiff.grad(f.apply(in).sum(), in);
            Node hv = Autodiff.grad(g.mul(v).sum(), in);
            double[] got = Function.of(List.of(in, v), List.of(hv)).call(x, Tensor.of(x.shape(), 1, 1, 1, 1, 1, 1))
                    .get(0).toDoubleArray();
            for (double h : got) {
                assertTrue(Double.isFinite(h), "a Hessian-vector product holds " + java.util.Arrays.toString(got));
            }
        }
    }

    @Test
    void nanToNumIsTorchs() {
        Tensor x = Tensor.of(Shape.of(6), NAN, INF, -INF, 1.5, -0.0, 1e300);
        assertArrayEquals(new double[] {0, Double.MAX_VALUE, -Double.MAX_VALUE, 1.5, -0.0, 1e300},
                eval(x, Node::nanToNum), 0.0);
        assertArrayEquals(new double[] {2, Double.MAX_VALUE, -Double.MAX_VALUE, 1.5, -0.0, 1e300},
                eval(x, n -> n.nanToNum(2)), 0.0);
        assertArrayEquals(new double[] {1.5, 3, -4, 1.5, -0.0, 1e300}, eval(x, n -> n.nanToNum(1.5, 3, -4)), 0.0);
        Tensor single = Tensor.of(DType.FLOAT32, Shape.of(6), NAN, INF, -INF, 1.5, -0.0, INF);
        assertArrayEquals(new double[] {0, Float.MAX_VALUE, -Float.MAX_VALUE, 1.5, -0.0, Float.MAX_VALUE},
                eval(single, Node::nanToNum), 0.0);
        // torch.nan_to_num(x, posinf=1e300) in float32: the replacement rounds to the dtype, here to inf
        assertArrayEquals(new double[] {0, INF, -Float.MAX_VALUE, 1.5, -0.0, INF},
                eval(single, n -> n.nanToNum(0, 1e300, -Float.MAX_VALUE)), 0.0);
        // -0.0 is kept, not replaced: its sign survives
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(eval(x, Node::nanToNum)[4]));
        // the gradient of sum(w * nan_to_num(x)), w = 1..6: w where kept, 0 where replaced (torch's)
        assertArrayEquals(new double[] {0, 0, 0, 4, 5, 6}, gradient(x, Node::nanToNum), 0.0);
        assertArrayEquals(new double[] {0, 0, 0, 4, 5, 0}, gradient(single, Node::nanToNum), 0.0);
    }

    @Test
    void badOperandsAndArgumentsAreRefusedNamingTheOp() {
        Node ints = SourceOp.input("i", Shape.of(2, 3), DType.INT64);
        rejects(IllegalArgumentException.class, () -> ints.nanmax(false), "nanmax: operand must be", "got i64");
        rejects(IllegalArgumentException.class, () -> ints.nanmin(false, 1), "nanmin: operand must be");
        rejects(IllegalArgumentException.class, () -> ints.nanvar(0, false), "nanvar: operand must be");
        rejects(IllegalArgumentException.class, () -> ints.nanstd(0, false), "nanstd: operand must be");
        rejects(IllegalArgumentException.class, () -> ints.nanprod(false), "nanprod: operand must be");
        rejects(IllegalArgumentException.class, ints::nanToNum, "nanToNum: operand must be", "got i64");
        Node bools = SourceOp.input("b", Shape.of(2), DType.BOOL);
        rejects(IllegalArgumentException.class, () -> bools.nanmax(false), "nanmax: operand must be", "got bool");
        Node x = SourceOp.input("x", Shape.of(2, 3));
        rejects(IllegalArgumentException.class, () -> x.nanmax(false, 2), "nanmax", "2");
        rejects(IllegalArgumentException.class, () -> x.nanmin(true, -3), "nanmin", "-3");
        rejects(IllegalArgumentException.class, () -> x.nanvar(0, false, 1, -1), "nanvar: axes must be distinct");
        rejects(IllegalArgumentException.class, () -> x.nanstd(0, false, 5), "nanstd");
        rejects(IllegalArgumentException.class, () -> x.nanprod(false, 7), "nanprod");
        rejects(IllegalArgumentException.class, () -> x.nanvar(-1, false), "nanvar: correction must be finite and >= 0",
                "got -1.0");
        rejects(IllegalArgumentException.class, () -> x.nanstd(NAN, false), "nanstd: correction", "got NaN");
        rejects(IllegalArgumentException.class, () -> x.nanvar(INF, false), "nanvar: correction", "got Infinity");
        Node batch = SourceOp.input("n", Shape.of(Shape.BATCH, 3));
        rejects(IllegalArgumentException.class, () -> batch.nanprod(false, 0), "nanprod: cannot reduce over the"
                + " batch axis N");
        assertEquals(Shape.of(Shape.BATCH), batch.nanprod(false, 1).shape());
        assertEquals(Shape.of(3), batch.nanvar(1, false, 0).shape());
    }
}
