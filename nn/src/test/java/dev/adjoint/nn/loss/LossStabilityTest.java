package dev.adjoint.nn.loss;

import static dev.adjoint.nn.loss.LossFixture.assertAllFinite;
import static dev.adjoint.nn.loss.LossFixture.tensor;
import static dev.adjoint.nn.loss.LossFixture.valueAndGradient;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.eval.Evaluator;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.ReduceOp;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.graph.UnaryOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import java.util.List;

/** Finite values and gradients at extreme logits, and the exact values the stable forms give there. */
class LossStabilityTest {

    @ParameterizedTest
    @ValueSource(doubles = {100, 1e4, 1e30})
    void binaryCrossEntropyFromLogitsIsFiniteAndExact(double z) {
        for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            // Right with confidence, wrong with confidence, and a soft target, at +-z.
            List<Tensor> out = valueAndGradient(new BinaryCrossEntropy(true), tensor(dtype, 2, 2, 1, 0, 0, 0.5),
                    tensor(dtype, 2, 2, z, -z, z, -z));
            assertAllFinite("BCE from logits " + z, out.get(0));
            assertAllFinite("BCE gradient " + z, out.get(1));
            // terms: 0, 0, z, z / 2 (softplus(-z) - 0.5 (-z) = 0.5 z), averaged over 4
            double zz = dtype.round(z);
            assertEquals(1.5 * zz / 4, out.get(0).item(), 1e-6 * zz);
            // gradient (sigma(z) - y) / 4: 0, 0, 1/4, -1/8
            double[] g = out.get(1).toDoubleArray();
            assertEquals(0.0, g[0], 1e-12);
            assertEquals(0.0, g[1], 1e-12);
            assertEquals(0.25, g[2], 1e-7);
            assertEquals(-0.125, g[3], 1e-7);
        }
    }

    /**
     * At infinite logits the terms are their limits: infinite for a wrong target, 0 for the right one. PyTorch 1.13's
     * {@code binary_cross_entropy_with_logits} gives inf, inf, NaN, NaN, NaN, NaN for the six pairs below; Adjoint
     * gave NaN, NaN, NaN, NaN, inf, inf ({@code softplus(+inf) - y (+inf) = inf - inf}). The gradient is
     * {@code (sigma(z) - y) / n}, as PyTorch's and as before; the targets' gradient is PyTorch's {@code -z / n}
     * where the limit is infinite and 0 where it is 0 (PyTorch: {@code -z / n} there too), never NaN.
     */
    @org.junit.jupiter.api.Test
    void binaryCrossEntropyAtInfiniteLogitsIsTheLimit() {
        double inf = Double.POSITIVE_INFINITY;
        for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            Tensor y = tensor(dtype, 6, 1, 0, 0.5, 1, 0, 1, 0.25);
            Tensor z = tensor(dtype, 6, 1, inf, inf, inf, -inf, -inf, -inf);
            Node t = SourceOp.input("yTrue", y.shape(), dtype);
            Node p = SourceOp.input("yPred", z.shape(), dtype);
            BinaryCrossEntropy loss = new BinaryCrossEntropy(true);
            List<Node> grads = Autodiff.grad(loss.apply(t, p), p, t);
            List<Tensor> out = Evaluator.evaluate(List.of(loss.perExample(t, p), grads.get(0), grads.get(1)),
                    Bindings.of(t, y).and(p, z));
            double[] terms = out.get(0).toDoubleArray();
            double[] expected = {inf, inf, 0, 0, inf, inf};
            double[] gradient = {1, 0.5, 0, 0, -1, -0.25};
            double[] targetGradient = {-inf, -inf, 0, 0, inf, inf};
            for (int i = 0; i < 6; i++) {
                assertEquals(expected[i], terms[i], 0.0, dtype + " term " + i);
                assertEquals(gradient[i] / 6, out.get(1).flat(i), 1e-7, dtype + " gradient " + i);
                assertEquals(targetGradient[i], out.get(2).flat(i), 0.0, dtype + " target gradient " + i);
            }
        }
    }

    /**
     * In a batch with one infinite logit the finite terms keep their values, and the second derivative is the
     * limit's, 0 at the infinite logit, and {@code sigma'(z) / n} at a finite one: never NaN.
     */
    @org.junit.jupiter.api.Test
    void binaryCrossEntropyHasFiniteSecondDerivativesAtInfiniteLogits() {
        double inf = Double.POSITIVE_INFINITY;
        Node t = SourceOp.input("yTrue", Shape.of(2, 1), DType.FLOAT64);
        Node p = SourceOp.input("yPred", Shape.of(2, 1), DType.FLOAT64);
        BinaryCrossEntropy loss = new BinaryCrossEntropy(true);
        Bindings at = Bindings.of(t, tensor(DType.FLOAT64, 2, 1, 0, 1)).and(p, tensor(DType.FLOAT64, 2, 1, inf, 0.3));
        double[] h = Evaluator.evaluate(Autodiff.hessian(loss.apply(t, p), p), at).toDoubleArray();
        double s = 1 / (1 + Math.exp(-0.3));
        assertEquals(0.0, h[0], 0.0, "at +inf");
        assertEquals(s * (1 - s) / 2, h[3], 1e-15, "at 0.3");
        double[] terms = Evaluator.evaluate(loss.perExample(t, p), at).toDoubleArray();
        assertEquals(inf, terms[0], 0.0);
        assertEquals(Math.log1p(Math.exp(-0.3)), terms[1], 1e-15, "the finite term in a batch with an infinite one");
    }

    @ParameterizedTest
    @ValueSource(doubles = {100, 1e4, 1e30})
    void categoricalCrossEntropiesFromLogitsAreFiniteAndExact(double z) {
        for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            Tensor logits = tensor(dtype, 2, 3, z, -z, 0, -z, z, z);
            Tensor oneHot = tensor(dtype, 2, 3, 0, 1, 0, 1, 0, 0);
            Tensor labels = Tensor.of(dtype, Shape.of(2), 1, 0);
            for (List<Tensor> out : List.of(valueAndGradient(new CategoricalCrossEntropy(true), oneHot, logits),
                    valueAndGradient(new SparseCategoricalCrossEntropy(true), labels, logits))) {
                assertAllFinite("CE from logits " + z, out.get(0));
                assertAllFinite("CE gradient " + z, out.get(1));
                // Row 0: label logit -z, max z: loss 2z. Row 1: label -z against two z's: 2z + ln 2.
                double zz = dtype.round(z);
                assertEquals((4 * zz + Math.log(2)) / 2, out.get(0).item(), 1e-6 * zz);
                // Gradient (softmax - onehot) / 2: row 0 [1, -1, 0] / 2, row 1 [-1, 0.5, 0.5] / 2.
                double[] expected = {0.5, -0.5, 0, -0.5, 0.25, 0.25};
                double[] g = out.get(1).toDoubleArray();
                for (int i = 0; i < g.length; i++) {
                    assertEquals(expected[i], g[i], 1e-7, "gradient element " + i);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void crossEntropiesOfSaturatedSigmoidAndSoftmaxOutputsUseTheLogits(DType dtype) {
        // Without the logit path these would be clipped at -ln(1e-7) ~ 16.1 with a zero gradient.
        Node y = SourceOp.input("y", Shape.of(1, 2), dtype);
        Node z = SourceOp.input("z", Shape.of(1, 2), dtype);
        Bindings at = Bindings.of(y, tensor(dtype, 1, 2, 1, 0)).and(z, tensor(dtype, 1, 2, -1e4, 1e4));

        Node bce = new BinaryCrossEntropy().apply(y, UnaryOp.sigmoid(z));
        List<Tensor> b = Evaluator.evaluate(List.of(bce, Autodiff.grad(bce, z)), at);
        assertEquals(1e4, b.get(0).item(), 1e-3);
        assertEquals(-0.5, b.get(1).flat(0), 1e-7);
        assertEquals(0.5, b.get(1).flat(1), 1e-7);

        Node cce = new CategoricalCrossEntropy().apply(y, ReduceOp.softmax(z, -1));
        List<Tensor> c = Evaluator.evaluate(List.of(cce, Autodiff.grad(cce, z)), at);
        assertEquals(2e4, c.get(0).item(), 1e-2);
        assertEquals(-1.0, c.get(1).flat(0), 1e-7);
        assertEquals(1.0, c.get(1).flat(1), 1e-7);

        Node labels = SourceOp.input("labels", Shape.of(1), dtype);
        Node sparse = new SparseCategoricalCrossEntropy().apply(labels, ReduceOp.softmax(z, -1));
        Tensor s = Evaluator.evaluate(sparse, Bindings.of(labels, Tensor.of(dtype, Shape.of(1), 0))
                .and(z, tensor(dtype, 1, 2, -1e30, 1e30)));
        assertEquals(2e30, s.item(), 1e24);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void crossEntropiesFromProbabilitiesStayFiniteAtZeroAndOne(DType dtype) {
        Tensor p = tensor(dtype, 2, 2, 0, 1, 1, 0);
        Tensor y = tensor(dtype, 2, 2, 1, 0, 1, 0);
        for (Loss loss : List.of(new BinaryCrossEntropy(), new CategoricalCrossEntropy())) {
            List<Tensor> out = valueAndGradient(loss, y, p);
            assertAllFinite(loss + " value", out.get(0));
            assertAllFinite(loss + " gradient", out.get(1));
        }
        List<Tensor> sparse = valueAndGradient(new SparseCategoricalCrossEntropy(),
                Tensor.of(dtype, Shape.of(2), 0, 1), p);
        assertAllFinite("sparse value", sparse.get(0));
        assertAllFinite("sparse gradient", sparse.get(1));
    }

    @ParameterizedTest
    @ValueSource(doubles = {100, 1e4})
    void regressionAndHingeLossesAreFiniteForLargeErrors(double e) {
        for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            for (Loss loss : List.of(new MeanSquaredError(), new MeanAbsoluteError(), new Huber(), new Hinge(),
                    new SquaredHinge())) {
                List<Tensor> out = valueAndGradient(loss, tensor(dtype, 1, 2, 1, -1), tensor(dtype, 1, 2, -e, e));
                assertAllFinite(loss + " value", out.get(0));
                assertAllFinite(loss + " gradient", out.get(1));
            }
        }
    }
    @ParameterizedTest
    @ValueSource(doubles = {100, 1e4, 1e30})
    void logCoshIsTheAbsoluteErrorLessLogTwoForHugeErrorsWithoutOverflow(double e) {
        for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            // cosh(100) = 1.3e43 overflows float32, cosh(1e4) float64; log cosh(e) = |e| - ln 2 (+ e^-2e, nothing)
            List<Tensor> out = valueAndGradient(new LogCosh(), tensor(dtype, 1, 2, 1, -1),
                    tensor(dtype, 1, 2, 1 + e, -1 - e));
            assertAllFinite("log-cosh of " + e, out.get(0));
            assertAllFinite("log-cosh gradient at " + e, out.get(1));
            double ee = dtype.round(1 + e) - 1;
            assertEquals(ee - Math.log(2), out.get(0).item(), Math.max(1e-6, 1e-6 * ee));
            // tanh(+-e) / 2 = +-1 / 2
            assertEquals(0.5, out.get(1).flat(0), 1e-6);
            assertEquals(-0.5, out.get(1).flat(1), 1e-6);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void klDivergenceAndPoissonStayFiniteAtPredictionsZeroAndOne(DType dtype) {
        Tensor yTrue = tensor(dtype, 2, 2, 1, 0, 0.5, 0.5);
        Tensor yPred = tensor(dtype, 2, 2, 0, 1, 1, 0);
        for (Loss loss : List.of(new KLDivergence(), new Poisson())) {
            List<Tensor> out = valueAndGradient(loss, yTrue, yPred);
            assertAllFinite(loss + " value", out.get(0));
            assertAllFinite(loss + " gradient", out.get(1));
        }
        // KL: q = 0 counts as 1e-7: row 0 is 1 ln(1 / 1e-7) + 1e-7 ln(1e-7 / 1), row 1 0.5 ln(0.5) + 0.5 ln(0.5 / 1e-7)
        double e = dtype.round(1e-7);
        double row0 = Math.log(1 / e) + e * Math.log(e);
        double row1 = 0.5 * Math.log(0.5) + 0.5 * Math.log(0.5 / e);
        assertEquals((row0 + row1) / 2, valueAndGradient(new KLDivergence(), yTrue, yPred).get(0).item(),
                1e-5 * row0);
        // the clip stops the gradient where q = 0 (and at q = 1 for a target of 1e-7 it is -1e-7 / 2)
        assertEquals(0, valueAndGradient(new KLDivergence(), yTrue, yPred).get(1).flat(0), 0.0);
        // Poisson: a rate of 0 with a count of 1 costs -ln(1e-7) = 16.118; with count 0.5 half that
        double poisson = (0 - Math.log(1e-7) + 1 - 0 + 1 - 0.5 * Math.log(1 + 1e-7) + 0 - 0.5 * Math.log(1e-7)) / 4;
        assertEquals(poisson, valueAndGradient(new Poisson(), yTrue, yPred).get(0).item(), 1e-5 * poisson);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void cosineSimilarityOfZeroVectorsIsZeroWithAFiniteGradient(DType dtype) {
        // rows: both zero; a zero prediction; a zero target. Each normalizes the zero vector to zero: cosine 0
        Tensor yTrue = tensor(dtype, 3, 2, 0, 0, 3, 4, 0, 0);
        Tensor yPred = tensor(dtype, 3, 2, 0, 0, 0, 0, 1, 2);
        List<Tensor> out = valueAndGradient(new CosineSimilarity(), yTrue, yPred);
        assertEquals(0, out.get(0).item(), 0.0);
        assertAllFinite("gradient at zero vectors", out.get(1));
        // at the zero prediction the gradient is -u / (3 · 1e-7), Keras 3's floor of the norm: u = (0.6, 0.8),
        // 1e7 / 3 times (-0.6, -0.8)
        assertEquals(-0.6e7 / 3, out.get(1).flat(2), 1e-3 * 0.6e7 / 3);
        assertEquals(-0.8e7 / 3, out.get(1).flat(3), 1e-3 * 0.8e7 / 3);
        // a zero target: the loss does not depend on the prediction
        assertEquals(0, out.get(1).flat(4), 0.0);
        assertEquals(0, out.get(1).flat(5), 0.0);
        // huge vectors do not overflow the squared norm in float64, and give the cosine
        if (dtype == DType.FLOAT64) {
            assertEquals(-1, valueAndGradient(new CosineSimilarity(), tensor(dtype, 1, 2, 1e100, 1e100),
                    tensor(dtype, 1, 2, 2e100, 2e100)).get(0).item(), 1e-12);
        }
    }
}
