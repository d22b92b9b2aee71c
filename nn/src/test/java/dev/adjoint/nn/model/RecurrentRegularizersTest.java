package dev.adjoint.nn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.layer.Bidirectional;
import dev.adjoint.nn.layer.GRU;
import dev.adjoint.nn.layer.LSTM;
import dev.adjoint.nn.layer.SimpleRNN;
import dev.adjoint.nn.loss.MeanSquaredError;
import dev.adjoint.nn.regularizer.L1;
import dev.adjoint.nn.regularizer.L2;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The recurrent layers' {@code kernelRegularizer}, {@code recurrentRegularizer}, {@code biasRegularizer} and
 * {@code activityRegularizer} (Keras's {@code kernel_regularizer}, ...) add to the objective what Keras adds:
 * {@code J = mse(out, y) + 0.1 sum W^2 + 0.05 sum |U| + 0.3 sum b^2 + sum_outputs 0.02 sum |o| / N}
 * ({@code L2.keras(0.1)}, {@code L1(0.05)}, {@code L2.keras(0.3)}, {@code L1(0.02)}), one activity term per output of
 * the layer (the final states too with {@code returnState}, as Keras's {@code Layer.__call__} adds one per output).
 * The expected values are Keras's cells and penalties written in NumPy
 * ({@code nn/src/test/python/recurrent_arguments_fixtures.py}: x, y and every weight are
 * {@code ((37 k + offset) mod 19 - 9) / 10} at flat index k, offsets 1 for x, 2 for y, 3, 4, 5 for W, U, b, and 6,
 * 7, 8 for a Bidirectional's backward copy), N = 2, T = 3, F = 2, H = 2; a Bidirectional adds the activity terms of
 * both of its copies' outputs, as Keras's two layers each do.
 */
class RecurrentRegularizersTest {

    private static final Shape INPUT = Shape.of(Shape.BATCH, 3, 2);

    /** {@code ((37 k + offset) mod 19 - 9) / 10} at flat index k, the NumPy script's {@code v(shape, offset)}. */
    private static Tensor pattern(Shape shape, int offset) {
        double[] values = new double[(int) shape.size()];
        for (int k = 0; k < values.length; k++) {
            values[k] = ((k * 37 + offset) % 19 - 9) / 10.0;
        }
        return Tensor.of(DType.FLOAT64, shape, values);
    }

    /** The offset of a weight of the pattern: 3, 4, 5 for kernel, recurrent kernel, bias; 3 more backward. */
    private static int offset(String name) {
        int base = name.endsWith("/recurrent_kernel") ? 4 : name.endsWith("/kernel") ? 3 : 5;
        return name.contains("backward/") ? base + 3 : base;
    }

    /** {@code J} and the data term {@code L} of the model of one layer, at the pattern's x, y and weights. */
    private static double[] objective(Architecture architecture) {
        ForwardGraph graph = ForwardGraph.build(architecture, INPUT, DType.FLOAT64, false, null);
        Node y = SourceOp.input("y", graph.output().shape());
        Node data = new MeanSquaredError().apply(y, graph.output());
        Node objective = Objective.of(new MeanSquaredError()).withPenalties(y, graph);
        List<Node> inputs = new ArrayList<>(List.of(graph.input(), y));
        List<Tensor> values = new ArrayList<>(List.of(pattern(INPUT.with(0, 2), 1),
                pattern(graph.output().shape().with(0, 2), 2)));
        for (Map.Entry<String, Node> p : graph.params().entrySet()) {
            inputs.add(p.getValue());
            values.add(pattern(p.getValue().shape(), offset(p.getKey())));
        }
        List<Tensor> out = Function.of(inputs, List.of(objective, data)).call(values);
        return new double[] {out.get(0).flat(0), out.get(1).flat(0)};
    }

    @Test
    void lstmPenaltiesAndActivityOfEveryOutputMatchKeras() {
        LSTM lstm = LSTM.of(2).returnState(true).kernelRegularizer(L2.keras(0.1)).recurrentRegularizer(new L1(0.05))
                .biasRegularizer(L2.keras(0.3)).activityRegularizer(new L1(0.02));
        double[] j = objective((x, layers) -> layers.applyAll(lstm, List.of(x)).get(0));
        assertEquals(0.6747258848000962, j[1], 1e-14);
        assertEquals(2.8675438232454873, j[0], 1e-14);
        double[] plain = objective((x, layers) -> layers.apply(LSTM.of(2), x));
        assertEquals(j[1], plain[0], 1e-15); // without regularizers J is the data term
    }

    @Test
    void gruPenaltiesMatchKeras() {
        GRU gru = GRU.of(2).kernelRegularizer(L2.keras(0.1)).recurrentRegularizer(new L1(0.05))
                .biasRegularizer(L2.keras(0.3)).activityRegularizer(new L1(0.02));
        double[] j = objective((x, layers) -> layers.apply(gru, x));
        assertEquals(0.7982850117659315, j[1], 1e-14);
        assertEquals(3.332405675400191, j[0], 1e-14);
    }

    @Test
    void simpleRnnPenaltiesMatchKeras() {
        SimpleRNN rnn = SimpleRNN.of(2).kernelRegularizer(L2.keras(0.1)).recurrentRegularizer(new L1(0.05))
                .biasRegularizer(L2.keras(0.3)).activityRegularizer(new L1(0.02));
        double[] j = objective((x, layers) -> layers.apply(rnn, x));
        assertEquals(0.8633309469688429, j[1], 1e-14);
        assertEquals(1.3623283268408928, j[0], 1e-14);
    }

    /**
     * Bidirectional puts its layer's weight penalties on both directions' weights, and its activity regularizer on
     * both directions' outputs, as Keras's two layers each add their own activity loss.
     */
    @Test
    void bidirectionalPenalizesBothDirections() {
        LSTM lstm = LSTM.of(2).kernelRegularizer(L2.keras(0.1)).recurrentRegularizer(new L1(0.05))
                .biasRegularizer(L2.keras(0.3)).activityRegularizer(new L1(0.02));
        double[] j = objective((x, layers) -> layers.apply(Bidirectional.of(lstm), x));
        assertEquals(0.652405758065342, j[1], 1e-14);
        assertEquals(4.452910842393065, j[0], 1e-14);
    }

    /**
     * Under a mask {@code [[0, 1, 1], [1, 1, 0]]}, with sequences and states, each copy's activity loss is of its
     * outputs as Keras's copy returns them, zeros at the absent steps ({@code zero_output_for_mask}), and of its
     * final states: the sum over the six outputs of {@code 0.02 sum |o| / N}. The merged output is pinned too, so
     * that the NumPy reference is known to run the same layer.
     */
    @Test
    void bidirectionalActivityOfMaskedSequencesAndStatesMatchesKeras() {
        Node mask = SourceOp.input("mask", Shape.of(Shape.BATCH, 3), DType.FLOAT64);
        Bidirectional layer = Bidirectional.of(LSTM.of(2).returnSequences(true).returnState(true)
                .activityRegularizer(new L1(0.02)));
        ForwardGraph graph = ForwardGraph.build((x, layers) -> layers.applyAll(layer, List.of(layers.mask(x, mask)))
                .get(0), INPUT, DType.FLOAT64, false, null);
        assertEquals(6, graph.activityLosses().size());
        Node activity = graph.activityLosses().get(0);
        for (Node loss : graph.activityLosses().subList(1, 6)) {
            activity = activity.add(loss);
        }
        List<Node> inputs = new ArrayList<>(List.of(graph.input(), mask));
        List<Tensor> values = new ArrayList<>(List.of(pattern(INPUT.with(0, 2), 1),
                Tensor.of(DType.FLOAT64, Shape.of(2, 3), 0, 1, 1, 1, 1, 0)));
        for (Map.Entry<String, Node> p : graph.params().entrySet()) {
            inputs.add(p.getValue());
            values.add(pattern(p.getValue().shape(), offset(p.getKey())));
        }
        List<Tensor> out = Function.of(inputs, List.of(activity, graph.output())).call(values);
        assertEquals(0.05296235156310863, out.get(0).flat(0), 1e-15);
        double[] merged = {0.0, 0.0, 0.0, 0.0, 0.026758845814800064, -0.04189965555465141, -0.09765284178426549,
            -0.24823464777796686, -0.033902796192617726, -0.08200577107392151, -0.07614405406675115,
            -0.16530034790441908, -0.08700008331411274, -0.11255954801997639, -0.10201047743349614,
            -0.17570972117544179, -0.1424137462482441, -0.18349557350745763, -0.07585880620851732,
            -0.10828849053824025, 0.0, 0.0, 0.0, 0.0};
        for (int k = 0; k < merged.length; k++) {
            assertEquals(merged[k], out.get(1).flat(k), 1e-15, "merged output " + k);
        }
    }
}
