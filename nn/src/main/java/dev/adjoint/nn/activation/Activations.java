package dev.adjoint.nn.activation;

import dev.adjoint.nn.Registry;
import java.util.List;
import java.util.Map;

/**
 * Activations by their Keras names, with default hyperparameters: {@code byName("relu")} is
 * {@code new Relu()}, {@code byName("leaky_relu")} is {@code new LeakyRelu()} (slope 0.2). For other
 * hyperparameters construct the record.
 */
public final class Activations {

    private static final Registry<Activation> BY_NAME = Registry.of("activation", Map.of(
            "linear", Linear::new,
            "sigmoid", Sigmoid::new,
            "tanh", Tanh::new,
            "relu", Relu::new,
            "leaky_relu", LeakyRelu::new,
            "elu", Elu::new,
            "softplus", Softplus::new,
            "softmax", Softmax::new,
            "step", Step::new));

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
