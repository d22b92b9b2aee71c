package dev.adjoint.nn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.Blobs;
import dev.adjoint.nn.activation.Relu;
import dev.adjoint.nn.activation.Sigmoid;
import dev.adjoint.nn.activation.Tanh;
import dev.adjoint.nn.init.Constant;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.loss.MeanSquaredError;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.metric.SparseCategoricalAccuracy;
import dev.adjoint.nn.regularizer.L2;
import dev.adjoint.optim.Schedule;
import dev.adjoint.optim.Sgd;
import org.junit.jupiter.api.Test;
import java.util.List;

class TrainingBehaviourTest {

    @Test
    void constantInitializationKeepsAllHiddenUnitsIdentical() {
        // With every weight equal, every hidden unit computes the same function and receives the same
        // gradient, so training can never tell them apart: the symmetry is never broken.
        Tensor[] data = Blobs.of(60, 1);
        Sequential model = new Sequential(Shape.of(2), DType.FLOAT64, 0);
        model.add(Dense.of(5, new Tanh()).kernelInitializer(new Constant(0.3)));
        model.add(Dense.of(3).kernelInitializer(new Constant(0.3)));
        model.compile(Sgd.defaults().withLearningRate(Schedule.constant(0.1)),
                new SparseCategoricalCrossEntropy(true), new SparseCategoricalAccuracy());
        model.fit(data[0], data[1], FitOptions.defaults().epochs(5).batchSize(10).verbosity(Verbosity.SILENT));
        Tensor w1 = model.weights().get("dense/kernel");
        assertTrue(Math.abs(w1.get(0, 0) - 0.3) > 1e-3, "the weights did change");
        for (int unit = 1; unit < 5; unit++) {
            for (int in = 0; in < 2; in++) {
                assertEquals(w1.get(in, 0), w1.get(in, unit), 0.0, "unit " + unit + " equals unit 0");
            }
        }
        Sequential glorot = new Sequential(Shape.of(2), DType.FLOAT64, 0);
        glorot.add(Dense.of(5, new Tanh()));
        assertTrue(glorot.weights().get("dense/kernel").get(0, 0) != glorot.weights().get("dense/kernel").get(0, 1),
                "random initialization breaks the symmetry");
    }

    @Test
    void theL2PenaltyAddsLambdaTimesWToTheGradient() {
        double lambda = 0.37;
        Architecture arch = (x, layers) -> layers.apply(Dense.of(3).kernelRegularizer(new L2(lambda)), x);
        ForwardGraph graph = ForwardGraph.build(arch, Shape.of(Shape.BATCH, 4), DType.FLOAT64, false, null);
        Node y = SourceOp.input("y", Shape.of(Shape.BATCH, 3));
        Node w = graph.params().get("dense/kernel");
        Node data = new MeanSquaredError().apply(y, graph.output());
        Node objective = Objective.of(new MeanSquaredError()).withPenalties(y, graph);
        Node difference = Autodiff.grad(objective, w).sub(Autodiff.grad(data, w));
        Tensor wValue = Tensor.normal(Key.of(1), DType.FLOAT64, Shape.of(4, 3), 0, 1);
        List<Tensor> out = Function.of(List.of(graph.input(), y, w, graph.params().get("dense/bias")),
                List.of(difference)).call(Tensor.normal(Key.of(2), DType.FLOAT64, Shape.of(6, 4), 0, 1),
                Tensor.normal(Key.of(3), DType.FLOAT64, Shape.of(6, 3), 0, 1), wValue, Tensor.zeros(Shape.of(3)));
        for (int i = 0; i < 12; i++) {
            assertEquals(lambda * wValue.flat(i), out.get(0).flat(i), 1e-12);
        }
    }

    @Test
    void theTrainingStepIsOneCompiledFunctionUsableByHand() {
        Tensor[] data = Blobs.of(90, 2);
        Sequential model = new Sequential(Shape.of(2), DType.FLOAT64, 1);
        model.add(Dense.of(8, new Relu()));
        model.add(Dense.of(3));
        model.compile(Sgd.defaults().withLearningRate(Schedule.constant(0.2)),
                new SparseCategoricalCrossEntropy(true), new SparseCategoricalAccuracy());
        TrainStep step = model.trainStep(Shape.of(Shape.BATCH));
        ModelState state = model.state();
        double first = Double.NaN;
        double last = Double.NaN;
        for (int epoch = 0; epoch < 20; epoch++) {
            for (int from = 0; from < 90; from += 30) {
                TrainStep.Result r = step.apply(state, data[0].rowRange(from, from + 30),
                        data[1].rowRange(from, from + 30), Key.of(epoch), 1.0);
                assertTrue(r.state() != state && r.state().step() == state.step() + 1);
                state = r.state();
                first = Double.isNaN(first) ? r.loss() : first;
                last = r.loss();
            }
        }
        assertTrue(last < first / 4, "the loss fell from " + first + " to " + last);
        assertEquals(0, model.state().step(), "the model itself was not touched by the hand-written loop");
        model.setState(state);
        assertTrue(model.evaluate(data[0], data[1]).get("sparse_categorical_accuracy") > 0.95);
    }

    @Test
    void aFunctionalModelSharesLayersAndAddsSkipConnections() {
        Dense shared = Dense.of(4, new Sigmoid());
        Functional model = new Functional(Shape.of(4), DType.FLOAT64, 2, (x, layers) -> {
            Node h = layers.apply(shared, x);
            Node g = layers.apply(shared, h);
            return layers.apply(Dense.of(1), h.add(g));
        });
        assertEquals(4 * 4 + 4 + 4 + 1, model.parameterCount(), "the shared layer's weights count once");
        assertEquals(2, model.layers().size());
        Tensor x = Tensor.normal(Key.of(4), DType.FLOAT64, Shape.of(32, 4), 0, 1);
        double[] t = new double[32];
        for (int i = 0; i < 32; i++) {
            t[i] = x.get(i, 0) - x.get(i, 1);
        }
        Tensor y = Tensor.of(Shape.of(32, 1), t);
        model.compile(dev.adjoint.optim.Adam.defaults().withLearningRate(Schedule.constant(0.05)),
                new MeanSquaredError());
        double before = model.evaluate(x, y).get("loss");
        model.fit(x, y, FitOptions.defaults().epochs(100).batchSize(8).verbosity(Verbosity.SILENT));
        double after = model.evaluate(x, y).get("loss");
        assertTrue(after < before / 5, "loss " + before + " -> " + after);
    }
}
