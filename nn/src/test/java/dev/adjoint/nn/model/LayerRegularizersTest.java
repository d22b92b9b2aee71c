package dev.adjoint.nn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.layer.MultiHeadAttention;
import dev.adjoint.nn.layer.PReLU;
import dev.adjoint.nn.loss.MeanSquaredError;
import dev.adjoint.nn.regularizer.L1;
import dev.adjoint.nn.regularizer.L2;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PReLU's {@code alphaRegularizer} and MultiHeadAttention's {@code kernelRegularizer} and {@code biasRegularizer}
 * (Keras's {@code alpha_regularizer}, {@code kernel_regularizer}, {@code bias_regularizer}) add their penalties to
 * the L2-regularized objective as a dense layer's do: {@code J - L} equals the penalty summed by hand over the
 * regularized weights ({@code L1(l1)}: {@code l1 sum |w|}; {@code L2(l2)}: {@code (l2 / 2) sum w^2}).
 */
class LayerRegularizersTest {

    /**
     * {@code J - L} for a model of one layer at the given weights (the others drawn at random), and the weights it
     * was evaluated at, by name.
     */
    private static double penalty(Architecture architecture, Shape input, Shape output, Map<String, Tensor> given,
            Map<String, Tensor> used) {
        ForwardGraph graph = ForwardGraph.build(architecture, input, DType.FLOAT64, false, null);
        Node y = SourceOp.input("y", output);
        Node data = new MeanSquaredError().apply(y, graph.output());
        Node objective = Objective.of(new MeanSquaredError()).withPenalties(y, graph);
        List<Node> inputs = new ArrayList<>(List.of(graph.input(), y));
        List<Tensor> values = new ArrayList<>(List.of(
                Tensor.normal(Key.of(1), DType.FLOAT64, input.with(0, 2), 0, 1),
                Tensor.normal(Key.of(2), DType.FLOAT64, output.with(0, 2), 0, 1)));
        int seed = 3;
        for (Map.Entry<String, Node> p : graph.params().entrySet()) {
            Tensor value = given.containsKey(p.getKey()) ? given.get(p.getKey())
                    : Tensor.normal(Key.of(seed++), DType.FLOAT64, p.getValue().shape(), 0, 1);
            inputs.add(p.getValue());
            values.add(value);
            used.put(p.getKey(), value);
        }
        return Function.of(inputs, List.of(objective.sub(data))).call(values).get(0).flat(0);
    }

    @Test
    void preluAlphaRegularizerAddsItsPenalty() {
        Tensor alpha = Tensor.vector(0.5, -2, 0.25);
        Map<String, Tensor> used = new LinkedHashMap<>();
        double l1 = penalty((x, layers) -> layers.apply(PReLU.of().alphaRegularizer(new L1(0.3)), x),
                Shape.of(Shape.BATCH, 3), Shape.of(Shape.BATCH, 3), Map.of("p_re_lu/alpha", alpha), used);
        assertEquals(List.of("p_re_lu/alpha"), List.copyOf(used.keySet()));
        assertEquals(0.3 * (0.5 + 2 + 0.25), l1, 1e-15); // 0.825
        double l2 = penalty((x, layers) -> layers.apply(PReLU.of().alphaRegularizer(new L2(0.2)), x),
                Shape.of(Shape.BATCH, 3), Shape.of(Shape.BATCH, 3), Map.of("p_re_lu/alpha", alpha), used);
        assertEquals(0.1 * (0.25 + 4 + 0.0625), l2, 1e-15); // 0.43125
        double none = penalty((x, layers) -> layers.apply(PReLU.of(), x), Shape.of(Shape.BATCH, 3),
                Shape.of(Shape.BATCH, 3), Map.of("p_re_lu/alpha", alpha), used);
        assertEquals(0.0, none);
    }

    @Test
    void multiHeadAttentionRegularizersPenalizeEachOfTheFourProjections() {
        Map<String, Tensor> used = new LinkedHashMap<>();
        double penalty = penalty((x, layers) -> layers.apply(MultiHeadAttention.of(2, 3).valueDim(2)
                        .kernelRegularizer(new L2(0.2)).biasRegularizer(new L1(0.05)), x),
                Shape.of(Shape.BATCH, 4, 5), Shape.of(Shape.BATCH, 4, 5), Map.of(), used);
        double expected = 0;
        int kernels = 0;
        int biases = 0;
        for (Map.Entry<String, Tensor> w : used.entrySet()) {
            Tensor t = w.getValue();
            for (int i = 0; i < t.shape().size(); i++) {
                if (w.getKey().endsWith("/kernel")) {
                    expected += 0.1 * t.flat(i) * t.flat(i);
                } else {
                    expected += 0.05 * Math.abs(t.flat(i));
                }
            }
            kernels += w.getKey().endsWith("/kernel") ? 1 : 0;
            biases += w.getKey().endsWith("/bias") ? 1 : 0;
        }
        assertEquals(4, kernels, used.keySet().toString()); // query, key, value, attention_output
        assertEquals(4, biases, used.keySet().toString());
        assertEquals(expected, penalty, 1e-12 * expected);
        double kernelsOnly = penalty((x, layers) -> layers.apply(MultiHeadAttention.of(2, 3).valueDim(2)
                        .kernelRegularizer(new L2(0.2)), x),
                Shape.of(Shape.BATCH, 4, 5), Shape.of(Shape.BATCH, 4, 5), used, new LinkedHashMap<>());
        double biasesOnly = 0;
        for (Map.Entry<String, Tensor> w : used.entrySet()) {
            for (int i = 0; w.getKey().endsWith("/bias") && i < w.getValue().shape().size(); i++) {
                biasesOnly += 0.05 * Math.abs(w.getValue().flat(i));
            }
        }
        assertEquals(expected - biasesOnly, kernelsOnly, 1e-12 * expected);
    }
}
