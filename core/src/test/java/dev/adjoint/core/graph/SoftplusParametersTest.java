package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code softplus(x, beta, threshold)} gives PyTorch 1.13's values and gradients, non-finite inputs included, in
 * float64 and float32; the plain softplus is untouched. The expected values were computed with
 * {@code /usr/bin/python3}: {@code y = F.softplus(x, beta=beta, threshold=threshold); g, =
 * torch.autograd.grad(y.sum(), x)} for {@code x = torch.tensor(X, dtype=dt, requires_grad=True)}.
 */
class SoftplusParametersTest {

    private static final double INF = Double.POSITIVE_INFINITY;
    private static final double NAN = Double.NaN;
    private static final double[] X = {-1000.0, -30.0, -2.0, -0.5, 0.0, 0.5, 2.0, 9.0, 10.0, 10.5, 30.0, 1000.0, INF,
        -INF, NAN};

    private record Case(double beta, double threshold, DType dtype, double[] y, double[] g) {
    }

    private static final List<Case> CASES = List.of(
            new Case(2.0, 20.0, DType.FLOAT64,
                    new double[] {0.0, 4.37825538134826e-27, 0.009074963958904869, 0.15663084375911143,
                        0.34657359027997264, 0.6566308437591114, 2.0090749639589047, 9.00000000761499,
                        10.000000001030577, 10.5, 30.0, 1000.0, INF, 0.0, NAN},
                    new double[] {0.0, 8.75651076269652e-27, 0.017986209962091555, 0.2689414213699951, 0.5,
                        0.7310585786300049, 0.9820137900379085, 0.9999999847700205, 0.9999999979388464, 1.0, 1.0,
                        1.0, 1.0, 0.0, NAN}),
            new Case(2.0, 20.0, DType.FLOAT32,
                    new double[] {0.0, 4.37825544636038e-27, 0.009074964560568333, 0.15663084387779236,
                        0.3465735912322998, 0.65663081407547, 2.0090749263763428, 9.0, 10.0, 10.5, 30.0, 1000.0, INF,
                        0.0, NAN},
                    new double[] {0.0, 8.75651089272076e-27, 0.01798621006309986, 0.2689414322376251, 0.5,
                        0.7310585975646973, 0.9820137619972229, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, NAN}),
            new Case(0.5, 1.0, DType.FLOAT64,
                    new double[] {1.4249152813482571e-217, 6.11804547427441e-07, 0.6265233750364457,
                        1.1518788397576871, 1.3862943611198906, 1.6518788397576871, 2.6265233750364456, 9.0, 10.0,
                        10.5, 30.0, 1000.0, INF, 0.0, NAN},
                    new double[] {7.124576406741286e-218, 3.059022269256247e-07, 0.2689414213699951,
                        0.4378234991142019, 0.5, 0.5621765008857981, 0.7310585786300049, 1.0, 1.0, 1.0, 1.0, 1.0,
                        1.0, 0.0, NAN}),
            new Case(0.5, 1.0, DType.FLOAT32,
                    new double[] {0.0, 6.118045234870806e-07, 0.6265233755111694, 1.151878833770752,
                        1.3862943649291992, 1.651878833770752, 2.62652325630188, 9.0, 10.0, 10.5, 30.0, 1000.0, INF,
                        0.0, NAN},
                    new double[] {0.0, 3.0590220490012143e-07, 0.2689414322376251, 0.43782350420951843, 0.5,
                        0.562176525592804, 0.7310585975646973, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, NAN}),
            // a negative beta: the identity where -x > 20, -0.0 where beta x -> -inf
            new Case(-1.0, 20.0, DType.FLOAT64,
                    new double[] {-1000.0, -30.0, -2.1269280110429727, -0.9740769841801067, -0.6931471805599453,
                        -0.4740769841801067, -0.1269280110429725, -0.00012340218972325883, -4.539889921686465e-05,
                        -2.7536070228685513e-05, -9.357622968839737e-14, -0.0, -0.0, -INF, NAN},
                    new double[] {1.0, 1.0, 0.8807970779778824, 0.6224593312018546, 0.5, 0.37754066879814546,
                        0.11920292202211755, 0.00012339457598623172, 4.5397868702434395e-05, 2.753569111458347e-05,
                        9.3576229688393e-14, 0.0, 0.0, 1.0, NAN}),
            new Case(1.0, 20.0, DType.FLOAT64,
                    new double[] {0.0, 9.357622968839737e-14, 0.1269280110429725, 0.4740769841801067,
                        0.6931471805599453, 0.9740769841801067, 2.1269280110429727, 9.000123402189724,
                        10.000045398899218, 10.50002753607023, 30.0, 1000.0, INF, 0.0, NAN},
                    new double[] {0.0, 9.3576229688393e-14, 0.11920292202211755, 0.37754066879814546, 0.5,
                        0.6224593312018546, 0.8807970779778824, 0.9998766054240138, 0.9999546021312976,
                        0.9999724643088854, 1.0, 1.0, 1.0, 0.0, NAN}),
            new Case(1.0, 20.0, DType.FLOAT32,
                    new double[] {0.0, 9.357622912219837e-14, 0.12692800164222717, 0.4740769863128662,
                        0.6931471824645996, 0.9740769863128662, 2.1269280910491943, 9.000123023986816,
                        10.000045776367188, 10.500027656555176, 30.0, 1000.0, INF, 0.0, NAN},
                    new double[] {0.0, 9.357622912219837e-14, 0.11920291930437088, 0.3775406777858734, 0.5,
                        0.622459352016449, 0.8807970881462097, 0.9998766183853149, 0.9999545812606812,
                        0.9999724626541138, 1.0, 1.0, 1.0, 0.0, NAN}));

    /** Within 4 ulps of the dtype; zeros (with their sign), infinities and NaN exactly. */
    private static void assertClose(double expected, double actual, DType dtype, String what) {
        if (!Double.isFinite(expected) || expected == 0) {
            assertEquals(expected, actual, what);
        } else {
            double ulp = dtype == DType.FLOAT32 ? Math.ulp((float) expected) : Math.ulp(expected);
            assertTrue(Math.abs(actual - expected) <= 4 * ulp, what + ": expected " + expected + ", got " + actual);
        }
    }

    @Test
    void valuesAndGradientsMatchPyTorch() {
        for (Case c : CASES) {
            Node x = SourceOp.input("x", Shape.of(X.length), c.dtype());
            Node y = x.softplus(c.beta(), c.threshold());
            List<Tensor> out = Function.of(List.of(x), List.of(y, Autodiff.grad(y.sum(), x)))
                    .call(Tensor.of(c.dtype(), Shape.of(X.length), X));
            for (int i = 0; i < X.length; i++) {
                String at = "softplus(" + X[i] + ", " + c.beta() + ", " + c.threshold() + ") " + c.dtype();
                assertClose(c.y()[i], out.get(0).flat(i), c.dtype(), at);
                assertClose(c.g()[i], out.get(1).flat(i), c.dtype(), "d/dx " + at);
            }
        }
    }

    @Test
    void betaOneWithoutAThresholdIsThePlainSoftplusNode() {
        Node x = SourceOp.input("x", Shape.of(3));
        assertEquals(new UnaryOp.Softplus(), x.softplus(1, Double.POSITIVE_INFINITY).op());
        assertEquals(new UnaryOp.Softplus(), x.softplus().op(), "the plain form is still the primitive");
    }

    @Test
    void anEmptyTensorGivesAnEmptyResult() {
        Node x = SourceOp.input("x", Shape.of(0, 3), DType.FLOAT32);
        Tensor y = Function.of(List.of(x), List.of(x.softplus(2, 20))).call(Tensor.of(DType.FLOAT32, Shape.of(0, 3)))
                .get(0);
        assertEquals(Shape.of(0, 3), y.shape());
        assertSame(DType.FLOAT32, y.dtype());
    }

    @Test
    void badParametersAndOperandsAreRefusedUnderSoftplusName() {
        Node x = SourceOp.input("x", Shape.of(3));
        assertEquals("softplus: beta must be finite and nonzero and threshold not NaN, got beta 0.0 and threshold 20.0",
                assertThrows(IllegalArgumentException.class, () -> x.softplus(0, 20)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> x.softplus(Double.NaN, 20));
        assertThrows(IllegalArgumentException.class, () -> x.softplus(1, Double.NaN));
        Node i = SourceOp.input("i", Shape.of(3), DType.INT64);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> i.softplus(2, 20)).getMessage()
                .startsWith("softplus: operand must be"));
    }
}
