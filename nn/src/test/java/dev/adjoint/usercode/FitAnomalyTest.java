package dev.adjoint.usercode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.eval.AnomalyException;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.Blobs;
import dev.adjoint.nn.activation.Relu;
import dev.adjoint.nn.activation.Tanh;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.LayerContext;
import dev.adjoint.nn.layer.ParamSpec;
import dev.adjoint.nn.loss.MeanSquaredError;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.metric.SparseCategoricalAccuracy;
import dev.adjoint.nn.model.FitOptions;
import dev.adjoint.nn.model.History;
import dev.adjoint.nn.model.ModelState;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.nn.model.TrainingDivergedException;
import dev.adjoint.nn.model.Verbosity;
import dev.adjoint.optim.Adam;
import dev.adjoint.optim.Schedule;
import dev.adjoint.optim.Sgd;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code FitOptions.detectAnomalies(true)}: the training step checks every value, forward and backward, and
 * the first NaN or infinity stops {@code fit} naming the node, the layer, the user's line, the epoch and the
 * batch, with the model at its last completed step. Outside Adjoint's packages on purpose, so that the custom
 * layer below counts as user code for creation sites.
 */
class FitAnomalyTest {

    private static final FitOptions QUIET = FitOptions.defaults().verbosity(Verbosity.SILENT);

    /** A user's layer: the elementwise square root, whose derivative is infinite at 0. */
    record SquareRoot(String name) implements Layer {
        static final int LINE = 54; // the line of x.sqrt() below

        @Override public String kind() { return "square_root"; }
        @Override public Shape outputShape(Shape input) { return input; }
        @Override public List<ParamSpec> params(Shape input) { return List.of(); }
        @Override public Node apply(Node x, LayerContext context) {
            return x.sqrt();
        }
    }

    private static Sequential withSquareRootOfRelu() {
        Sequential model = new Sequential(Shape.of(2), DType.FLOAT64, 3);
        model.add(Dense.of(8, new Relu()));
        model.add(new SquareRoot("root"));
        model.add(Dense.of(3));
        model.compile(Adam.defaults(), new SparseCategoricalCrossEntropy(true), new SparseCategoricalAccuracy());
        return model;
    }

    @Test
    void aSingularDerivativeInAUsersLayerStopsFitNamingTheLayerTheLineAndTheBatch() {
        Tensor[] data = Blobs.of(30, 1);
        Sequential model = withSquareRootOfRelu();
        ModelState before = model.state();
        AnomalyException e = assertThrows(AnomalyException.class,
                () -> model.fit(data[0], data[1], QUIET.batchSize(10).detectAnomalies(true)));
        assertTrue(e.inGradient(), e.getMessage());
        String m = e.getMessage();
        assertTrue(m.startsWith("fit: epoch 0, batch 0 (the model keeps the weights of its last completed step):"
                + " anomaly: div produced non-finite values"), m);
        assertTrue(m.contains("pass:       backward, in the pullback of "), m);
        assertTrue(m.contains("= sqrt(%"), m);
        assertTrue(m.contains("(created at dev.adjoint.usercode.FitAnomalyTest$SquareRoot.apply(FitAnomalyTest.java:"
                + SquareRoot.LINE + "), in layer 'root')"), m);
        assertTrue(m.contains("created at: "), m);
        assertTrue(m.contains(", in the gradient of the objective"), m);
        assertTrue(m.contains("the derivative of sqrt at 0 is infinite"), m);
        assertSame(before, model.state(), "no step completed, so nothing changed");
        assertTrue(e.getCause() instanceof AnomalyException, "the step's own exception is the cause");
    }

    @Test
    void withoutDetectionTheSameModelDivergesLaterWithoutSayingWhy() {
        Tensor[] data = Blobs.of(30, 1);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> withSquareRootOfRelu().fit(data[0], data[1], QUIET.batchSize(10).epochs(3)));
        assertFalse(e.getMessage().contains("sqrt"), e.getMessage());
    }

    @Test
    void anExplodingRegressionIsStoppedAtTheFirstOverflowWithFiniteWeights() {
        // FitTest's exploding regression: the weights overflow within a few dozen steps.
        Tensor[] data = Blobs.of(30, 6);
        double[] x = data[0].toDoubleArray();
        for (int i = 0; i < x.length; i++) {
            x[i] *= 100;
        }
        Tensor xs = Tensor.of(data[0].shape(), x);
        Tensor y = data[1].reshape(Shape.of(30, 1));
        Sequential model = new Sequential(Shape.of(2), DType.FLOAT64, 0);
        model.add(Dense.of(1));
        model.compile(Sgd.defaults().withLearningRate(Schedule.constant(1e6)), new MeanSquaredError());
        AnomalyException e = assertThrows(AnomalyException.class,
                () -> model.fit(xs, y, QUIET.batchSize(10).epochs(50).detectAnomalies(true)));
        assertTrue(e.getMessage().contains("overflows f64"), e.getMessage());
        assertTrue(e.getMessage().matches("(?s)fit: epoch \\d+, batch \\d+ .*"), e.getMessage());
        model.weights().values().forEach(w -> {
            for (double v : w.toDoubleArray()) {
                assertTrue(Double.isFinite(v), "weights stay finite");
            }
        });
    }

    @Test
    void aHealthyModelTrainsBitIdenticallyWithDetectionOn() {
        Tensor[] data = Blobs.of(60, 2);
        Sequential a = classifier();
        Sequential b = classifier();
        History ha = a.fit(data[0], data[1], QUIET.epochs(2).batchSize(16).validationSplit(0.25).seed(5));
        History hb = b.fit(data[0], data[1], QUIET.epochs(2).batchSize(16).validationSplit(0.25).seed(5)
                .detectAnomalies(true));
        assertEquals(ha.epochs(), hb.epochs());
        a.weights().forEach((name, w) -> assertTrue(w.sameValues(b.weights().get(name)), name));
        assertTrue(b.trainStep(Shape.of(Shape.BATCH), true).function().detectsAnomalies());
        assertFalse(b.trainStep(Shape.of(Shape.BATCH)).function().detectsAnomalies());
    }

    private static Sequential classifier() {
        Sequential model = new Sequential(Shape.of(2), DType.FLOAT32, 1);
        model.add(Dense.of(8, new Tanh()));
        model.add(Dense.of(3));
        model.compile(Adam.defaults().withLearningRate(Schedule.constant(0.01)),
                new SparseCategoricalCrossEntropy(true), new SparseCategoricalAccuracy());
        return model;
    }
}
