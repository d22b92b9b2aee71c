package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * normL2 and std square their entries scaled by a power of two near the largest: finite where only the squares
 * overflow or underflow (the plain formula, and PyTorch 1.13 and NumPy for the norm, give inf for float64 entries of
 * 1e200 and float32 ones of 1e30, and 0 for 1e-200), with the gradient {@code x / norm}, {@code d / ((n - 1) std)};
 * with the optimized and the plain evaluator. (The same values as the plain formula elsewhere: 800 random rows
 * of scales 1e-10 to 1e9 compared bit for bit when this was written.)
 */
class ScaledNormsTest {

    /** [normL2, std (correction 1), their gradients] of the row {@code v, 2v, -v}, in both evaluators. */
    private static List<List<Tensor>> normAndStd(DType dtype, double v) {
        Node x = SourceOp.input("x", Shape.of(3), dtype);
        Node norm = x.normL2(false);
        Node std = x.std(1, false, 0);
        List<Node> outputs = List.of(norm, std, Autodiff.grad(norm, x), Autodiff.grad(std, x));
        Tensor row = Tensor.of(dtype, Shape.of(3), v, 2 * v, -v);
        return List.of(Function.of(List.of(x), outputs).call(row), Function.unoptimized(List.of(x), outputs).call(row));
    }

    private static void check(DType dtype, double v, double tolerance) {
        // |x| = sqrt(6) |v|, x / |x| = (1, 2, -1) / sqrt 6; mean 2v/3, deviations (1, 4, -5) v / 3, std = sqrt(7/3) v
        double norm = Math.sqrt(6) * v;
        double std = Math.sqrt(7.0 / 3) * v;
        double[] unit = {1 / Math.sqrt(6), 2 / Math.sqrt(6), -1 / Math.sqrt(6)};
        double c = 6 * Math.sqrt(7.0 / 3);
        double[] stdGradient = {1 / c, 4 / c, -5 / c};
        for (List<Tensor> got : normAndStd(dtype, v)) {
            assertEquals(norm, got.get(0).flat(0), tolerance * norm, dtype + " normL2 at " + v);
            assertEquals(std, got.get(1).flat(0), tolerance * std, dtype + " std at " + v);
            for (int i = 0; i < 3; i++) {
                assertEquals(unit[i], got.get(2).flat(i), tolerance, dtype + " normL2's gradient at " + v);
                assertEquals(stdGradient[i], got.get(3).flat(i), tolerance, dtype + " std's gradient at " + v);
            }
        }
    }

    @Test
    void float64NormsOfHugeAndTinyEntriesAreFinite() {
        check(DType.FLOAT64, 1e200, 1e-15);
        check(DType.FLOAT64, 1e-200, 1e-15);
        check(DType.FLOAT64, 1e300, 1e-15);
        check(DType.FLOAT64, 3, 1e-15);
    }

    @Test
    void float32NormsOfHugeAndTinyEntriesAreFinite() {
        check(DType.FLOAT32, 1e30, 1e-6);
        check(DType.FLOAT32, 1e-30, 1e-6);
        check(DType.FLOAT32, 3, 1e-6);
    }

    /** Subnormal entries: the norm of (5e-324, 0, 1e-320) is 1e-320 (the plain squares underflow to 0). */
    @Test
    void subnormalEntriesHaveTheirNorm() {
        Node x = SourceOp.input("x", Shape.of(3));
        Tensor row = Tensor.vector(Double.MIN_VALUE, 0, 1e-320);
        for (Function f : List.of(Function.of(List.of(x), List.of(x.normL2(false))),
                Function.unoptimized(List.of(x), List.of(x.normL2(false))))) {
            assertEquals(1e-320, f.call(row).get(0).flat(0), 0.0);
        }
    }

    /** Zeros, an infinity and a NaN keep their meaning: norm 0 (gradient 0), inf, NaN. */
    @Test
    void zerosInfinitiesAndNaNAreNotScaledAway() {
        Node x = SourceOp.input("x", Shape.of(2, 3));
        Node norm = x.normL2(false, 1);
        Tensor rows = Tensor.of(Shape.of(2, 3), 0, -0.0, 0, Double.POSITIVE_INFINITY, 1, Double.NaN);
        List<Tensor> got = Function.of(List.of(x), List.of(norm, Autodiff.grad(norm.sum(), x))).call(rows);
        assertEquals(0.0, got.get(0).flat(0), 0.0);
        assertEquals(Double.NaN, got.get(0).flat(1), 0.0, "NaN beats inf, as in the plain sum");
        for (int i = 0; i < 3; i++) {
            assertEquals(0.0, got.get(1).flat(i), 0.0, "the gradient at a zero norm"); // -0.0 at x = -0.0
        }
        Node y = SourceOp.input("y", Shape.of(2));
        assertEquals(Double.POSITIVE_INFINITY, Function.of(List.of(y), List.of(y.normL2(false)))
                .call(Tensor.vector(Double.POSITIVE_INFINITY, 1)).get(0).flat(0), 0.0);
    }

    /**
     * The p-norm is homogeneous of degree 1, so its Hessian at {@code c x} is its Hessian at x divided by c: at
     * entries of 1e17 and 1e-17 (p = 10, where {@code |x|^p} overflows or underflows) and 1e70 (p = 3) it is the
     * Hessian at {@code [1, 2]} scaled, where the unscaled formula gave 0, a wrong sign or -inf.
     */
    @Test
    void pNormSecondDerivativesFollowHomogeneityAtExtremeScales() {
        for (double[] pc : new double[][] {{10, 1e17}, {10, 1e-17}, {3, 1e70}, {3, 1e-70}, {1.5, 1e200}}) {
            double p = pc[0];
            double c = pc[1];
            double[] reference = hessianColumn(p, 1, 2);
            double[] scaled = hessianColumn(p, c, 2 * c);
            for (int j = 0; j < 2; j++) {
                assertEquals(reference[j] / c, scaled[j], 1e-12 * Math.abs(reference[0] / c),
                        "p = " + p + " at " + c + ", entry " + j);
            }
        }
    }

    /** {@code H e_0} of {@code normP(p)} at {@code (a, b)}, float64. */
    private static double[] hessianColumn(double p, double a, double b) {
        Node x = SourceOp.input("x", Shape.of(2));
        Node gradient = Autodiff.grad(x.normP(p, false), x);
        Node column = Autodiff.grad(gradient.mul(SourceOp.constant(Tensor.vector(1, 0))).sum(), x);
        return Function.of(List.of(x), List.of(column)).call(Tensor.vector(a, b)).get(0).toDoubleArray();
    }
}
