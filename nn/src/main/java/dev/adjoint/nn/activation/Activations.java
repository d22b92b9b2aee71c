package dev.adjoint.nn.activation;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Activations by their Keras names, with default hyperparameters: {@code byName("relu")} is
 * {@code new Relu()}, {@code byName("leaky_relu")} is {@code new LeakyRelu()} (slope 0.2). For other
 * hyperparameters construct the record.
 */
public final class Activations {

    private static final Map<String, Supplier<Activation>> BY_NAME = new TreeMap<>(Map.of(
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
        Objects.requireNonNull(name, "name is null");
        Supplier<Activation> activation = BY_NAME.get(name);
        if (activation == null) {
            throw new IllegalArgumentException("activation: unknown name, got '" + name + "'; known names: "
                    + String.join(", ", names()));
        }
        return activation.get();
    }

    /** The known names, sorted. */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }
}
