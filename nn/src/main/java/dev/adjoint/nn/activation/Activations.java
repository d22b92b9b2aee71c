package dev.adjoint.nn.activation;

import dev.adjoint.nn.Registry;
import java.util.List;
import java.util.Map;

/**
 * Activations by their Keras names, with default hyperparameters: {@code byName("relu")} is
 * {@code new Relu()}, {@code byName("leaky_relu")} is {@code new LeakyRelu()} (slope 0.2), {@code byName("gelu")}
 * is the exact {@code new Gelu()}. Keras's aliases resolve too: {@code "swish"} is {@link Silu} (named
 * {@code "silu"}), {@code "hard_silu"} is {@link HardSwish} (named {@code "hard_swish"}). For other
 * hyperparameters construct the record.
 */
public final class Activations {

    private static final Registry<Activation> BY_NAME = Registry.of("activation", Map.ofEntries(
            Map.entry("linear", Linear::new),
            Map.entry("sigmoid", Sigmoid::new),
            Map.entry("tanh", Tanh::new),
            Map.entry("relu", Relu::new),
            Map.entry("leaky_relu", LeakyRelu::new),
            Map.entry("elu", Elu::new),
            Map.entry("softplus", Softplus::new),
            Map.entry("softmax", Softmax::new),
            Map.entry("step", Step::new),
            Map.entry("gelu", Gelu::new),
            Map.entry("silu", Silu::new),
            Map.entry("swish", Silu::new),
            Map.entry("selu", Selu::new),
            Map.entry("mish", Mish::new),
            Map.entry("hard_sigmoid", HardSigmoid::new),
            Map.entry("hard_swish", HardSwish::new),
            Map.entry("hard_silu", HardSwish::new),
            Map.entry("softsign", Softsign::new),
            Map.entry("relu6", Relu6::new),
            Map.entry("log_softmax", LogSoftmax::new),
            Map.entry("exponential", Exponential::new)));

    private Activations() {
    }

    /**
     * The activation called {@code name}, with default hyperparameters.
     *
     * @throws IllegalArgumentException listing the known names when {@code name} is not one of them
     */
    public static Activation byName(String name) {
        return BY_NAME.byName(name);
    }

    /** The known names, sorted. */
    public static List<String> names() {
        return BY_NAME.names();
    }
}
