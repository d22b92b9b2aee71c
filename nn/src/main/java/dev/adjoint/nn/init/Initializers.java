package dev.adjoint.nn.init;

import dev.adjoint.nn.Registry;
import java.util.List;
import java.util.Map;

/**
 * Initializers by their Keras names, with Keras's default parameters: {@code byName("glorot_uniform")} is
 * {@code new GlorotUniform()}, {@code byName("random_normal")} is {@code new RandomNormal(0, 0.05)},
 * {@code byName("constant")} is {@code new Constant(0)}.
 */
public final class Initializers {

    private static final Registry<Initializer> BY_NAME = Registry.of("initializer", Map.ofEntries(
            Map.entry("zeros", Zeros::new),
            Map.entry("ones", Ones::new),
            Map.entry("constant", () -> new Constant(0.0)),
            Map.entry("random_normal", RandomNormal::new),
            Map.entry("random_uniform", RandomUniform::new),
            Map.entry("truncated_normal", TruncatedNormal::new),
            Map.entry("variance_scaling", VarianceScaling::new),
            Map.entry("glorot_normal", GlorotNormal::new),
            Map.entry("glorot_uniform", GlorotUniform::new),
            Map.entry("he_normal", HeNormal::new),
            Map.entry("he_uniform", HeUniform::new),
            Map.entry("lecun_normal", LecunNormal::new),
            Map.entry("lecun_uniform", LecunUniform::new),
            Map.entry("orthogonal", Orthogonal::new)));

    private Initializers() {
    }

    /**
     * The initializer called {@code name}, with Keras's default parameters.
     *
     * @throws IllegalArgumentException listing the known names when {@code name} is not one of them
     */
    public static Initializer byName(String name) {
        return BY_NAME.byName(name);
    }

    /** The known names, sorted. */
    public static List<String> names() {
        return BY_NAME.names();
    }
}
