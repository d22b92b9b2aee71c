package dev.adjoint.nn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.ThreadCost;
import dev.adjoint.nn.activation.Relu;
import dev.adjoint.nn.layer.ActivationLayer;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.LayerContext;
import dev.adjoint.nn.layer.ParamSpec;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Building a {@link Sequential} costs time linear in its layers: adding a layer applies that layer once
 * (not the whole stack again), and the model's graph is built once when needed; a mistake is still
 * reported by the {@code add} that makes it, leaving the model as it was.
 */
class SequentialBuildCostTest {

    /** A parameterless identity layer that counts how often a model asks it for its shape and its graph. */
    record Counting(AtomicLong calls, String name) implements Layer {
        @Override
        public String kind() {
            return "counting";
        }

        @Override
        public Shape outputShape(Shape input) {
            calls.incrementAndGet();
            return input;
        }

        @Override
        public List<ParamSpec> params(Shape input) {
            return List.of();
        }

        @Override
        public Node apply(Node x, LayerContext context) {
            calls.incrementAndGet();
            return x;
        }
    }

    @Test
    void addingALayerAppliesThatLayerOnlyAndTheGraphIsBuiltOnce() {
        AtomicLong calls = new AtomicLong();
        Sequential model = new Sequential(Shape.of(3));
        int n = 2_000;
        for (int i = 0; i < n; i++) {
            model.add(new Counting(calls, null));
        }
        assertEquals(2L * n, calls.get(), "each add asks the new layer for its shape and graph once");
        assertEquals(Shape.of(Shape.BATCH, 3), model.outputShape());
        assertEquals(4L * n, calls.get(), "the model's graph: every layer once more");
        assertEquals("counting_1999", model.layers().get(n - 1).name());
        model.predict(dev.adjoint.core.tensor.Tensor.zeros(DType.FLOAT32, Shape.of(2, 3)));
        assertEquals(4L * n, calls.get(), "predicting reuses the graph");
    }

    @Test
    void aRejectedAddLeavesTheModelAsItWas() {
        AtomicLong calls = new AtomicLong();
        Sequential model = new Sequential(Shape.of(3));
        Counting named = new Counting(calls, "c");
        model.add(named).add(new Counting(calls, null));
        assertThrows(IllegalArgumentException.class, () -> model.add(named), "the same layer twice");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.add(new Counting(calls, "c")));
        assertEquals("model: layer names must be unique, got two layers named 'c'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> model.add(dev.adjoint.nn.layer.Dense.of(0)));
        assertEquals(2, model.stack().size());
        assertEquals(List.of("c", "counting"), model.layers().stream().map(LayerInfo::name).toList());
        model.add(new Counting(calls, null));
        assertEquals("counting_1", model.layers().get(2).name(), "the rejected layers took no name");
    }

    /**
     * Measured in bytes allocated, not CPU time: a build of 2,000 layers takes a few milliseconds, and single runs
     * read from 1.8 to 15 ms (median of three) and from 2 to 5 ms (least of five) with 20,000 layers at 22 to 213
     * ms, on an idle machine as in CI, where the ratio crossed the bound; allocation is the same from run to run,
     * and rebuilding the stack on each add (the quadratic bug) allocates quadratically too.
     */
    @Test
    void buildingAllocatesLinearlyInTheLayerCount() throws Exception {
        build(2_000); // the first build loads classes and fills caches: not the model's cost
        double small = ThreadCost.allocatedBytes(() -> build(2_000));
        double large = ThreadCost.allocatedBytes(() -> build(20_000));
        // linear: about 10; each add rebuilding the stack: about 100; cubic (the old add): about 1000
        assertTrue(large / small < 30, "10x the layers allocated " + large / small + "x the bytes (" + small + ", "
                + large + ")");
    }

    /** A stack of {@code n} parameterless layers, with its graph built. */
    static Sequential build(int n) {
        Sequential model = new Sequential(Shape.of(3));
        for (int i = 0; i < n; i++) {
            model.add(ActivationLayer.of(new Relu()));
        }
        model.outputShape();
        return model;
    }
}
