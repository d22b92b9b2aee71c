package dev.adjoint.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.check.GradCheck;
import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.loss.MeanSquaredError;
import dev.adjoint.nn.model.Verbosity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Small versions of the examples that run in CI (Fashion-MNIST, fitting and the optimizer table do not). */
class ExamplesTest {

    @Test
    void tutorialFitsTheLineAndLearnsXorWithTheHandDerivedGradient() {
        double[] wb = Tutorial.linearUnit(100, false);
        assertEquals(3.0, wb[0], 0.15);
        assertEquals(2.0, wb[1], 0.15);
        assertEquals(4, Tutorial.denseLayer(false).size() / 3);
        double[] xor = Tutorial.twoLayerXor(3000, false);
        assertTrue(xor[0] < 1e-12, "symbolic and hand-derived gradients differ by " + xor[0]);
        assertEquals(1.0, xor[1], "XOR learned");
    }

    @Test
    void perceptronConvergesOnSeparableDataAndNotOnXor() {
        Perceptron.Outcome setosa = Perceptron.train(Perceptron.setosa().x(), Perceptron.setosa().y(), 100, 0.1);
        assertEquals(0, setosa.lastErrors());
        assertTrue(setosa.epochs() < 100);
        Perceptron.Outcome xor = Perceptron.train(Perceptron.xor().x(), Perceptron.xor().y(), 100, 0.1);
        assertEquals(100, xor.epochs());
        assertTrue(xor.lastErrors() > 0);
        assertEquals(1.0, Perceptron.logisticRegression(Perceptron.setosa(), 30));
        assertTrue(Perceptron.logisticRegression(Perceptron.xor(), 200) <= 0.75);
    }

    @Test
    void diabetesRegressionBeatsPredictingTheMean() {
        Map<String, Double> test = Diabetes.run(new MeanSquaredError(), 60);
        double baseline = Diabetes.baselineMae();
        assertTrue(test.get("mean_absolute_error") < 0.8 * baseline, test + " vs baseline MAE " + baseline);
    }

    @Test
    void digitsReachesNinetySevenPercentOnTheHoldOut() {
        double accuracy = Digits.run(60, Verbosity.SILENT);
        assertTrue(accuracy >= 0.97, "accuracy " + accuracy);
    }

    @Test
    void aHandWrittenLoopFromTheTrainStepLearnsTheDigits() {
        double accuracy = CustomLoop.run(8, false);
        assertTrue(accuracy > 0.93, "accuracy " + accuracy);
    }

    @Test
    void aPhysicsInformedNetworkSolvesTheOdeFromItsResidual() {
        double error = PhysicsInformed.solve(500);
        assertTrue(error < 0.02, "max |u(x) - exp(-x)| = " + error);
    }

    @Test
    void aGaussianProcessFitByItsMarginalLikelihoodBeatsPredictingTheMean() {
        GaussianProcess.Outcome o = GaussianProcess.run(120, 40);
        assertTrue(o.logMarginalLikelihood() > o.initialLogMarginalLikelihood() + 1,
                "log p " + o.initialLogMarginalLikelihood() + " -> " + o.logMarginalLikelihood());
        assertTrue(o.testRmse() < 0.85 * o.meanRmse(), "test RMSE " + o.testRmse() + " vs " + o.meanRmse());
    }

    /**
     * The Cholesky form of log p against the same quantity by LU ({@code solve}, {@code slogdet}), and its
     * gradient with respect to the 13 log hyperparameters against central differences.
     */
    @Test
    void theLogMarginalLikelihoodAgreesWithTheLuFormAndItsGradientWithCentralDifferences() {
        int n = 25;
        int d = 10;
        Node x = SourceOp.input("x", Shape.of(n, d));
        Node y = SourceOp.input("y", Shape.of(n));
        Node theta = SourceOp.input("theta", Shape.of(d + 3));
        Node lml = GaussianProcess.logMarginalLikelihood(x, y, theta);
        Node k = GaussianProcess.covariance(x, theta);
        Node luForm = y.dot(k.solve(y)).mul(-0.5).sub(k.slogdet().logAbsDet().mul(0.5))
                .sub(0.5 * n * Math.log(2 * Math.PI));
        Tensor xv = Tensor.uniform(Key.of(1), DType.FLOAT64, Shape.of(n, d), -2, 2);
        Tensor yv = Tensor.uniform(Key.of(2), DType.FLOAT64, Shape.of(n), -2, 2);
        Tensor thetaV = GaussianProcess.initialTheta(d);
        List<Tensor> both = Function.of(List.of(x, y, theta), List.of(lml, luForm)).call(xv, yv, thetaV);
        assertEquals(both.get(1).item(), both.get(0).item(), 1e-10 * Math.abs(both.get(1).item()));
        GradCheck.check(lml, List.of(theta), Bindings.of(x, xv).and(y, yv).and(theta, thetaV)).assertPassed();
    }
}
