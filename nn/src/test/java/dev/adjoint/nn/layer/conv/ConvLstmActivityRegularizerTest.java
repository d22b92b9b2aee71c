package dev.adjoint.nn.layer.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.io.ModelFiles;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.loss.MeanSquaredError;
import dev.adjoint.nn.model.ForwardGraph;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.nn.regularizer.L1;
import dev.adjoint.optim.Sgd;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ConvLSTM1D's and ConvLSTM2D's {@code activityRegularizer} (Keras 3's {@code activity_regularizer}): one activity
 * loss per output, {@code R(y) / N} with N the batch size, the final states too with {@code returnState}, as
 * Keras's {@code Layer.__call__} adds one per output; checked against a loop over the evaluated outputs, and
 * through a model file.
 */
class ConvLstmActivityRegularizerTest {

    private static final double STRENGTH = 0.02;

    @TempDir
    Path dir;

    /**
     * Evaluates the activity losses and the outputs of {@code layer} at random x of {@code shape} and random weights,
     * and checks loss i against {@code 0.02 sum |y_i| / N}, summed by a loop.
     */
    private static void checkEveryOutput(Layer layer, Shape shape, int outputs) {
        List<Node> ys = new ArrayList<>();
        ForwardGraph graph = ForwardGraph.build((x, layers) -> {
            ys.addAll(layers.applyAll(layer, List.of(x)));
            return ys.get(0);
        }, shape.with(0, Shape.BATCH), DType.FLOAT64, false, null);
        assertEquals(outputs, ys.size());
        assertEquals(outputs, graph.activityLosses().size());
        List<Node> inputs = new ArrayList<>(List.of(graph.input()));
        List<Tensor> values = new ArrayList<>(List.of(Tensor.uniform(Key.of(1), DType.FLOAT64, shape, -1, 1)));
        int k = 2;
        for (Map.Entry<String, Node> p : graph.params().entrySet()) {
            inputs.add(p.getValue());
            values.add(Tensor.uniform(Key.of(k++), DType.FLOAT64, p.getValue().shape(), -0.5, 0.5));
        }
        List<Node> wanted = new ArrayList<>(graph.activityLosses());
        wanted.addAll(ys);
        List<Tensor> out = Function.of(inputs, wanted).call(values);
        for (int i = 0; i < outputs; i++) {
            Tensor y = out.get(outputs + i);
            double expected = 0;
            for (int j = 0; j < y.size(); j++) {
                expected += Math.abs(y.flat(j));
            }
            expected *= STRENGTH / shape.dim(0);
            assertTrue(expected > 0);
            assertEquals(expected, out.get(i).flat(0), 1e-14 * expected, "output " + i);
        }
    }

    @Test
    void convLstm1dAddsThePenaltyOfTheOutputAndOfEachFinalState() {
        checkEveryOutput(ConvLSTM1D.of(3, 2).returnState(true).activityRegularizer(new L1(STRENGTH)),
                Shape.of(2, 4, 6, 2), 3);
    }

    @Test
    void convLstm2dAddsThePenaltyOfEveryStepsOutput() {
        checkEveryOutput(ConvLSTM2D.of(2, 2).padding("same").returnSequences(true)
                .activityRegularizer(new L1(STRENGTH)), Shape.of(3, 2, 4, 3, 2), 1);
    }

    @Test
    void withoutItTheLayerAddsNone() {
        ForwardGraph graph = ForwardGraph.build((x, layers) -> layers.apply(ConvLSTM1D.of(3, 2), x),
                Shape.of(Shape.BATCH, 4, 6, 2), DType.FLOAT64, false, null);
        assertEquals(0, graph.activityLosses().size());
        assertEquals(null, ConvLSTM2D.of(2, 2).activityRegularizer());
    }

    /** A model saved with the regularizer loads with it: the same layers and the same loss, penalty included. */
    @Test
    void aModelFileKeepsIt() throws Exception {
        Sequential model = new Sequential(Shape.of(3, 5, 2), DType.FLOAT64, 7);
        model.add(ConvLSTM1D.of(2, 2).activityRegularizer(new L1(0.5)).named("c"));
        model.compile(Sgd.defaults(), new MeanSquaredError());
        Path file = dir.resolve("c.safetensors");
        ModelFiles.save(model, file);
        Model loaded = ModelFiles.load(file);
        assertEquals(model.stack(), ((Sequential) loaded).stack());
        Tensor x = Tensor.uniform(Key.of(3), DType.FLOAT64, Shape.of(4, 3, 5, 2), -1, 1);
        Tensor y = Tensor.uniform(Key.of(4), DType.FLOAT64, Shape.of(4, 4, 2), -1, 1);
        double loss = loaded.evaluate(x, y).get("loss");
        assertEquals(model.evaluate(x, y).get("loss"), loss, 0.0);
        Tensor prediction = loaded.predict(x);
        double mse = 0;
        double activity = 0;
        for (int i = 0; i < prediction.size(); i++) {
            mse += Math.pow(prediction.flat(i) - y.flat(i), 2) / prediction.size();
            activity += 0.5 * Math.abs(prediction.flat(i)) / 4;
        }
        assertEquals(mse + activity, loss, 1e-12);
    }
}
