package dev.adjoint.nn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.loss.Loss;
import dev.adjoint.nn.loss.MeanAbsoluteError;
import dev.adjoint.nn.loss.MeanSquaredError;
import dev.adjoint.optim.Sgd;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The per-output losses {@code <output>_loss} of a model of several outputs take the sample weights, as Keras 3's
 * {@code compile_loss} computes each output's loss with them before its loss weight, so that
 * {@code loss = Σ_k w_k <output>_loss} in {@code evaluate}, {@code fit} and the {@code val_} keys. The model holds
 * fixed weights; the expected values are NumPy's (see {@link #X}).
 */
class PerOutputLossWeightsTest {

    /**
     * The data. The reference, with {@code p1 = X @ [0.5, -0.25, 0.1] + 0.2}, {@code p2 = X @ [-0.3, 0.4, 0.6] - 0.15}
     * and weights {@code s}: {@code r1 = np.mean(s * (p1 - y1)**2)}, {@code r2 = np.mean(s * np.abs(p2 - y2))}.
     */
    private static final Tensor X = Tensor.of(Shape.of(4, 3), 1, 0, 2, 0, 1, -1, 2, 1, 0, -1, 3, 1);
    private static final Tensor Y1 = Tensor.vector(1, 2, 3, 4);
    private static final Tensor Y2 = Tensor.vector(-1, 0, 1, 2);
    private static final FitOptions QUIET = FitOptions.defaults().verbosity(Verbosity.SILENT).epochs(1);

    /** The prober's model (outputs r1 with MSE, r2 with MAE) with fixed weights, trained at rate 0. */
    private static Functional model(double w1, double w2) {
        Functional f = new Functional(List.of(Functional.Input.of("x", 3)), List.of("r1", "r2"), DType.FLOAT64, 1,
                (in, layers) -> List.of(layers.apply(Dense.of(1), in.get(0)), layers.apply(Dense.of(1), in.get(0))));
        f.compile(Sgd.defaults().withLearningRate(0), Map.<String, Loss>of("r1", new MeanSquaredError(), "r2",
                new MeanAbsoluteError()), Map.of("r1", w1, "r2", w2), Map.of());
        f.setWeights(Map.of("dense/kernel", Tensor.of(Shape.of(3, 1), 0.5, -0.25, 0.1),
                "dense/bias", Tensor.vector(0.2),
                "dense_1/kernel", Tensor.of(Shape.of(3, 1), -0.3, 0.4, 0.6),
                "dense_1/bias", Tensor.vector(-0.15)));
        return f;
    }

    @Test
    void evaluateWeighsEachOutputsLossSoTheyAddUpToTheLoss() {
        Map<String, Double> prober = model(1, 1).evaluate(List.of(X), List.of(Y1, Y2), Tensor.vector(0, 0, 0, 4),
                32);
        assertEquals(24.5025, prober.get("r1_loss"), 1e-12); // NumPy, s = [0, 0, 0, 4]
        assertEquals(0.05, prober.get("r2_loss"), 1e-12);
        assertEquals(24.5525, prober.get("loss"), 1e-12);

        Tensor s = Tensor.vector(0.5, 0, 1, 4);
        for (int batch : new int[] {32, 3}) {
            Map<String, Double> result = model(2, 0.5).evaluate(List.of(X), List.of(Y1, Y2), s, batch);
            assertEquals(25.554375, result.get("r1_loss"), 1e-12); // NumPy, s = [0.5, 0, 1, 4]
            assertEquals(0.60625, result.get("r2_loss"), 1e-12);
            assertEquals(2 * 25.554375 + 0.5 * 0.60625, result.get("loss"), 1e-12);
        }
    }

    @Test
    void unweightedEvaluateIsUnchanged() {
        Map<String, Double> result = model(1, 1).evaluate(List.of(X), List.of(Y1, Y2), 32);
        // NumPy, s = [1, 1, 1, 1]: np.mean((p1 - y1)**2), np.mean(np.abs(p2 - y2))
        assertEquals(8.334375, result.get("r1_loss"), 1e-12);
        assertEquals(0.875, result.get("r2_loss"), 1e-12);
        assertEquals(8.334375 + 0.875, result.get("loss"), 1e-12);
    }

    @Test
    void fitAndValidationWeighEachOutputsLossAsTheLoss() {
        Functional f = model(2, 0.5);
        History h = f.fit(List.of(X), List.of(Y1, Y2), QUIET.batchSize(1).validationSplit(0.5)
                .sampleWeights(Tensor.vector(0.5, 0, 1, 4)));
        // NumPy on the training rows 0..1 (s = [0.5, 0]) and the held-out rows 2..3 (s = [1, 4]), rate 0
        assertEquals(0.0025, h.metric("r1_loss").get(0), 1e-12);
        assertEquals(0.4375, h.metric("r2_loss").get(0), 1e-12);
        assertEquals(2 * 0.0025 + 0.5 * 0.4375, h.metric("loss").get(0), 1e-12);
        assertEquals(51.10625, h.metric("val_r1_loss").get(0), 1e-12);
        assertEquals(0.775, h.metric("val_r2_loss").get(0), 1e-12);
        assertEquals(2 * 51.10625 + 0.5 * 0.775, h.metric("val_loss").get(0), 1e-12);
    }
}
