package dev.adjoint.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.activation.Relu;
import dev.adjoint.nn.activation.Tanh;
import dev.adjoint.nn.layer.BatchNormalization;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.Dropout;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.metric.SparseCategoricalAccuracy;
import dev.adjoint.nn.model.FitOptions;
import dev.adjoint.nn.model.Functional;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.ModelState;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.nn.model.Verbosity;
import dev.adjoint.nn.regularizer.L2;
import dev.adjoint.optim.Adam;
import dev.adjoint.optim.Schedule;
import java.util.List;

/** Test models and the bit-for-bit comparison of models. */
final class Models {

    static final FitOptions QUIET = FitOptions.defaults().verbosity(Verbosity.SILENT);

    private Models() {
    }

    /**
     * A blob classifier that exercises every part of a model file: a regularized layer, dropout (random keys),
     * batch normalization (non-trainable state), Adam (two slots) with a warm-up schedule.
     */
    static Sequential classifier(long seed) {
        Sequential model = new Sequential(Shape.of(2), DType.FLOAT32, seed);
        model.add(Dense.of(8, new Tanh()).kernelRegularizer(new L2(1e-3)));
        model.add(Dropout.of(0.1));
        model.add(BatchNormalization.of());
        model.add(Dense.of(3));
        model.compile(Adam.defaults().withLearningRate(Schedule.exponentialDecay(0.02, 10, 0.9, false)
                .withWarmup(3)), new SparseCategoricalCrossEntropy(true), new SparseCategoricalAccuracy());
        return model;
    }

    /** A functional model with a residual connection, in float64. */
    static Functional residual(long seed) {
        Dense hidden = Dense.of(6, new Relu()).named("hidden");
        Dense mix = Dense.of(6).named("mix");
        Dense out = Dense.of(3).named("out");
        return new Functional(Shape.of(2), DType.FLOAT64, seed, (x, layers) -> {
            var h = layers.apply(hidden, x);
            var g = layers.apply(mix, h);
            return layers.apply(out, h.add(g));
        });
    }

    /** Asserts equal architecture, compilation, weights, optimizer state and step, bit for bit. */
    static void assertSameModel(Model expected, Model actual) {
        assertEquals(expected.getClass(), actual.getClass());
        assertEquals(expected.inputShape(), actual.inputShape());
        assertEquals(expected.dtype(), actual.dtype());
        assertEquals(expected.seed(), actual.seed());
        if (expected instanceof Sequential s) {
            assertEquals(s.stack(), ((Sequential) actual).stack());
        }
        assertEquals(expected.isCompiled(), actual.isCompiled());
        if (expected.isCompiled()) {
            assertEquals(expected.compilation(), actual.compilation());
        }
        assertSameState(expected.state(), actual.state());
    }

    /** Asserts equal parameters (names in order) and optimizer state, bit for bit, and equal steps. */
    static void assertSameState(ModelState expected, ModelState actual) {
        assertEquals(expected.step(), actual.step(), "step");
        assertEquals(expected.params().keySet().toJavaList(), actual.params().keySet().toJavaList());
        expected.params().forEach(p -> assertTrue(p._2.sameValues(actual.param(p._1)), "param " + p._1));
        assertEquals(expected.optimizer().keySet().toJavaList(), actual.optimizer().keySet().toJavaList());
        expected.optimizer().forEach(s -> assertTrue(s._2.sameValues(actual.optimizer().get(s._1).get()),
                "optimizer state " + s._1));
    }
}
