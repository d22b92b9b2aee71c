package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.eval.Evaluator;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The numerical part of the bad-input contract: the stable primitives and compositions stay finite and exact
 * at extreme inputs, and logSumExp treats infinities and NaN exactly as {@link ReduceOp.LogSumExp} documents,
 * gradient included. (Binary and categorical cross-entropies from logits at ±100, ±1e4 and ±1e30 are checked
 * in nn's {@code LossStabilityTest}.)
 */
class NumericsContractTest {

    private static Tensor values(DType dtype, Shape shape, double... v) {
        return Tensor.of(dtype, shape, v);
    }

    private static double[] flat(Tensor t) {
        return t.toDoubleArray();
    }

    private static void assertFinite(String what, Tensor t) {
        for (double v : flat(t)) {
            assertTrue(Double.isFinite(v), what + " must be finite, got " + t);
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {1e4, 1e30})
    void logSoftmaxAndCrossEntropyFromHugeLogitsAreFiniteAndExact(double z) {
        for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            Node logits = SourceOp.input("z", Shape.of(2, 3), dtype);
            Node target = SourceOp.constant(values(dtype, Shape.of(2, 3), 0, 1, 0, 1, 0, 0));
            Node logP = logits.logSoftmax(1);
            Node crossEntropy = target.mul(logP).sum(1).neg().mean();
            Node grad = Autodiff.grad(crossEntropy, logits);
            Function f = Function.of(List.of(logits), List.of(logP, logits.softmax(1), crossEntropy, grad));
            double zz = dtype.round(z);
            List<Tensor> out = f.call(values(dtype, Shape.of(2, 3), z, -z, 0, -z, z, z));
            out.forEach(t -> assertFinite("logSoftmax, softmax, cross-entropy and gradient at " + z, t));
            double[] lp = flat(out.get(0));
            assertEquals(0.0, lp[0]);
            assertEquals(-dtype.round(2 * zz), lp[1], Math.ulp(2 * zz));
            assertEquals(-zz, lp[2]);
            assertEquals(-dtype.round(2 * zz + Math.log(2)), lp[3], Math.ulp(2 * zz));
            assertEquals(-Math.log(2), lp[4], 1e-7, "tied huge logits keep -ln 2 exactly");
            double[] p = flat(out.get(1));
            assertEquals(1.0, p[0]);
            assertEquals(0.5, p[4], 1e-7);
            double[] g = flat(out.get(3));
            double[] expected = {0.5, -0.5, 0, -0.5, 0.25, 0.25};
            for (int i = 0; i < g.length; i++) {
                assertEquals(expected[i], g[i], 1e-7, "gradient (softmax - onehot) / 2 at element " + i);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void elementaryFunctionsAtExtremeArgumentsAreExact(DType dtype) {
        Node v = SourceOp.input("v", Shape.of(2), dtype);
        Function f = Function.of(List.of(v), List.of(v.exp(), v.softplus(), UnaryOp.log1p(v), v.sigmoid(),
                v.tanh(), UnaryOp.expm1(v)));
        List<Tensor> big = f.call(values(dtype, Shape.of(2), -1000, 1000));
        assertEquals(0.0, big.get(0).flat(0), "exp(-1000) = 0");
        assertEquals(1000.0, big.get(1).flat(1), "softplus(1000) = 1000");
        assertEquals(0.0, big.get(1).flat(0), "softplus(-1000) = 0");
        assertEquals(0.0, big.get(3).flat(0), "sigmoid(-1000) = 0");
        assertEquals(1.0, big.get(3).flat(1), "sigmoid(1000) = 1");
        assertEquals(-1.0, big.get(4).flat(0), "tanh(-1000) = -1");
        assertEquals(-1.0, big.get(5).flat(0), "expm1(-1000) = -1");
        List<Tensor> tiny = f.call(values(dtype, Shape.of(2), 1e-20, -1e-20));
        assertEquals(dtype.round(1e-20), tiny.get(2).flat(0), "log1p(1e-20) = 1e-20");
        assertEquals(dtype.round(-1e-20), tiny.get(5).flat(1), "expm1(-1e-20) = -1e-20");
        Node grads = Autodiff.grad(v.softplus().add(v.sigmoid()).add(v.tanh()).sum(), v);
        Tensor g = Evaluator.evaluate(grads, Bindings.of(v, values(dtype, Shape.of(2), -1000, 1000)));
        assertFinite("softplus + sigmoid + tanh gradient at ±1000", g);
        assertEquals(0.0, g.flat(0));
        assertEquals(1.0, g.flat(1));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void logSumExpDoesNotOverflowNearTheLargestValue(DType dtype) {
        double big = dtype == DType.FLOAT32 ? 3e38 : 1e308;
        Node v = SourceOp.input("v", Shape.of(2), dtype);
        Tensor at = values(dtype, Shape.of(2), big, big);
        Node lse = ReduceOp.logSumExp(v, false);
        assertEquals(dtype.round(big), Evaluator.evaluate(lse, Bindings.of(v, at)).item());
        Tensor g = Evaluator.evaluate(Autodiff.grad(lse, v), Bindings.of(v, at));
        assertEquals(0.5, g.flat(0));
        assertEquals(0.5, g.flat(1));
    }

    /**
     * As documented in {@link ReduceOp.LogSumExp}: -Infinity entries contribute nothing (gradient 0); a row
     * of only -Infinity gives -Infinity; a +Infinity gives +Infinity; a NaN gives NaN; the gradient is the
     * softmax, and where the value is infinite its limit (the +Infinity entries share the cotangent, a row of
     * only -Infinity shares it evenly); NaN where the value is NaN.
     */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void logSumExpTreatsInfinitiesAndNanAsDocumented(DType dtype) {
        double inf = Double.POSITIVE_INFINITY;
        Node v = SourceOp.input("v", Shape.of(5, 3), dtype);
        Node lse = ReduceOp.logSumExp(v, false, 1);
        Node grad = Autodiff.vjp(List.of(lse), List.of(SourceOp.onesLike(lse)), List.of(v),
                Autodiff.Strictness.STRICT).get(0);
        Tensor at = values(dtype, Shape.of(5, 3),
                -inf, 0, Math.log(3),
                -inf, -inf, -inf,
                inf, 0, 1,
                Double.NaN, 0, 1,
                -inf, inf, 0);
        List<Tensor> out = Evaluator.evaluate(List.of(lse, grad), Bindings.of(v, at));
        double[] y = flat(out.get(0));
        assertEquals(dtype.round(Math.log(4)), y[0], 1e-6, "-inf contributes nothing");
        assertEquals(Double.NEGATIVE_INFINITY, y[1], "all -inf gives -inf");
        assertEquals(inf, y[2], "+inf gives +inf");
        assertTrue(Double.isNaN(y[3]), "NaN gives NaN");
        assertEquals(inf, y[4], "+inf wins over -inf");
        double[] g = flat(out.get(1));
        assertEquals(0.0, g[0], "gradient 0 at a -inf entry");
        assertEquals(0.25, g[1], 1e-6);
        assertEquals(0.75, g[2], 1e-6);
        // the limits: a row of only -inf shares evenly; the +inf entry takes all of it (PyTorch: NaN there)
        double third = dtype.round(1.0 / 3);
        double[] limits = {third, third, third, 1, 0, 0};
        for (int i = 0; i < limits.length; i++) {
            assertEquals(limits[i], g[3 + i], 1e-7, "row " + (1 + i / 3) + ", entry " + i % 3);
        }
        boolean anyNan = false;
        for (int j = 0; j < 3; j++) {
            anyNan |= Double.isNaN(g[9 + j]);
        }
        assertTrue(anyNan, "row 3: the gradient of a NaN value is NaN");
        assertEquals(0.0, g[12], 0.0, "row 4: the -inf entry");
        assertEquals(1.0, g[13], 0.0, "row 4: the +inf entry");
        assertEquals(0.0, g[14], 0.0, "row 4: the finite entry");
    }

    /**
     * The second derivative is finite where a maximum is infinite (the Hessian of the limit: zeros), in a batch
     * whose other rows keep theirs: the limit is computed in a branch of its own, so differentiating again never
     * multiplies a zero cotangent by the NaN of {@code inf - inf}.
     */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void logSumExpHasFiniteSecondDerivativesAtInfiniteMaxima(DType dtype) {
        double inf = Double.POSITIVE_INFINITY;
        Node v = SourceOp.input("v", Shape.of(3), dtype);
        Node lse = ReduceOp.logSumExp(v, false);
        for (double[] at : new double[][] {{inf, 0, 1}, {-inf, -inf, -inf}, {inf, inf, 0}}) {
            double[] h = flat(Evaluator.evaluate(Autodiff.hessian(lse, v), Bindings.of(v, values(dtype, Shape.of(3),
                    at))));
            for (double e : h) {
                assertEquals(0.0, e, 0.0, java.util.Arrays.toString(at));
            }
        }
        Node rows = SourceOp.input("rows", Shape.of(2, 3), dtype);
        Node w = SourceOp.input("w", Shape.of(2, 3), dtype);
        Node second = Autodiff.grad(Autodiff.grad(ReduceOp.logSumExp(rows, false, 1).sum(), rows).mul(w).sum(), rows);
        Tensor weights = values(dtype, Shape.of(2, 3), 0.5, -1, 2, 0.5, -1, 2);
        double[] mixed = flat(Function.of(List.of(rows, w), List.of(second))
                .call(values(dtype, Shape.of(2, 3), inf, 0, 1, 1, 2, 3), weights).get(0));
        double[] finite = flat(Function.of(List.of(rows, w), List.of(second))
                .call(values(dtype, Shape.of(2, 3), 5, 0, 1, 1, 2, 3), weights).get(0));
        for (int j = 0; j < 3; j++) {
            assertEquals(0.0, mixed[j], 0.0, "the infinite row, entry " + j);
            assertEquals(finite[3 + j], mixed[3 + j], 0.0, "the finite row keeps its value, entry " + j);
        }
    }

    /**
     * A logSumExp over two entries has logaddexp's gradient, infinite entries included: (1, 0) at (+inf, 0), where
     * it was NaN, NaN (PyTorch's logsumexp: NaN, 0; its logaddexp: 1, 0), and half each at (+inf, +inf) and
     * (-inf, -inf), the limits along a = b. Finite pairs keep their gradient and second derivative.
     */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void logSumExpOfTwoHasTheGradientOfLogaddexp(DType dtype) {
        double inf = Double.POSITIVE_INFINITY;
        Node v = SourceOp.input("v", Shape.of(5, 2), dtype);
        Node lse = ReduceOp.logSumExp(v, false, 1);
        Node grad = Autodiff.grad(lse.sum(), v);
        Node a = SourceOp.input("a", Shape.of(5), dtype);
        Node b = SourceOp.input("b", Shape.of(5), dtype);
        List<Node> pair = Autodiff.grad(a.logaddexp(b).sum(), a, b);
        double[] at = {inf, 0, inf, inf, -inf, -inf, 0, inf, 1.5, -2};
        double[] g = flat(Evaluator.evaluate(grad, Bindings.of(v, values(dtype, Shape.of(5, 2), at))));
        double[] as = {at[0], at[2], at[4], at[6], at[8]};
        double[] bs = {at[1], at[3], at[5], at[7], at[9]};
        List<Tensor> expected = Evaluator.evaluate(pair, Bindings.of(a, values(dtype, Shape.of(5), as))
                .and(b, values(dtype, Shape.of(5), bs)));
        double[] expectedLimits = {1, 0, 0.5, 0.5, 0.5, 0.5, 0, 1};
        for (int row = 0; row < 5; row++) {
            assertEquals(expected.get(0).flat(row), g[2 * row], 1e-6, "row " + row + ", a");
            assertEquals(expected.get(1).flat(row), g[2 * row + 1], 1e-6, "row " + row + ", b");
            if (row < 4) {
                assertEquals(expectedLimits[2 * row], g[2 * row], 0.0, "row " + row + ", a");
                assertEquals(expectedLimits[2 * row + 1], g[2 * row + 1], 0.0, "row " + row + ", b");
            }
        }
        // the Hessian at a finite row: d2/da2 lse = s (1 - s) with s = sigmoid(a - b)
        Node x = SourceOp.input("x", Shape.of(2), dtype);
        Node hessian = Autodiff.hessian(ReduceOp.logSumExp(x, false), x);
        Tensor h = Evaluator.evaluate(hessian, Bindings.of(x, values(dtype, Shape.of(2), 1.5, -2)));
        double s = 1 / (1 + Math.exp(-3.5));
        assertEquals(s * (1 - s), h.flat(0), 1e-6);
        assertEquals(-s * (1 - s), h.flat(1), 1e-6);
    }

    /**
     * A number in a float32 expression is rounded as IEEE 754 and PyTorch round it ({@code x + 1e300} is
     * {@code inf} there too): only a tensor built from values, {@link Tensor#of}, rejects a finite value beyond
     * f32's range. A bound beyond the range, as in the hint {@code clip(x, 1e-12, Double.MAX_VALUE)}, still works.
     */
    @org.junit.jupiter.api.Test
    void numbersInAFloat32ExpressionRoundToNearestWithoutAnError() {
        Node x = SourceOp.input("x", Shape.of(2), DType.FLOAT32);
        List<Tensor> out = Function.of(List.of(x), List.of(x.add(1e300), x.clip(1e-12, Double.MAX_VALUE),
                x.pad(new int[] {1}, new int[] {0}, -1e300), SourceOp.fill(Shape.of(1), DType.FLOAT32, 1e39)))
                .call(values(DType.FLOAT32, Shape.of(2), 0, 2.5));
        assertEquals("f32[2] [Infinity, Infinity]", out.get(0).toString());
        assertEquals("f32[2] [1.0E-12, 2.5]", out.get(1).toString());
        assertEquals("f32[3] [-Infinity, 0.0, 2.5]", out.get(2).toString());
        assertEquals("f32[1] [Infinity]", out.get(3).toString());
    }
}
