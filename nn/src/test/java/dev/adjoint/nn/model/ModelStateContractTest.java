package dev.adjoint.nn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.activation.Tanh;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.loss.MeanSquaredError;
import dev.adjoint.optim.Adam;
import dev.adjoint.optim.Sgd;
import io.vavr.collection.LinkedHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * A state handed to a model is checked whole when it is handed over, not by the next {@code fit}: every
 * parameter, and for a compiled model one tensor of the parameter's type per optimizer slot; the step
 * stays in the counter's exact range. A rejected state leaves the model as it was.
 */
class ModelStateContractTest {

    private final Sequential model = model();
    private final ModelState before = model.state();
    private final Object compiledWith = model.compilation();

    private static Sequential model() {
        Sequential m = new Sequential(Shape.of(2), DType.FLOAT32, 3);
        m.add(Dense.of(4, new Tanh())).add(Dense.of(1));
        m.compile(Adam.defaults(), new MeanSquaredError());
        return m;
    }

    @AfterEach
    void nothingValidChanged() {
        assertSame(before, model.state());
        assertSame(compiledWith, model.compilation());
    }

    private static void rejects(Executable call, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "expected <" + part + "> in <" + e.getMessage() + ">");
        }
    }

    private ModelState withSlot(String name, Tensor value) {
        return new ModelState(before.params(), before.optimizer().put(name, value), before.step());
    }

    @Test
    void optimizerSlotsOfTheWrongTypeOrSetAreRejectedWhenSet() {
        rejects(() -> model.setState(withSlot("dense/bias/m", Tensor.zeros(DType.FLOAT32, Shape.of(3)))),
                "model: optimizer state 'dense/bias/m' must have its parameter's type f32[4], got f32[3]");
        rejects(() -> model.setState(withSlot("dense/bias/v", Tensor.zeros(DType.FLOAT64, Shape.of(4)))),
                "got f64[4]");
        rejects(() -> model.setState(new ModelState(before.params(), before.optimizer().remove("dense_1/bias/v"),
                0)), "model: optimizer state must hold Adam's slots [m, v] of every trainable parameter");
        rejects(() -> model.setState(withSlot("dense/bias/extra", Tensor.zeros(DType.FLOAT32, Shape.of(4)))),
                "got [dense/kernel/m");
    }

    @Test
    void compileWithAStateChecksItBeforeChangingAnything() {
        ModelState noSlots = new ModelState(before.params(), LinkedHashMap.empty(), 5);
        rejects(() -> model.compile(new Compilation(Adam.defaults(), new MeanSquaredError(), java.util.List.of()),
                noSlots), "optimizer state must hold Adam's slots [m, v] of every trainable parameter");
        Sequential other = model();
        other.compile(new Compilation(Sgd.defaults(), new MeanSquaredError(), java.util.List.of()), noSlots);
        assertSame(noSlots, other.state(), "SGD has no slots: the state fits and is taken as it is");
    }

    @Test
    void stepsBeyondTheExactRangeAreRejected() {
        rejects(() -> new ModelState(before.params(), before.optimizer(), Long.MAX_VALUE),
                "model state: step must be in [0, 2^53], got 9223372036854775807");
        rejects(() -> new ModelState(before.params(), before.optimizer(), -1), "got -1");
        assertEquals(ModelState.MAX_STEP, new ModelState(before.params(), before.optimizer(), 1L << 53).step());
    }
}
