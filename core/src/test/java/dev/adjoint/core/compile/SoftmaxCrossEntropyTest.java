package dev.adjoint.core.compile;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.check.Gen;
import dev.adjoint.core.check.GradCheck;
import dev.adjoint.core.check.Property;
import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.IndexOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.ReduceOp;
import dev.adjoint.core.graph.SoftmaxCrossEntropy;
import dev.adjoint.core.graph.SoftmaxCrossEntropyGrad;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import org.junit.jupiter.api.Test;
import java.util.List;

/**
 * The fused softmax cross-entropy rewrite preserves values and gradients: for random logits (scaled by 1,
 * 1e3 and 1e30, so rows with huge and tied maxima are covered) and random labels, in float64 and float32,
 * {@code −pickPerRow(logSoftmax z, y)} compiled (where the rewrite fires) equals the graph as written, and
 * the fused op's own {@code p − onehot(y)} VJP equals the gradient of the unfused graph.
 */
class SoftmaxCrossEntropyTest {

    /** n, c, scale index, seed. */
    private static final Gen<int[]> CASES = choices -> new int[] {1 + choices.drawInt(6), 1 + choices.drawInt(7),
        choices.drawInt(3), choices.drawInt(1000)};

    private static void check(int[] c, DType dtype, double tol) {
        int n = c[0];
        int k = c[1];
        double scale = new double[] {1, 1e3, 1e30}[c[2]];
        Node z = SourceOp.input("z", Shape.of(n, k), dtype);
        Node y = SourceOp.input("y", Shape.of(n), dtype);
        Node w = SourceOp.input("w", Shape.of(n), dtype);
        Node perRow = IndexOp.pickPerRow(ReduceOp.logSoftmax(z, -1), y).neg();
        Node loss = ReduceOp.sum(perRow.mul(w));
        Node grad = Autodiff.grad(loss, List.of(z), Autodiff.Strictness.ZEROS_FOR_UNUSED).get(0);
        Node fusedLoss = ReduceOp.sum(SoftmaxCrossEntropy.of(z, y).mul(w));
        Node fusedGrad = Autodiff.grad(fusedLoss, List.of(z), Autodiff.Strictness.ZEROS_FOR_UNUSED).get(0);
        Tensor zv = Tensor.uniform(Key.of(c[3]), DType.FLOAT64, Shape.of(n, k), -1, 1);
        double[] zs = zv.toDoubleArray();
        for (int i = 0; i < zs.length; i++) {
            zs[i] = Math.rint(zs[i] * 4) / 4 * scale; // quarter steps: ties of the maximum happen
        }
        double[] labels = new double[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (c[3] + 3 * i) % k;
        }
        List<Tensor> args = List.of(Tensor.of(dtype, Shape.of(n, k), zs), Tensor.of(dtype, Shape.of(n), labels),
                Tensor.uniform(Key.of(c[3] + 1), dtype, Shape.of(n), 0, 2));
        List<Node> inputs = List.of(z, y, w);
        Function compiled = Function.of(inputs, List.of(perRow, grad));
        assertTrue(compiled.explain().contains("softmaxCrossEntropy"), compiled::explain);
        List<Tensor> expected = Function.unoptimized(inputs, List.of(perRow, grad)).call(args);
        List<Tensor> actual = compiled.call(args);
        List<Tensor> fused = Function.unoptimized(inputs, List.of(SoftmaxCrossEntropy.of(z, y), fusedGrad)).call(args);
        for (int i = 0; i < 2; i++) {
            Tensor e = expected.get(i);
            assertTrue(actual.get(i).allClose(e, tol, tol), () -> "compiled differs:\n" + expected + "\n" + actual);
            assertTrue(fused.get(i).allClose(e, tol, tol), () -> "fused op differs:\n" + expected + "\n" + fused);
        }
    }

    @Test
    void fusedEqualsLogSoftmaxAndPickFloat64() {
        Property.forAll(CASES).named("softmaxCrossEntropy == -pick(logSoftmax), f64").tries(150)
                .check(c -> check(c, DType.FLOAT64, 1e-12));
    }

    @Test
    void fusedEqualsLogSoftmaxAndPickFloat32() {
        Property.forAll(CASES).named("softmaxCrossEntropy == -pick(logSoftmax), f32").tries(150)
                .check(c -> check(c, DType.FLOAT32, 1e-5));
    }

    /**
     * The fused loss as the losses build it, with its fused gradient op, against central differences: the
     * gradient and Hessian-vector products with respect to the logits and to a per-row weight (which reaches
     * the gradient op as its cotangent input), in {@code dtype} with that dtype's tolerance.
     */
    private static void checkAgainstDifferences(int[] c, DType dtype) {
        int n = c[0];
        int k = c[1];
        Node z = SourceOp.input("z", Shape.of(n, k), dtype);
        Node y = SourceOp.input("y", Shape.of(n), dtype);
        Node w = SourceOp.input("w", Shape.of(n), dtype);
        Node loss = ReduceOp.sum(IndexOp.softmaxCrossEntropy(z, y).mul(w));
        double[] labels = new double[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (c[3] + 3 * i) % k;
        }
        Bindings at = Bindings.of(z, Tensor.uniform(Key.of(c[3]), dtype, Shape.of(n, k), -3, 3))
                .and(y, Tensor.of(dtype, Shape.of(n), labels))
                .and(w, Tensor.uniform(Key.of(c[3] + 1), dtype, Shape.of(n), 0.5, 2));
        GradCheck.check(loss, List.of(z, w), at).assertPassed();
        GradCheck.checkSecondOrder(loss, List.of(z, w), at, Key.of(c[3] + 2)).assertPassed();
    }

    @Test
    void fusedLossGradientsMatchCentralDifferencesFloat64() {
        Property.forAll(CASES).named("softmaxCrossEntropy grad and hvp vs differences, f64").tries(60)
                .check(c -> checkAgainstDifferences(c, DType.FLOAT64));
    }

    @Test
    void fusedLossGradientsMatchCentralDifferencesFloat32() {
        Property.forAll(CASES).named("softmaxCrossEntropy grad and hvp vs differences, f32").tries(40)
                .check(c -> checkAgainstDifferences(c, DType.FLOAT32));
    }

    @Test
    void theGradientOfTheFusedLossIsOneFusedOp() {
        Node z = SourceOp.input("z", Shape.of(Shape.BATCH, 10));
        Node y = SourceOp.input("y", Shape.of(Shape.BATCH));
        Node loss = ReduceOp.mean(IndexOp.softmaxCrossEntropy(z, y));
        Node grad = Autodiff.grad(loss, List.of(z), Autodiff.Strictness.ZEROS_FOR_UNUSED).get(0);
        long fused = dev.adjoint.core.graph.Graphs.topologicalOrder(List.of(grad)).stream()
                .filter(node -> node.op() instanceof SoftmaxCrossEntropyGrad).count();
        long softmaxParts = dev.adjoint.core.graph.Graphs.topologicalOrder(List.of(grad)).stream()
                .filter(node -> node.op().name().startsWith("logSumExp") || node.op().name().equals("exp")).count();
        assertTrue(fused == 1 && softmaxParts == 0, "expected one fused gradient op and no softmax pieces, got "
                + fused + " fused and " + softmaxParts + " softmax pieces");
    }

    /**
     * Labels are read exactly in their own dtype: float64 labels with float32 logits give the float32 labels'
     * result, and a float64 label just off an integer is reported, not rounded to one.
     */
    @Test
    void labelsKeepTheirOwnDtype() {
        Node z = SourceOp.input("z", Shape.of(2, 3), DType.FLOAT32);
        Node y64 = SourceOp.input("y", Shape.of(2), DType.FLOAT64);
        Node y32 = SourceOp.input("y32", Shape.of(2), DType.FLOAT32);
        Tensor zv = Tensor.of(DType.FLOAT32, Shape.of(2, 3), 0.5, -1, 2, 3, 0, -2);
        Function mixed = Function.of(List.of(z, y64), List.of(IndexOp.softmaxCrossEntropy(z, y64)));
        Function same = Function.of(List.of(z, y32), List.of(IndexOp.softmaxCrossEntropy(z, y32)));
        Tensor got = mixed.call(zv, Tensor.of(Shape.of(2), 2, 0)).get(0);
        assertTrue(got.sameValues(same.call(zv, Tensor.of(DType.FLOAT32, Shape.of(2), 2, 0)).get(0)), got::toString);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> mixed.call(zv, Tensor.of(Shape.of(2), 2.0000001, 0)));
        assertTrue(e.getMessage().contains("label 2.0000001 at row 0"), e::getMessage);
    }
}
