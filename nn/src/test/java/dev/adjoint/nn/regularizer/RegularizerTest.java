package dev.adjoint.nn.regularizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.check.Gens;
import dev.adjoint.core.check.GradCheck;
import dev.adjoint.core.check.Property;
import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.eval.Evaluator;
import dev.adjoint.core.graph.Domain;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import java.util.List;

/** Penalty values, their exact gradients, and the regularized objective's gradient. */
class RegularizerTest {

    private static final double[] W = {0.5, -1.25, 0.0, 2.0, -0.75, 3.0};

    private static Tensor w(DType dtype) {
        return Tensor.of(dtype, Shape.of(2, 3), W);
    }

    /** [penalty, d penalty / dw] at W. */
    private static List<Tensor> penaltyAndGradient(Regularizer r, DType dtype) {
        Node w = SourceOp.input("w", Shape.of(2, 3), dtype);
        Node p = r.penalty(w);
        assertEquals(Shape.scalar(), p.shape());
        assertEquals(dtype, p.dtype());
        return Evaluator.evaluate(List.of(p, Autodiff.grad(p, w)), Bindings.of(w, w(dtype)));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void l2PenaltyIsHalfLambdaTimesSquaredFrobeniusNormWithGradientExactlyLambdaW(DType dtype) {
        double lambda = 0.3;
        List<Tensor> out = penaltyAndGradient(new L2(lambda), dtype);
        double squares = 0;
        for (double v : W) {
            squares += v * v;
        }
        assertEquals(lambda / 2 * squares, out.get(0).item(), dtype == DType.FLOAT32 ? 1e-6 : 1e-14);
        // Exactly lambda W in the dtype's arithmetic: (lambda/2) w + (lambda/2) w == lambda w, bit for bit.
        Tensor expected = Tensor.of(dtype, Shape.of(2, 3), W).cast(DType.FLOAT64);
        double roundedLambda = dtype.round(lambda);
        double[] lambdaW = new double[W.length];
        for (int i = 0; i < W.length; i++) {
            lambdaW[i] = dtype.round(roundedLambda * expected.flat(i));
        }
        assertArrayEquals(lambdaW, out.get(1).toDoubleArray(), 0.0);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void l1PenaltyIsLambdaTimesSumOfAbsoluteValuesWithGradientLambdaSign(DType dtype) {
        List<Tensor> out = penaltyAndGradient(new L1(0.25), dtype);
        assertEquals(0.25 * 7.5, out.get(0).item(), 1e-6);
        assertArrayEquals(new double[] {0.25, -0.25, 0.0, 0.25, -0.25, 0.25}, out.get(1).toDoubleArray(), 0.0);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void l1L2IsTheSumOfBoth(DType dtype) {
        List<Tensor> both = penaltyAndGradient(new L1L2(0.25, 0.5), dtype);
        List<Tensor> l1 = penaltyAndGradient(new L1(0.25), dtype);
        List<Tensor> l2 = penaltyAndGradient(new L2(0.5), dtype);
        assertEquals(l1.get(0).item() + l2.get(0).item(), both.get(0).item(), 1e-6);
        for (int i = 0; i < W.length; i++) {
            assertEquals(l1.get(1).flat(i) + l2.get(1).flat(i), both.get(1).flat(i), 1e-7);
        }
    }

    @Test
    void regularizedObjectiveHasGradientOfTheLossPlusLambdaW() {
        // L = (1/2) ||W - T||^2 has dL/dW = W - T; J = L + (lambda/2) ||W||^2 has dJ/dW = W - T + lambda W.
        double lambda = 0.1;
        Node w = SourceOp.input("w", Shape.of(2, 3));
        Node target = SourceOp.constant(Tensor.of(Shape.of(2, 3), 1, 2, 3, 4, 5, 6));
        Node loss = w.sub(target).square().sum().mul(0.5);
        Node objective = loss.add(new L2(lambda).penalty(w));
        Tensor gradient = Evaluator.evaluate(Autodiff.grad(objective, w), Bindings.of(w, w(DType.FLOAT64)));
        for (int i = 0; i < W.length; i++) {
            assertEquals(W[i] - (i + 1) + lambda * W[i], gradient.flat(i), 1e-15);
        }
    }

    @Test
    void penaltyGradientsMatchCentralDifferences() {
        for (Regularizer r : List.of(new L1(0.3), new L2(0.7), new L1L2(0.2, 0.4))) {
            Property.forAll(Gens.shapes(0, 3, 4).flatMap(s -> Gens.tensors(s, Domain.AWAY_FROM_ZERO, DType.FLOAT64)))
                    .named(r + " gradient").tries(20)
                    .check(value -> {
                        Node w = SourceOp.input("w", value.shape());
                        GradCheck.check(r.penalty(w), List.of(w), Bindings.of(w, value)).assertPassed();
                    });
        }
    }

    @Test
    void kerasConventionDoublesTheL2Strength() {
        assertEquals(new L2(0.02), L2.keras(0.01));
        assertEquals(new L1L2(0.01, 0.02), L1L2.keras(0.01, 0.01));
        // Keras's L2(0.01) penalty of W is 0.01 * sum w^2.
        Node w = SourceOp.input("w", Shape.of(2, 3));
        double squares = 0;
        for (double v : W) {
            squares += v * v;
        }
        assertEquals(0.01 * squares,
                Evaluator.evaluate(L2.keras(0.01).penalty(w), Bindings.of(w, w(DType.FLOAT64))).item(), 1e-15);
    }

    @Test
    void zeroStrengthGivesZeroPenalty() {
        assertEquals(0.0, penaltyAndGradient(new L1L2(0, 0), DType.FLOAT64).get(0).item());
    }

    @Test
    void invalidStrengthsAreRejectedNamingParameterAndValue() {
        assertEquals("L2: l2 must be finite and >= 0, got -0.1",
                assertThrows(IllegalArgumentException.class, () -> new L2(-0.1)).getMessage());
        assertEquals("L1: l1 must be finite and >= 0, got NaN",
                assertThrows(IllegalArgumentException.class, () -> new L1(Double.NaN)).getMessage());
        assertEquals("L1L2: l2 must be finite and >= 0, got Infinity", assertThrows(IllegalArgumentException.class,
                () -> new L1L2(0, Double.POSITIVE_INFINITY)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> L2.keras(-1));
        assertEquals("w is null", assertThrows(NullPointerException.class, () -> new L2(1).penalty(null))
                .getMessage());
    }

    @Test
    void namesAreKerasIdentifiers() {
        assertEquals("l1", new L1(0.01).name());
        assertEquals("l2", new L2(0.01).name());
        assertEquals("l1_l2", new L1L2(0.01, 0.01).name());
    }
}
