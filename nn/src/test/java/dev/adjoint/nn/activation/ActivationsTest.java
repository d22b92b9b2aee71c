package dev.adjoint.nn.activation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.Shape;
import org.junit.jupiter.api.Test;
import java.util.List;

/** Lookup by name, hyperparameter validation and argument errors. */
class ActivationsTest {

    @Test
    void byNameFindsEveryActivationWithKerasDefaults() {
        assertEquals(new Relu(), Activations.byName("relu"));
        assertEquals(new LeakyRelu(0.2), Activations.byName("leaky_relu"));
        assertEquals(new Elu(1.0), Activations.byName("elu"));
        assertEquals(new Gelu(false), Activations.byName("gelu"));
        assertEquals(new Silu(), Activations.byName("swish"));
        assertEquals(new HardSwish(), Activations.byName("hard_silu"));
        assertEquals(new Relu6(), Activations.byName("relu6"));
        assertEquals(new LogSoftmax(-1), Activations.byName("log_softmax"));
        assertEquals(new Exponential(), Activations.byName("exponential"));
        assertEquals(List.of("elu", "exponential", "gelu", "hard_sigmoid", "hard_silu", "hard_swish", "leaky_relu",
                "linear", "log_softmax", "mish", "relu", "relu6", "selu", "sigmoid", "silu", "softmax", "softplus",
                "softsign", "step", "swish", "tanh"), Activations.names());
    }

    /** An activation's own name finds it again; an alias ({@code swish}, {@code hard_silu}) finds its original. */
    @Test
    void nameRoundTripsThroughByName() {
        List<String> aliases = List.of("swish", "hard_silu");
        for (String name : Activations.names()) {
            Activation a = Activations.byName(name);
            assertEquals(a, Activations.byName(a.name()), name);
            assertEquals(!aliases.contains(name), name.equals(a.name()), name);
        }
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Activations.byName("hard_tanh"));
        assertEquals("activation: unknown name, got 'hard_tanh'; known names: elu, exponential, gelu, hard_sigmoid,"
                + " hard_silu, hard_swish, leaky_relu, linear, log_softmax, mish, relu, relu6, selu, sigmoid, silu,"
                + " softmax, softplus, softsign, step, swish, tanh", e.getMessage());
        assertThrows(NullPointerException.class, () -> Activations.byName(null));
    }

    @Test
    void invalidHyperparametersAreRejectedWithTheirValue() {
        IllegalArgumentException leaky = assertThrows(IllegalArgumentException.class, () -> new LeakyRelu(-0.1));
        assertEquals("LeakyRelu: alpha must be finite and >= 0, got -0.1", leaky.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LeakyRelu(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new LeakyRelu(Double.POSITIVE_INFINITY));
        IllegalArgumentException elu = assertThrows(IllegalArgumentException.class, () -> new Elu(Double.NaN));
        assertEquals("Elu: alpha must be finite and >= 0, got NaN", elu.getMessage());
    }

    @Test
    void nullInputAndRankZeroSoftmaxAreRejected() {
        for (String name : Activations.names()) {
            NullPointerException e = assertThrows(NullPointerException.class,
                    () -> Activations.byName(name).apply(null));
            assertEquals("x is null", e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Softmax().apply(SourceOp.input("x", Shape.scalar())));
        assertTrue(e.getMessage().startsWith("Softmax: input must have rank >= 1"), e.getMessage());
        IllegalArgumentException log = assertThrows(IllegalArgumentException.class,
                () -> new LogSoftmax().apply(SourceOp.input("x", Shape.scalar())));
        assertTrue(log.getMessage().startsWith("LogSoftmax: input must have rank >= 1"), log.getMessage());
    }

    @Test
    void logSoftmaxRejectsAnAxisTheInputDoesNotHave() {
        var x = SourceOp.input("x", Shape.of(2, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LogSoftmax(2).apply(x));
        assertEquals("LogSoftmax: axis must be in [-2, 2) for an input of rank 2, got 2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LogSoftmax(-3).apply(x));
        assertEquals("LogSoftmax: axis must be in [-2, 2) for an input of rank 2, got -3", e.getMessage());
        assertEquals(x.shape(), new LogSoftmax(-2).apply(x).shape());
    }

    @Test
    void activationsKeepTheSymbolicBatchDimension() {
        for (String name : Activations.names()) {
            var x = SourceOp.input("x", Shape.of(Shape.BATCH, 4));
            assertEquals(x.shape(), Activations.byName(name).apply(x).shape(), name);
        }
    }
}
