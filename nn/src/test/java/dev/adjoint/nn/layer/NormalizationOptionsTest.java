package dev.adjoint.nn.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.check.GradCheck;
import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.model.ForwardGraph;
import dev.adjoint.nn.model.Sequential;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Keras's {@code axis} and {@code epsilon} of layer normalization and {@code center} and {@code scale} of batch
 * normalization: against the formulas written as loops, and in the parameter counts Keras reports.
 */
class NormalizationOptionsTest {

    private static Tensor eval(Node y, Bindings at) {
        return Function.of(at.inputs(), List.of(y)).call(at).get(0);
    }

    private static Bindings withRandomWeights(ForwardGraph g, Bindings at, long seed) {
        long k = seed;
        for (Map.Entry<String, Node> p : g.params().entrySet()) {
            at = at.and(p.getValue(), Tensor.normal(Key.of(++k), DType.FLOAT64, g.specs().get(p.getKey()).shape(),
                    0.5, 0.7));
        }
        return at;
    }

    @Test
    void layerNormalizationOverTwoAxesNormalizesEachExampleOverBothWithAGammaPerCell() {
        LayerNormalization layer = LayerNormalization.of().axis(1, 2).epsilon(0.25);
        ForwardGraph g = ForwardGraph.build((x, layers) -> layers.apply(layer, x), Shape.of(2, 3, 4, 5),
                DType.FLOAT64, false, null);
        assertEquals(Shape.of(3, 4), g.specs().get("layer_normalization/gamma").shape());
        assertEquals(Shape.of(3, 4), g.specs().get("layer_normalization/beta").shape());
        Tensor x = Tensor.normal(Key.of(1), DType.FLOAT64, Shape.of(2, 3, 4, 5), 1, 2);
        Bindings at = withRandomWeights(g, Bindings.of(g.input(), x), 1);
        Tensor gamma = at.get(g.params().get("layer_normalization/gamma"));
        Tensor beta = at.get(g.params().get("layer_normalization/beta"));
        Tensor y = eval(g.output(), at);
        for (int n = 0; n < 2; n++) {
            for (int f = 0; f < 5; f++) {
                double mean = 0;
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 4; j++) {
                        mean += x.get(n, i, j, f) / 12;
                    }
                }
                double variance = 0;
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 4; j++) {
                        variance += Math.pow(x.get(n, i, j, f) - mean, 2) / 12;
                    }
                }
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 4; j++) {
                        double expected = (x.get(n, i, j, f) - mean) / Math.sqrt(variance + 0.25) * gamma.get(i, j)
                                + beta.get(i, j);
                        assertEquals(expected, y.get(n, i, j, f), 1e-12);
                    }
                }
            }
        }
        List<Node> wrt = new ArrayList<>(List.of(g.input()));
        wrt.addAll(g.params().values());
        GradCheck.check(g.output(), wrt, at).assertPassed();
    }

    @Test
    void layerNormalizationRefusesTheBatchAxisAndRepeatedAxesNamingThem() {
        assertEquals("LayerNormalization: axis must list one or more axes other than the batch axis 0, got [0, 1]",
                assertThrows(IllegalArgumentException.class, () -> LayerNormalization.of().axis(0, 1)).getMessage());
        assertEquals("LayerNormalization: axis [2, -1] must name distinct axes of the input, got axis 2 twice for "
                + Shape.of(Shape.BATCH, 4, 5), assertThrows(IllegalArgumentException.class,
                        () -> LayerNormalization.of().axis(2, -1).outputShape(Shape.of(Shape.BATCH, 4, 5)))
                        .getMessage());
        assertEquals("LayerNormalization: axis [3] must name concrete axes other than the batch axis of the input, got "
                + Shape.of(Shape.BATCH, 4, 5), assertThrows(IllegalArgumentException.class,
                        () -> LayerNormalization.of().axis(3).outputShape(Shape.of(Shape.BATCH, 4, 5))).getMessage());
        assertEquals(List.of(-1), LayerNormalization.of().axis(), "Keras's default, the last axis");
        assertEquals(1e-3, LayerNormalization.of().epsilon());
    }

    @Test
    void batchNormalizationWithoutCenterOrScaleHasNoBetaOrGammaAndKerasCounts() {
        Sequential model = new Sequential(Shape.of(8), DType.FLOAT64, 3);
        model.add(BatchNormalization.of().center(false).named("no_beta"));
        model.add(BatchNormalization.of().scale(false).named("no_gamma"));
        model.add(BatchNormalization.of().center(false).scale(false).named("neither"));
        // Keras: 4 vectors of 8 with both, one of them fewer per switch turned off (the moving statistics stay)
        assertEquals(List.of(24L, 24L, 16L), model.layers().stream().map(l -> l.parameters()).toList());
        Map<String, Tensor> w = model.weights();
        assertTrue(w.containsKey("no_beta/gamma") && !w.containsKey("no_beta/beta"), w.keySet().toString());
        assertTrue(w.containsKey("no_gamma/beta") && !w.containsKey("no_gamma/gamma"), w.keySet().toString());
        assertFalse(w.containsKey("neither/beta") || w.containsKey("neither/gamma"), w.keySet().toString());
    }

    @Test
    void batchNormalizationWithoutScaleAddsBetaToTheNormalizedValues() {
        BatchNormalization layer = BatchNormalization.of().scale(false).epsilon(0.5);
        ForwardGraph g = ForwardGraph.build((x, layers) -> layers.apply(layer, x), Shape.of(3, 2), DType.FLOAT64,
                false, null);
        Tensor x = Tensor.normal(Key.of(5), DType.FLOAT64, Shape.of(3, 2), 0, 1);
        Bindings at = Bindings.of(g.input(), x)
                .and(g.params().get("batch_normalization/beta"), Tensor.of(DType.FLOAT64, Shape.of(2), 0.25, -1))
                .and(g.params().get("batch_normalization/moving_mean"), Tensor.of(DType.FLOAT64, Shape.of(2), 1, 2))
                .and(g.params().get("batch_normalization/moving_variance"),
                        Tensor.of(DType.FLOAT64, Shape.of(2), 4, 9));
        Tensor y = eval(g.output(), at);
        double[] beta = {0.25, -1};
        double[] mean = {1, 2};
        double[] variance = {4, 9};
        for (int n = 0; n < 3; n++) {
            for (int f = 0; f < 2; f++) {
                assertEquals((x.get(n, f) - mean[f]) / Math.sqrt(variance[f] + 0.5) + beta[f], y.get(n, f), 1e-14);
            }
        }
    }
}
