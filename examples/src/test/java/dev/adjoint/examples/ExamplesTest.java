package dev.adjoint.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.nn.loss.MeanSquaredError;
import dev.adjoint.nn.model.Verbosity;
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
    void aGruReadingTheDigitsRowByRowLearnsWithinThreeEpochs() {
        double accuracy = SequentialDigits.run(dev.adjoint.nn.layer.GRU.of(64), 3, Verbosity.SILENT);
        assertTrue(accuracy >= 0.5, "accuracy " + accuracy + " (chance is 0.1)");
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
}
