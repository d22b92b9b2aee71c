package dev.adjoint.nn.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.activation.Linear;
import dev.adjoint.nn.layer.ActivationLayer;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.loss.MeanSquaredError;
import dev.adjoint.nn.model.FitOptions;
import dev.adjoint.nn.model.History;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.optim.Sgd;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Keras's {@code RootMeanSquaredError}: the square root of the mean squared error over all data seen, not the
 * mean of the batches' values, against hand-computed values and one computed with NumPy.
 */
class RootMeanSquaredErrorTest {

    private static final RootMeanSquaredError RMSE = new RootMeanSquaredError();

    private static Tensor counts(Tensor y, Tensor p) {
        Node t = SourceOp.input("y", y.shape().with(0, Shape.BATCH));
        Node q = SourceOp.input("p", p.shape().with(0, Shape.BATCH));
        return Function.of(List.of(t, q), List.of(RMSE.counts(t, q))).call(y, p).get(0);
    }

    private static double value(Tensor y, Tensor p) {
        Node t = SourceOp.input("y", y.shape().with(0, Shape.BATCH));
        Node q = SourceOp.input("p", p.shape().with(0, Shape.BATCH));
        return Function.of(List.of(t, q), List.of(RMSE.apply(t, q))).call(y, p).get(0).item();
    }

    private static double fromCounts(double... c) {
        Node n = SourceOp.input("c", Shape.of(c.length), DType.FLOAT64);
        return Function.of(List.of(n), List.of(RMSE.fromCounts(n))).call(Tensor.vector(c)).get(0).item();
    }

    @Test
    void oneBatchIsTheSquareRootOfTheMeanSquaredError() {
        // errors 1, 1, 4: sqrt((1 + 1 + 16) / 3) = sqrt(6)
        assertEquals(Math.sqrt(6), value(Tensor.of(Shape.of(3, 1), 2, 4, 6), Tensor.of(Shape.of(3, 1), 1, 3, 2)),
                1e-15);
        // Keras's documented example: [[0, 1], [0, 0]] against [[1, 1], [0, 0]], one error of 1 in 4 values
        assertEquals(0.5, value(Tensor.of(Shape.of(2, 2), 0, 1, 0, 0), Tensor.of(Shape.of(2, 2), 1, 1, 0, 0)), 1e-15);
        // targets [N] against predictions [N, 1], as the losses take them
        assertEquals(Math.sqrt(6), value(Tensor.vector(2, 4, 6), Tensor.of(Shape.of(3, 1), 1, 3, 2)), 1e-15);
        assertEquals(0.0, fromCounts(0, 0), "nothing counted: 0, as Keras's Mean");
    }

    @Test
    void unequalBatchesAddTheirSquaredErrorsNotTheirRoots() {
        // batches of 1 and 3 examples, squared errors 4 | 0, 0, 0
        Tensor a = counts(Tensor.of(Shape.of(1, 1), 0), Tensor.of(Shape.of(1, 1), 2));
        Tensor b = counts(Tensor.of(Shape.of(3, 1), 1, 2, 3), Tensor.of(Shape.of(3, 1), 1, 2, 3));
        assertEquals(List.of(4.0, 1.0), List.of(a.flat(0), a.flat(1)));
        assertEquals(List.of(0.0, 3.0), List.of(b.flat(0), b.flat(1)));
        assertEquals(1.0, fromCounts(a.flat(0) + b.flat(0), a.flat(1) + b.flat(1)), 1e-15);
        // the mean of the batches' values weighted by their rows would be (1 * 2 + 3 * 0) / 4
        assertNotEquals(0.5, fromCounts(a.flat(0) + b.flat(0), a.flat(1) + b.flat(1)));
    }

    @Test
    void aMaskWeighsEachPositionAndMaskedPositionsCountForNothing() {
        // predictions [2, 3, 1], mask [2, 3]: valid squared errors 1, 4 | 9; the masked ones (100) do not count
        Node t = SourceOp.input("y", Shape.of(Shape.BATCH, 3, 1));
        Node q = SourceOp.input("p", Shape.of(Shape.BATCH, 3, 1));
        Node m = SourceOp.input("mask", Shape.of(Shape.BATCH, 3));
        Tensor c = Function.of(List.of(t, q, m), List.of(RMSE.counts(t, q, m))).call(
                Tensor.of(Shape.of(2, 3, 1), 0, 0, 0, 0, 0, 0), Tensor.of(Shape.of(2, 3, 1), 1, 2, 10, 3, 10, 10),
                Tensor.of(Shape.of(2, 3), 1, 1, 0, 1, 0, 0)).get(0);
        assertEquals(List.of(14.0, 3.0), List.of(c.flat(0), c.flat(1)));
        assertEquals(Math.sqrt(14.0 / 3), fromCounts(c.flat(0), c.flat(1)), 1e-15);
    }

    /** y = sin(i), p = cos(1.3 i) for i = 0 .. 21 as [11, 2]; values from NumPy. */
    @Test
    void evaluationOverUnequalBatchesMatchesNumPyOverAllData() {
        double[] y = new double[22];
        double[] p = new double[22];
        for (int i = 0; i < 22; i++) {
            y[i] = Math.sin(i);
            p[i] = Math.cos(1.3 * i);
        }
        Tensor yt = Tensor.of(Shape.of(11, 2), y);
        Tensor pt = Tensor.of(Shape.of(11, 2), p);
        double numpy = 1.0056884523043559;        // np.sqrt(np.mean((p - y) ** 2))
        double meanOfBatches = 0.9764724030106205; // batches of 4, 4, 3, their RMSEs weighted by rows
        assertEquals(numpy, value(yt, pt), 1e-14);
        // an identity model predicts its input, so evaluate sees p as the predictions
        Sequential model = new Sequential(Shape.of(2), DType.FLOAT64, 1);
        model.add(ActivationLayer.of(new Linear()));
        model.compile(Sgd.defaults(), new MeanSquaredError(), RMSE, Metrics.byName("mse"));
        for (int batch : new int[] {4, 3, 1, 11, 100}) {
            Map<String, Double> result = model.evaluate(pt, yt, batch);
            assertEquals(numpy, result.get("root_mean_squared_error"), 1e-14, "batch size " + batch);
            assertEquals(result.get("mse"), Math.pow(result.get("root_mean_squared_error"), 2), 1e-14,
                    "its square is the mse metric");
        }
        assertTrue(Math.abs(meanOfBatches - numpy) > 0.02, "the two readings differ for this data");
    }

    @Test
    void fitLogsItUnderKerasNameWithTheValidationPrefix() {
        Sequential model = new Sequential(Shape.of(2), DType.FLOAT64, 1);
        model.add(Dense.of(1));
        model.compile(Sgd.defaults(), new MeanSquaredError(), Metrics.byName("root_mean_squared_error"));
        Tensor x = Tensor.of(Shape.of(6, 2), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        Tensor y = Tensor.of(Shape.of(6, 1), 1, 0, 1, 0, 1, 0);
        History h = model.fit(x, y, FitOptions.defaults().epochs(2).batchSize(4).validationData(x, y)
                .verbosity(dev.adjoint.nn.model.Verbosity.SILENT));
        assertTrue(h.names().contains("root_mean_squared_error"), h.names().toString());
        assertTrue(h.names().contains("val_root_mean_squared_error"), h.names().toString());
        assertEquals(Math.sqrt(model.evaluate(x, y).get("loss")), model.evaluate(x, y).get("root_mean_squared_error"),
                1e-12, "the loss is the mse of the same data");
    }

    @Test
    void kerasIdentifiersAndDirection() {
        assertEquals(RMSE, Metrics.byName("root_mean_squared_error"));
        assertInstanceOf(RootMeanSquaredError.class, Metrics.byName("RootMeanSquaredError"));
        assertEquals("root_mean_squared_error", Metrics.byName("RootMeanSquaredError").name(),
                "a counting metric keeps its own name");
        assertFalse(Metrics.names().contains("rmse"), "Keras 3 has no rmse alias");
    }
}
