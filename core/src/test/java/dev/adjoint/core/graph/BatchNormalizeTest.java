package dev.adjoint.core.graph;

import static dev.adjoint.core.Contract.rejects;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code batchNormalize} gives PyTorch's {@code F.batch_norm(training=True)} values and gradients, and a compiled
 * plan of a batch normalization with its moving statistics computes each column statistic once. The expected
 * values were printed by PyTorch 1.13 in float64 ({@code torch.autograd.grad(y, (x, gamma, beta), yBar)}).
 */
class BatchNormalizeTest {

    private static final Tensor X = Tensor.of(Shape.of(4, 3), 1.0, -2.0, 0.5, 3.0, 0.0, 0.25, -1.0, 4.0, 0.75, 2.0,
            1.0, -0.5);
    private static final Tensor GAMMA = Tensor.vector(1.5, -0.5, 2.0);
    private static final Tensor BETA = Tensor.vector(0.1, 0.2, -0.3);
    private static final Tensor Y_BAR = Tensor.of(Shape.of(4, 3), 0.3, -1.0, 2.0, 1.0, 0.5, -0.25, -2.0, 0.0, 1.0,
            0.7, 1.5, 0.5);

    @Test
    void valuesAndGradientsArePyTorchs() {
        Node x = SourceOp.input("x", Shape.of(Shape.BATCH, 3));
        Node gamma = SourceOp.input("gamma", Shape.of(3));
        Node beta = SourceOp.input("beta", Shape.of(3));
        Node yBar = SourceOp.input("yBar", Shape.of(Shape.BATCH, 3));
        Node y = x.batchNormalize(gamma, beta, 1e-3);
        List<Node> outputs = new ArrayList<>(List.of(y));
        outputs.addAll(Autodiff.grad(y.mul(yBar).sum(), x, gamma, beta));
        List<Node> inputs = List.of(x, gamma, beta, yBar);
        for (Function f : List.of(Function.of(inputs, outputs), Function.unoptimized(inputs, outputs))) {
            List<Tensor> got = f.call(X, GAMMA, BETA, Y_BAR);
            assertArrayEquals(new double[] {-0.15348834284612756, 0.8350175645138659, 0.7666097823284843,
                1.8744183999228936, 0.3731866085037816, -0.30000000000000004, -2.181395085615149, -0.550475303516387,
                1.8332195646569687, 0.860465028538383, 0.14227113049873946, -3.499829346985453},
                    got.get(0).toDoubleArray(), 1e-15);
            assertArrayEquals(new double[] {0.4981969660725448, 0.19552830280047293, 4.30799929432503,
                -0.34412331121583106, -0.08312415442103227, -4.5330915748960585, -0.28180815085429645,
                0.1677751041536048, -0.7168370067241775, 0.12773449599758246, -0.28017925253304543,
                0.9419292872952059}, got.get(1).toDoubleArray(), 1e-14);
            assertArrayEquals(new double[] {4.528991725517481, 1.2700351290277319, 1.3332622279106054},
                    got.get(2).toDoubleArray(), 1e-14);
            assertArrayEquals(new double[] {0.0, 1.0, 3.25}, got.get(3).toDoubleArray(), 1e-15);
        }
    }

    @Test
    void aCompiledPlanComputesTheStatisticsItsGradientSharesWithTheMovingAveragesOnce() {
        Node x = SourceOp.input("x", Shape.of(4, 5, 3), DType.FLOAT32); // a concrete count: a folded constant
        Node gamma = SourceOp.input("gamma", Shape.of(3), DType.FLOAT32);
        Node beta = SourceOp.input("beta", Shape.of(3), DType.FLOAT32);
        Node y = x.batchNormalize(gamma, beta, 1e-3);
        Node mean = ReduceOp.mean(x, false, 0, 1);
        Node variance = ReduceOp.mean(x.sub(mean).square(), false, 0, 1);
        List<Node> outputs = new ArrayList<>(Autodiff.grad(y.square().sum(), x, gamma, beta));
        outputs.add(mean.stopGradient());
        outputs.add(variance.stopGradient());
        Function f = Function.of(List.of(x, gamma, beta), outputs);
        int sumsOfX = 0;
        for (int i = 0; i < f.plan().size(); i++) {
            Node step = f.plan().step(i);
            String op = step.op().getClass().getSimpleName();
            if ((op.equals("Sum") || op.equals("FusedSum")) && step.inputs().contains(x)) {
                sumsOfX++;
            }
        }
        // the mean's sum and the variance's sum of squares, each once (the gradient's sum of yBar (x - mu)
        // also reads x, so three in all), however many times the graph wrote them
        assertEquals(3, sumsOfX, f.explain());
    }

    @Test
    void badInputIsRefusedNamingTheOpTheRuleAndTheShapes() {
        Node gamma = SourceOp.input("gamma", Shape.of(3));
        Node beta = SourceOp.input("beta", Shape.of(3));
        rejects(IllegalArgumentException.class, () -> SourceOp.input("v", Shape.of(3)).batchNormalize(gamma, beta,
                1e-3), "batchNormalize: x must have rank >= 2 (rows, then the feature axis last), got");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("x", Shape.of(4, 2)).batchNormalize(gamma, beta,
                1e-3), "batchNormalize: gamma must be [2] (one per feature of x [4, 2]), got");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("x", Shape.of(4, 3)).batchNormalize(gamma,
                SourceOp.input("b", Shape.of(1, 3)), 1e-3), "batchNormalize: beta must be [3]");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("x", Shape.of(4, 3)).batchNormalize(gamma, beta,
                -1), "batchNormalize: epsilon must be finite and >= 0, got -1.0");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("x", Shape.of(4, Shape.BATCH))
                .batchNormalize(gamma, beta, 1e-3), "batchNormalize: x's feature axis (the last) must be concrete");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("x", Shape.of(4, 3), DType.INT32)
                .batchNormalize(gamma, beta, 1e-3), "batchNormalize");
    }
}
