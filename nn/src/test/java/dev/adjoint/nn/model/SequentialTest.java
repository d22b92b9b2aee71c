package dev.adjoint.nn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.activation.Relu;
import dev.adjoint.nn.layer.BatchNormalization;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.Dropout;
import dev.adjoint.nn.layer.Flatten;
import org.junit.jupiter.api.Test;

class SequentialTest {

    @Test
    void summaryListsLayersOutputShapesAndParameterCounts() {
        Sequential model = new Sequential(Shape.of(8, 8));
        model.add(Flatten.of()).add(Dense.of(32, new Relu())).add(Dropout.of(0.2))
                .add(BatchNormalization.of()).add(Dense.of(10));
        String summary = model.summary();
        assertTrue(summary.contains("flatten (flatten)"), summary);
        assertTrue(summary.contains("dense (dense)"), summary);
        assertTrue(summary.contains("dense_1 (dense)"), summary);
        assertTrue(summary.contains("[N, 64]"), summary);
        assertTrue(summary.contains("2,080"), summary);
        assertTrue(summary.contains("330"), summary);
        assertEquals(64 * 32 + 32 + 4 * 32 + 32 * 10 + 10, model.parameterCount());
        assertEquals(64 * 32 + 32 + 2 * 32 + 32 * 10 + 10, model.trainableParameterCount());
        assertTrue(summary.contains("Non-trainable params: 64"), summary);
        assertEquals(Shape.of(Shape.BATCH, 10), model.outputShape());
    }

    /** A layer that accepts only inputs with 5 features. */
    private record FiveFeatures() implements dev.adjoint.nn.layer.Layer {
        public String kind() { return "five"; }
        public String name() { return null; }
        public Shape outputShape(Shape input) {
            if (input.dim(-1) != 5) {
                throw new IllegalArgumentException("five: input must have 5 features, got " + input);
            }
            return input;
        }
        public java.util.List<dev.adjoint.nn.layer.ParamSpec> params(Shape input) { return java.util.List.of(); }
        public dev.adjoint.core.graph.Node apply(dev.adjoint.core.graph.Node x, dev.adjoint.nn.layer.LayerContext c) {
            return x;
        }
    }

    @Test
    void addingALayerThatDoesNotFitFailsAndLeavesTheModelUnchanged() {
        Sequential model = new Sequential(Shape.of(4));
        model.add(Dense.of(3));
        String before = model.summary();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.add(new FiveFeatures()));
        assertTrue(e.getMessage().contains("got [N, 3]"), e.getMessage());
        assertEquals(1, model.stack().size(), "the failing layer is removed again");
        assertEquals(before, model.summary());
    }

    @Test
    void weightsComeFromTheSeedAndDefaultToFloat32() {
        Sequential a = new Sequential(Shape.of(5));
        a.add(Dense.of(3));
        Sequential b = new Sequential(Shape.of(5));
        b.add(Dense.of(3));
        Sequential c = new Sequential(Shape.of(5), DType.FLOAT32, 1);
        c.add(Dense.of(3));
        Tensor ka = a.weights().get("dense/kernel");
        assertEquals(DType.FLOAT32, ka.dtype());
        assertTrue(ka.sameValues(b.weights().get("dense/kernel")));
        assertTrue(!ka.sameValues(c.weights().get("dense/kernel")));
        Sequential d = new Sequential(Shape.of(5), DType.FLOAT64, 0);
        d.add(Dense.of(3));
        assertEquals(DType.FLOAT64, d.weights().get("dense/kernel").dtype());
    }

    @Test
    void explicitLayerNamesMustBeUnique() {
        Sequential model = new Sequential(Shape.of(4));
        model.add(Dense.of(3).named("hidden"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.add(Dense.of(3).named("hidden")));
        assertTrue(e.getMessage().contains("'hidden'"), e.getMessage());
        assertEquals(1, model.stack().size());
    }

    @Test
    void oneLayerInstanceCanBeAddedOnlyOnce() {
        Sequential model = new Sequential(Shape.of(4));
        Dense hidden = Dense.of(4);
        model.add(hidden);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.add(hidden));
        assertTrue(e.getMessage().contains("position 0"), e.getMessage());
        assertEquals(1, model.stack().size());
    }
}
