package dev.adjoint.core.graph;

import static dev.adjoint.core.Contract.rejects;
import static dev.adjoint.core.graph.Pinned.gradients;
import static dev.adjoint.core.graph.Pinned.value;
import static dev.adjoint.core.graph.Pinned.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * cov and corrcoef give PyTorch's values and gradients (printed by PyTorch 1.13: {@code torch.cov(x, correction,
 * fweights, aweights)}, {@code torch.corrcoef}, and {@code (f(...) * yBar).sum().backward()}), with and without
 * weights, for one variable (a scalar), one observation (NaN) and a constant variable (NaN in its row and
 * column); bad arguments are refused naming the op. Random gradients, first and second order: the op table.
 */
class CovarianceTest {

    private static final double NAN = Double.NaN;
    private static final Tensor X = Tensor.of(Shape.of(3, 5), 1, 2, 4, 7, 0.5, -1, 0, 3, 2, 2, 5, 4, 3, 2, 1.5);
    private static final Tensor FWEIGHTS = Tensor.ofLongs(Shape.of(5), 1, 2, 0, 3, 1);
    private static final Tensor AWEIGHTS = Tensor.vector(0.5, 1, 2, 0.25, 1);
    private static final double TOLERANCE = 1e-14;

    @Test
    void covariancesAreTorchs() {
        assertArrayEquals(new double[] {7.049999999999999, 2.15, -1.3000000000000003, 2.15, 2.7, -1.9000000000000001,
            -1.3000000000000003, -1.9000000000000001, 2.05}, values(in -> in.get(0).cov(1), X), TOLERANCE);
        assertArrayEquals(new double[] {5.639999999999999, 1.72, -1.0400000000000003, 1.72, 2.16, -1.52,
            -1.0400000000000003, -1.52, 1.64}, values(in -> in.get(0).cov(0), X), TOLERANCE);
        assertArrayEquals(new double[] {9.399999999999999, 2.8666666666666667, -1.7333333333333336, 2.8666666666666667,
            3.6, -2.5333333333333337, -1.7333333333333336, -2.5333333333333337, 2.733333333333333},
                values(in -> in.get(0).cov(2), X), TOLERANCE);
        assertArrayEquals(new double[] {9.321428571428571, 2.5833333333333335, -2.3095238095238098, 2.5833333333333335,
            1.6666666666666667, -1.75, -2.3095238095238098, -1.75, 1.8690476190476193},
                values(in -> in.get(0).cov(1, in.get(1), null), X, FWEIGHTS), TOLERANCE);
        assertArrayEquals(new double[] {4.31923076923077, 1.9076923076923076, -0.049999999999999996,
            1.9076923076923076, 2.930769230769231, -1.4384615384615382, -0.049999999999999996, -1.4384615384615382,
            1.6038461538461537}, values(in -> in.get(0).cov(1, null, in.get(1)), X, AWEIGHTS), TOLERANCE);
        assertArrayEquals(new double[] {6.038461538461537, 1.094017094017094, -0.8162393162393161, 1.094017094017094,
            1.5641025641025639, -1.752136752136752, -0.8162393162393161, -1.752136752136752, 1.9957264957264955},
                values(in -> in.get(0).cov(1, in.get(1), in.get(2)), X, FWEIGHTS, AWEIGHTS), TOLERANCE);
        assertArrayEquals(new double[] {4.889273356401383, 0.8858131487889273, -0.6608996539792387,
            0.8858131487889273, 1.2664359861591694, -1.4186851211072664, -0.6608996539792387, -1.4186851211072664,
            1.615916955017301}, values(in -> in.get(0).cov(0, in.get(1), in.get(2)), X, FWEIGHTS, AWEIGHTS),
                TOLERANCE);
    }

    @Test
    void oneVariableIsAScalarAndTooFewObservationsAreNaN() {
        Tensor row = Tensor.vector(1, 2, 4, 7, 0.5);
        Tensor variance = value(in -> in.get(0).cov(1), row);
        assertEquals(Shape.of(), variance.shape());
        assertEquals(7.049999999999999, variance.toDoubleArray()[0], TOLERANCE);
        assertEquals(Shape.of(), value(in -> in.get(0).cov(1), Tensor.of(Shape.of(1, 5), 1, 2, 4, 7, 0.5)).shape());
        Tensor column = Tensor.of(Shape.of(3, 1), 1, -1, 5); // divisor 1 - 1 = 0: 0 / 0, as torch (with a warning)
        assertArrayEquals(new double[] {NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN, NAN},
                values(in -> in.get(0).cov(1), column), 0.0);
        Tensor none = Tensor.of(Shape.of(2, 0)); // no observations: NaN, as torch.cov and torch.corrcoef
        assertArrayEquals(new double[] {NAN, NAN, NAN, NAN}, values(in -> in.get(0).cov(1), none), 0.0);
        assertArrayEquals(new double[] {NAN, NAN, NAN, NAN}, values(in -> in.get(0).corrcoef(), none), 0.0);
    }

    @Test
    void correlationsAreTorchs() {
        assertArrayEquals(new double[] {0.9999999999999998, 0.49279015099031237, -0.3419572873461543,
            0.49279015099031237, 1.0, -0.8075971698802286, -0.3419572873461543, -0.8075971698802284, 1.0},
                values(in -> in.get(0).corrcoef(), X), TOLERANCE);
        assertArrayEquals(new double[] {1.0}, values(in -> in.get(0).corrcoef(), Tensor.vector(1, 2, 4, 7, 0.5)),
                0.0);
        Tensor constant = Tensor.of(Shape.of(3, 3), 1, 2, 3, 2, 2, 2, 3, 1, 0);
        assertArrayEquals(new double[] {1.0, NAN, -0.9819805060619656, NAN, NAN, NAN, -0.9819805060619656, NAN, 1.0},
                values(in -> in.get(0).corrcoef(), constant), TOLERANCE);
    }

    @Test
    void gradientsAreTorchs() {
        Tensor yBar = Tensor.of(Shape.of(3, 3), 1, 0.5, -1, 2, 0, 1, 0.25, -2, 3);
        List<double[]> g = gradients(in -> in.get(0).cov(1, SourceOp.constant(FWEIGHTS), in.get(1)), yBar, X,
                AWEIGHTS);
        assertArrayEquals(new double[] {-1.2286324786324785, -1.8632478632478628, 0.0, 2.897435897435897,
            0.1944444444444443, -0.7777777777777777, -1.0769230769230764, 0.0, 2.7564102564102555, -0.9017094017094014,
            1.9914529914529913, 3.4615384615384612, 0.0, -2.5705128205128203, -2.8824786324786325}, g.get(0), 1e-13);
        assertArrayEquals(new double[] {1.9401709401709406, -4.9743589743589745, 0.0, 23.756410256410245,
            -1.9348290598290596}, g.get(1), 1e-13);
        double[] r = gradients(in -> in.get(0).corrcoef(), yBar, X).get(0);
        assertArrayEquals(new double[] {-0.308580751073003, -0.1687887164349925, 0.20472754111230232,
            -0.047549683646779625, 0.3201916100424728, -0.05861141725286639, 0.0020550091865955745,
            -0.17172423338540804, 0.5531467146733501, -0.32486607322167127, 0.08093589934714893, 0.05511639213978999,
            -0.23254944868668473, -0.144484910068937, 0.24098206726868282}, r, 1e-14);
    }

    @Test
    void badArgumentsAreRefusedNamingTheOp() {
        Node x = SourceOp.input("x", Shape.of(3, 5));
        rejects(IllegalArgumentException.class, () -> SourceOp.input("t", Shape.of(2, 3, 5)).cov(1),
                "cov: operand must be [variables, observations] or [observations] with concrete sizes, got"
                        + " t : f64[2, 3, 5]");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("n", Shape.of(3, Shape.BATCH)).corrcoef(),
                "corrcoef: operand must be [variables, observations]", "n : f64[3, N]");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("i", Shape.of(3, 5), DType.INT64).cov(1),
                "cov: operand must be floating-point");
        rejects(IllegalArgumentException.class, () -> x.cov(1, SourceOp.input("f", Shape.of(4), DType.INT64), null),
                "cov: fweights must hold one weight per observation, [5], got f : i64[4]");
        rejects(IllegalArgumentException.class, () -> x.cov(1, SourceOp.input("f", Shape.of(5)), null),
                "cov: fweights must be integer");
        rejects(IllegalArgumentException.class, () -> x.cov(1, null, SourceOp.input("a", Shape.of(5), DType.INT64)),
                "cov: aweights must be floating-point");
        rejects(IllegalArgumentException.class, () -> x.cov(1, null, SourceOp.input("a", Shape.of(5),
                DType.FLOAT32)), "cov: operands must have the same dtype");
    }
}
