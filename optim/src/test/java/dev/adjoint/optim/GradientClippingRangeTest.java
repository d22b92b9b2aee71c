package dev.adjoint.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.BinaryOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Clipping by norm where the squares of the gradients leave the dtype's range: float32 entries of 1e20 (squares
 * past 3.4e38) and float64 ones of 1e160 are clipped to the threshold, not zeroed (the plain norm was infinite);
 * float32 entries of 1e-30 and subnormal ones are measured, not taken as norm 0. The reference is the exactly
 * scaled answer {@code g c / ‖g‖}: for float32, computed in float64 (whose range holds these squares) and rounded
 * once; for float64, the exact ratios. Where nothing overflows or underflows, the bits are those of the plain
 * formula {@code c / max(sqrt(Σ g²), c)} the clipping used before.
 */
class GradientClippingRangeTest {

    private static final Optimizer SGD = Sgd.defaults();

    /** The clipped gradients of {@code clipping}, evaluated. */
    private static List<double[]> clipped(GradientClipping clipping, Tensor... grads) {
        List<Node> inputs = new ArrayList<>();
        for (int i = 0; i < grads.length; i++) {
            inputs.add(SourceOp.input("g" + i, grads[i].shape(), grads[i].dtype()));
        }
        List<Tensor> out = Function.of(inputs, clipping.clip(inputs)).call(grads);
        List<double[]> result = new ArrayList<>();
        out.forEach(t -> result.add(t.toDoubleArray()));
        return result;
    }

    private static Tensor f32(double... values) {
        return Tensor.of(DType.FLOAT32, Shape.of(values.length), values);
    }

    /** {@code g c / ‖(all)‖₂} in float64 (whose range holds these norms), each entry rounded once to float32. */
    private static void assertFloat32ExactlyScaled(double c, double[][] all, List<double[]> actual) {
        double squares = 0;
        for (double[] g : all) {
            for (double v : g) {
                squares += v * v;
            }
        }
        double factor = Math.min(1.0, c / Math.sqrt(squares));
        for (int i = 0; i < all.length; i++) {
            for (int j = 0; j < all[i].length; j++) {
                float expected = (float) (all[i][j] * factor);
                assertEquals(expected, actual.get(i)[j], Math.ulp(expected), "gradient " + i + " entry " + j);
            }
        }
    }

    @Test
    void float32GradientsOf1e20AreClippedNotZeroed() {
        double[] g1 = {(float) 3e20, (float) 4e20};
        double[] g2 = {0, (float) 1.2e21, (float) -2e19};
        assertFloat32ExactlyScaled(6.5, new double[][] {g1, g2},
                clipped(GradientClipping.byGlobalNorm(SGD, 6.5), f32(g1), f32(g2)));
        List<double[]> byNorm = clipped(GradientClipping.byNorm(SGD, 2), f32(g1), f32(g2));
        assertFloat32ExactlyScaled(2, new double[][] {g1}, byNorm.subList(0, 1));
        assertFloat32ExactlyScaled(2, new double[][] {g2}, byNorm.subList(1, 2));
    }

    @Test
    void float64GradientsOf1e160AreClippedNotZeroed() {
        // ‖(3e160, 4e160)‖ = 5e160, whose square overflows float64: g / ‖g‖ = (0.6, 0.8), times c = 2
        List<double[]> out = clipped(GradientClipping.byNorm(SGD, 2), Tensor.vector(3e160, 4e160));
        assertEquals(1.2, out.get(0)[0], Math.ulp(1.2));
        assertEquals(1.6, out.get(0)[1], Math.ulp(1.6));
        List<double[]> global = clipped(GradientClipping.byGlobalNorm(SGD, 1), Tensor.vector(3e300),
                Tensor.vector(-4e300));
        assertEquals(0.6, global.get(0)[0], Math.ulp(0.6));
        assertEquals(-0.8, global.get(1)[0], Math.ulp(0.8));
    }

    @Test
    void tinyAndSubnormalFloat32GradientsAreMeasured() {
        // squares of 1e-30 underflow float32 to 0: the plain norm was 0, and nothing was clipped
        double[] tiny = {(float) 3e-30, (float) -4e-30};
        assertFloat32ExactlyScaled(1e-30, new double[][] {tiny},
                clipped(GradientClipping.byNorm(SGD, 1e-30), f32(tiny)));
        // (3, 4) · 2^-149 has norm 5 · 2^-149: at threshold 2 · 2^-149 it becomes (1.2, 1.6) · 2^-149, which
        // rounds to the subnormals (1, 2) · 2^-149
        double min = Float.MIN_VALUE;
        List<double[]> out = clipped(GradientClipping.byGlobalNorm(SGD, 2 * min), f32(3 * min, 4 * min));
        assertEquals(min, out.get(0)[0], 0.0);
        assertEquals(2 * min, out.get(0)[1], 0.0);
    }

    @Test
    void mixedMagnitudesKeepTheSmallGradientsDirection() {
        double[] large = {(float) 3e20, (float) -4e20};
        double[] small = {(float) 1e-20, (float) 2e-25, (float) -7e-10};
        assertFloat32ExactlyScaled(1, new double[][] {large, small},
                clipped(GradientClipping.byGlobalNorm(SGD, 1), f32(large), f32(small)));
    }

    /** The form used before: {@code c / max(sqrt(Σ_i cast(Σ g_i²)), c)} in the first gradient's dtype. */
    private static List<Node> plainGlobal(List<Node> grads, double c) {
        Node squares = null;
        for (Node g : grads) {
            Node s = g.square().sum().cast(grads.get(0).dtype());
            squares = squares == null ? s : squares.add(s);
        }
        Node threshold = SourceOp.scalar(c, squares.dtype());
        Node factor = threshold.div(BinaryOp.maximum(squares.sqrt(), threshold));
        List<Node> out = new ArrayList<>();
        grads.forEach(g -> out.add(g.mul(factor.cast(g.dtype()))));
        return out;
    }

    @Test
    void ordinaryGradientsGetTheBitsOfThePlainFormula() {
        Random random = new Random(20261206);
        DType[][] dtypes = {{DType.FLOAT32, DType.FLOAT32}, {DType.FLOAT64, DType.FLOAT64},
            {DType.FLOAT32, DType.FLOAT64}, {DType.FLOAT64, DType.FLOAT32}};
        for (int trial = 0; trial < 40; trial++) {
            DType[] types = dtypes[trial % dtypes.length];
            double scale = Math.pow(10, random.nextInt(13) - 6);
            List<Node> inputs = new ArrayList<>();
            Tensor[] values = new Tensor[types.length];
            for (int i = 0; i < types.length; i++) {
                int n = 1 + random.nextInt(40);
                double[] v = new double[n];
                for (int j = 0; j < n; j++) {
                    v[j] = random.nextGaussian() * scale;
                }
                values[i] = Tensor.of(types[i], Shape.of(n), v);
                inputs.add(SourceOp.input("g" + i, values[i].shape(), types[i]));
            }
            double c = scale * (0.5 + 4 * random.nextDouble());
            List<Node> outputs = new ArrayList<>(GradientClipping.byGlobalNorm(SGD, c).clip(inputs));
            outputs.addAll(GradientClipping.byNorm(SGD, c).clip(inputs));
            outputs.addAll(plainGlobal(inputs, c));
            inputs.forEach(g -> outputs.addAll(plainGlobal(List.of(g), c))); // by norm: each on its own
            List<Tensor> out = Function.of(inputs, outputs).call(values);
            for (int i = 0; i < 2 * types.length; i++) {
                double[] scaled = out.get(i).toDoubleArray();
                double[] plain = out.get(2 * types.length + i).toDoubleArray();
                for (int j = 0; j < plain.length; j++) {
                    assertEquals(Double.doubleToRawLongBits(plain[j]), Double.doubleToRawLongBits(scaled[j]),
                            "trial " + trial + ", output " + i + ", entry " + j + ": " + plain[j] + " vs " + scaled[j]);
                }
            }
        }
    }
}
