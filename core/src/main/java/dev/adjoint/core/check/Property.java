package dev.adjoint.core.check;

import dev.adjoint.core.tensor.Key;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A property-based test: a body that must hold for every value a generator produces.
 *
 * <pre>{@code
 * Property.forAll(Gens.shapes(0, 3, 4).flatMap(s -> Gens.tensors(s, Domain.REAL, DType.FLOAT64)))
 *         .named("tanh vjp matches central differences")
 *         .check(x -> GradCheck.check(...).assertPassed());
 * }</pre>
 *
 * <p>The body fails by throwing (an {@link AssertionError} or any runtime exception). On the first failure
 * the case is shrunk (see {@link Choices}) and a {@link PropertyFailure} reports the seed, the try, the
 * shrunk and the original case and the body's error. Runs are deterministic: the default seed is
 * {@link #DEFAULT_SEED}, overridable per property with {@link #seed(long)} or for a whole run with the
 * system property {@code adjoint.property.seed}.
 *
 * @param <T> the type of the generated cases
 */
public final class Property<T> {

    /** The seed used unless another is given. */
    public static final long DEFAULT_SEED = 0x5EED_AD70L;
    /** Tries per property unless another count is given. */
    public static final int DEFAULT_TRIES = 100;
    /** Replays spent on shrinking at most. */
    public static final int DEFAULT_SHRINK_BUDGET = 400;

    private final Gen<T> gen;
    private final String name;
    private final int tries;
    private final long seed;
    private final int shrinkBudget;

    private Property(Gen<T> gen, String name, int tries, long seed, int shrinkBudget) {
        this.gen = gen;
        this.name = name;
        this.tries = tries;
        this.seed = seed;
        this.shrinkBudget = shrinkBudget;
    }

    /** A property over the values of {@code gen}. */
    public static <T> Property<T> forAll(Gen<T> gen) {
        Objects.requireNonNull(gen, "forAll: gen is null");
        return new Property<>(gen, "property", DEFAULT_TRIES, Long.getLong("adjoint.property.seed", DEFAULT_SEED),
                DEFAULT_SHRINK_BUDGET);
    }

    /** The name used in failure reports. */
    public Property<T> named(String newName) {
        return new Property<>(gen, Objects.requireNonNull(newName, "named: name is null"), tries, seed, shrinkBudget);
    }

    /** The number of generated cases. */
    public Property<T> tries(int count) {
        if (count <= 0) {
            throw new IllegalArgumentException("tries: count must be > 0, got " + count);
        }
        return new Property<>(gen, name, count, seed, shrinkBudget);
    }

    /** The seed of the run. */
    public Property<T> seed(long newSeed) {
        return new Property<>(gen, name, tries, newSeed, shrinkBudget);
    }

    /** The number of replays shrinking may spend. */
    public Property<T> shrinkBudget(int replays) {
        if (replays < 0) {
            throw new IllegalArgumentException("shrinkBudget: replays must be >= 0, got " + replays);
        }
        return new Property<>(gen, name, tries, seed, replays);
    }

    /**
     * Runs the body on every case.
     *
     * @return the number of cases checked
     * @throws PropertyFailure on the first failing case, after shrinking it
     */
    public int check(Consumer<? super T> body) {
        Objects.requireNonNull(body, "check: body is null");
        Key root = Key.of(seed);
        for (int attempt = 0; attempt < tries; attempt++) {
            Choices choices = Choices.random(root.fold(attempt));
            T value = gen.next(choices);
            Throwable error = failure(body, value);
            if (error != null) {
                throw report(body, attempt, value, choices.recorded(), error);
            }
        }
        return tries;
    }

    private PropertyFailure report(Consumer<? super T> body, int attempt, T original, long[] recorded,
            Throwable originalError) {
        Shrinker<T> shrinker = new Shrinker<>(gen, body, shrinkBudget);
        Shrinker.Result<T> best = shrinker.shrink(recorded, original, originalError);
        String message = "Property '" + name + "' failed on try " + (attempt + 1) + " of " + tries + " (seed " + seed
                + "; replay with .seed(" + seed + "L))\n"
                + "  shrunk case (" + best.steps() + " shrinks): " + describe(best.value()) + "\n"
                + "  original case: " + describe(original) + "\n"
                + "  failure: " + best.error();
        return new PropertyFailure(message, seed, attempt, best.value(), original, best.error());
    }

    static Throwable failure(Consumer<?> body, Object value) {
        try {
            @SuppressWarnings("unchecked")
            Consumer<Object> b = (Consumer<Object>) body;
            b.accept(value);
            return null;
        } catch (AssertionError | RuntimeException e) {
            return e;
        }
    }

    static String describe(Object value) {
        if (value instanceof Object[] array) {
            return Arrays.deepToString(array);
        }
        return String.valueOf(value);
    }
}
