package dev.adjoint.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Small versions of the examples that run in CI (Fashion-MNIST, fitting and the optimizer table do not). */
class ExamplesTest {

    /**
     * The tutorial prints its gradients as math beside their numbers: the linear unit's loss and gradient, the
     * dense layer, and the two-layer network's gradient as Autodiff built it beside the notes' hand derivation,
     * which agree in numbers; it fits the line and learns XOR.
     */
    @Test
    void tutorialPrintsItsGradientsAsMathBesideTheirNumbersAndLearns() {
        String out = captured(() -> Tutorial.main(new String[0]));
        for (String block : List.of("""
                the loss and its gradient as math (N is the number of rows):
                r = x·w + b − y
                L = (Σ r²) / N
                t1 = (1 / N)·r
                t2 = t1 + t1
                dw = Σ (t2 ⊙ x)
                db = Σ t2
                """, """
                a = σ(x·[[0.5, −1, 0.25], [1, 0.5, −0.5]] + [0, 0.1, −0.1])
                """, """
                the gradient as Autodiff built it, printed as math after the compiler's simplifications:
                t1 = (−1) / N
                a1 = σ(x·W1 + b1)
                a2 = σ(a1·W2 + b2)
                t2 = 1 − a2
                dz2 = (−(t1·(1 − y)) / t2 + (t1·y) / a2) ⊙ (a2 ⊙ t2)
                dW2 = a1ᵀ·dz2
                db2 = Σ_N dz2
                dz1 = (dz2·W2ᵀ) ⊙ (a1 ⊙ (1 − a1))
                dW1 = xᵀ·dz1
                db1 = Σ_N dz1
                the hand derivation of the notes, with m = 4 examples as rows:
                a1 = σ(x·W1 + b1)
                a2 = σ(a1·W2 + b2)
                dz2 = (a2 − y) / 4
                dW2 = a1ᵀ·dz2
                db2 = Σ_N dz2
                dz1 = (dz2·W2ᵀ) ⊙ a1 ⊙ (1 − a1)
                dW1 = xᵀ·dz1
                db1 = Σ_N dz1
                dL/dW2 symbolic f64[4, 1] [[""")) {
            assertTrue(out.contains(block), "the tutorial must print\n" + block + "\ngot:\n" + out);
        }
        Matcher fitted = Pattern.compile("fitted w = ([0-9.]+), b = ([0-9.]+)").matcher(out);
        assertTrue(fitted.find(), out);
        assertEquals(3.0, Double.parseDouble(fitted.group(1)), 0.15);
        assertEquals(2.0, Double.parseDouble(fitted.group(2)), 0.15);
        assertTrue(out.contains("a = f64[4, 3] "), "the dense layer's 3 units on the 4 rows of XOR");
        Matcher difference = Pattern.compile("largest difference over all four gradients: (\\S+)").matcher(out);
        assertTrue(difference.find(), out);
        assertTrue(Double.parseDouble(difference.group(1)) < 1e-12, "symbolic and hand-derived gradients differ by "
                + difference.group(1));
        assertTrue(out.contains("RESULT tutorial xor_accuracy=1.0000"), "XOR learned:\n" + out);
    }

    /** What {@code run} prints. */
    private static String captured(Runnable run) {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            run.run();
        } finally {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
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

    /**
     * A smoke version of {@link FashionMnistCnn}: its network learns, while training, to tell 64 images bright in the
     * top half from images bright in the bottom half (left-right flips, its augmentation, do not change the class).
     */
    @Test
    void theFashionMnistCnnLearnsAToyImageTask() {
        dev.adjoint.nn.data.Dataset toy = brightHalves(64, 3);
        dev.adjoint.nn.model.Sequential model = FashionMnistCnn.model(16);
        dev.adjoint.nn.model.History history = model.fit(toy.x(), toy.y(), dev.adjoint.nn.model.FitOptions.defaults()
                .epochs(4).batchSize(16).verbosity(Verbosity.SILENT));
        // training accuracy: 16 steps leave batch normalization's moving averages (momentum 0.99) near their start
        assertTrue(history.last("sparse_categorical_accuracy") >= 0.9, history.toString());
        assertTrue(history.last("loss") < 0.5 * history.metric("loss").get(0), history.toString());
    }

    /** {@code n} 28x28 images, class 0 bright in the top half, class 1 in the bottom half, with noise. */
    private static dev.adjoint.nn.data.Dataset brightHalves(int n, long seed) {
        double[] pixels = new double[n * 28 * 28];
        double[] labels = new double[n];
        java.util.Random random = new java.util.Random(seed);
        for (int k = 0; k < n; k++) {
            labels[k] = k % 2;
            for (int p = 0; p < 28 * 28; p++) {
                boolean top = p < 14 * 28;
                pixels[k * 784 + p] = 0.3 * random.nextDouble() + ((top == (k % 2 == 0)) ? 0.6 : 0.0);
            }
        }
        return new dev.adjoint.nn.data.Dataset(dev.adjoint.core.tensor.Tensor.of(
                dev.adjoint.core.tensor.Shape.of(n, 28, 28), pixels), dev.adjoint.core.tensor.Tensor.vector(labels));
    }

    /**
     * A smoke version of {@link SequentialFashionMnist}: a small LSTM reading 28x28 images row by row learns
     * whether the top or the bottom half was bright, which it must remember across 14 rows, and is tested on
     * images it did not see.
     */
    @Test
    void anLstmReadingImagesRowByRowLearnsWhichHalfWasBright() {
        double[] result = SequentialFashionMnist.run(() -> dev.adjoint.nn.layer.LSTM.of(16), brightHalves(96, 4),
                brightHalves(64, 5), 6, 16, Verbosity.SILENT);
        assertTrue(result[0] >= 0.9, "test accuracy " + result[0] + " (chance is 0.5)");
        assertTrue(result[1] > 0, "seconds per epoch " + result[1]);
    }

    @Test
    void aGruReadingTheDigitsRowByRowLearnsWithinThreeEpochs() {
        double accuracy = SequentialDigits.run(SequentialDigits.recurrent(dev.adjoint.nn.layer.GRU.of(64)), 3,
                Verbosity.SILENT);
        assertTrue(accuracy >= 0.5, "accuracy " + accuracy + " (chance is 0.1)");
    }

    @Test
    void aHandWrittenLoopFromTheTrainStepLearnsTheDigits() {
        double accuracy = CustomLoop.run(8, false);
        assertTrue(accuracy > 0.93, "accuracy " + accuracy);
    }

    @Test
    void aShortTunerSearchFindsAGoodDigitsModel(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        double[] result = TunerDigits.run("random", 3, 6, dir, false);
        assertEquals(3, result[1]);
        assertTrue(result[0] > 0.9, "best validation accuracy " + result[0]);
        assertTrue(result[2] > 0.9, "test accuracy of the best model " + result[2]);
    }

    /** Without {@code --dir} the example's temporary directory goes when the search ends, after a failure too. */
    @Test
    void theTunerExampleDeletesTheTemporaryDirectoryItMade(@TempDir Path parent) throws IOException {
        double[] result = TunerDigits.runInTemporaryDirectory(parent, "random", 1, 1, false);
        assertEquals(1, result[1]);
        try (Stream<Path> left = Files.list(parent)) {
            assertEquals(List.of(), left.toList());
        }
        assertThrows(IllegalArgumentException.class, () -> TunerDigits.runInTemporaryDirectory(parent, "nope", 1, 1,
                false));
        try (Stream<Path> left = Files.list(parent)) {
            assertEquals(List.of(), left.toList());
        }
    }

    /**
     * When the search fails and the temporary directory then cannot be deleted (here it is gone already), the
     * search's exception is the one thrown, the deletion's suppressed in it; after a search that succeeded, the
     * deletion's is thrown.
     */
    @Test
    void aFailedDeletionDoesNotHideTheSearchsException(@TempDir Path parent) {
        IllegalStateException searchFailed = new IllegalStateException("search failed");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TunerDigits.inTemporaryDirectory(
                parent, dir -> {
                    removeDirectory(dir);
                    throw searchFailed;
                }));
        assertSame(searchFailed, e);
        assertEquals(1, e.getSuppressed().length);
        assertInstanceOf(NoSuchFileException.class, e.getSuppressed()[0]);
        NoSuchFileException deletion = assertThrows(NoSuchFileException.class,
                () -> TunerDigits.inTemporaryDirectory(parent, dir -> {
                    removeDirectory(dir);
                    return "done";
                }));
        assertTrue(deletion.getMessage().contains("adjoint-tuner"), deletion.getMessage());
    }

    private static void removeDirectory(Path dir) {
        try {
            Files.delete(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void correctingForLabelShiftBeatsTheUncorrectedModelOnTheShiftedDigits() {
        double[] label = ShiftDigits.labelShift(40, false);
        assertTrue(label[0] < 0.1, "L1 error of the estimated label distribution " + label[0]);
        assertTrue(label[2] > label[1] + 0.01, "re-weighted " + label[2] + " vs uncorrected " + label[1]);
        assertTrue(label[3] > label[1] + 0.01, "class-weighted " + label[3] + " vs uncorrected " + label[1]);
    }

    @Test
    void importanceWeightingBeatsTheUnweightedMisspecifiedModelUnderCovariateShift() {
        for (long seed = 0; seed < 2; seed++) {
            double[] f = ShiftDigits.covariateShift(seed, 40);
            assertTrue(f[0] > 0.8, "seed " + seed + ": domain classifier AUC " + f[0]);
            assertTrue(f[2] > 0.5 && f[2] < 5, "seed " + seed + ": mean estimated ratio " + f[2]);
            assertTrue(f[6] > f[5] + 0.02, "seed " + seed + ": row profile weighted " + f[6] + " vs plain " + f[5]);
        }
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
