package dev.adjoint.nn.constraint;

import dev.adjoint.nn.Registry;
import java.util.List;
import java.util.Map;

/**
 * Constraints by their Keras names, with Keras's default parameters: {@code byName("max_norm")} is
 * {@code new MaxNorm(2, 0)}, {@code byName("min_max_norm")} is {@code new MinMaxNorm(0, 1, 1, 0)},
 * {@code byName("unit_norm")} is {@code new UnitNorm(0)} and {@code byName("non_neg")} is {@code new NonNeg()};
 * the class names ({@code "MaxNorm"}, ...) too, as {@code keras.constraints.get} takes both.
 */
public final class Constraints {

    private static final Registry<Constraint> BY_NAME = Registry.of("constraint", Map.of(
            "max_norm", MaxNorm::new,
            "min_max_norm", MinMaxNorm::new,
            "non_neg", NonNeg::new,
            "unit_norm", UnitNorm::new,
            "MaxNorm", MaxNorm::new,
            "MinMaxNorm", MinMaxNorm::new,
            "NonNeg", NonNeg::new,
            "UnitNorm", UnitNorm::new));

    private Constraints() {
    }

    /**
     * The constraint called {@code name}, with Keras's default parameters.
     *
     * @throws IllegalArgumentException listing the known names when {@code name} is not one of them
     */
    public static Constraint byName(String name) {
        return BY_NAME.byName(name);
    }

    /** The known names, sorted. */
    public static List<String> names() {
        return BY_NAME.names();
    }
}
