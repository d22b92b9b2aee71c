package dev.adjoint.nn;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Components of one kind by their Keras string identifiers, as {@code keras.activations.get("relu")} or
 * {@code keras.losses.get("mse")}: each name gives a fresh instance with Keras's default hyperparameters,
 * aliases included ({@code "mse"} and {@code "mean_squared_error"}). {@code Activations}, {@code Initializers},
 * {@code Losses} and {@code Metrics} each hold one.
 *
 * <p>This is the lookup users call; the names a model file may contain are a separate, closed list in
 * {@code nn.io}, which never creates defaults.
 *
 * @param <T> the kind, e.g. {@code Activation}
 */
public final class Registry<T> {

    private final String kind;
    private final Map<String, Supplier<? extends T>> byName;

    private Registry(String kind, Map<String, Supplier<? extends T>> byName) {
        this.kind = kind;
        this.byName = byName;
    }

    /**
     * A registry of {@code kind} (a word for messages: {@code "activation"}) holding {@code entries}.
     *
     * @throws NullPointerException if anything is null
     */
    public static <T> Registry<T> of(String kind, Map<String, Supplier<? extends T>> entries) {
        Objects.requireNonNull(kind, "kind is null");
        Objects.requireNonNull(entries, "entries is null");
        return new Registry<>(kind, new TreeMap<>(entries));
    }

    /**
     * A new instance of the component called {@code name}, with default hyperparameters.
     *
     * @throws IllegalArgumentException listing the known names when {@code name} is not one of them
     */
    public T byName(String name) {
        Objects.requireNonNull(name, "name is null");
        Supplier<? extends T> component = byName.get(name);
        if (component == null) {
            throw new IllegalArgumentException(kind + ": unknown name, got '" + name + "'; known names: "
                    + String.join(", ", names()));
        }
        return component.get();
    }

    /** The known names and aliases, sorted. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }
}
