package dev.adjoint.core.check;

import dev.adjoint.core.graph.Domain;
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
 * system property {@code adjoint.property.seed} (e.g. {@code -Dadjoint.property.seed=1592634736L}, as a failure
 * prints it; a value that is not a long is an error, not the default seed).
 *
 * <p>A body (or a generator) may discard a case it does not apply to with {@link #assume}: the case counts
 * neither as passed nor as failed. {@link #check} runs {@code tries} cases and returns how many were checked; a
 * property that discards more than {@link #maxDiscardRatio} cases per checked case fails, naming the counts, since it
 * would pass while checking (almost) nothing.
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
    /** Discarded cases allowed per checked case unless another ratio is given. */
    public static final int DEFAULT_MAX_DISCARD_RATIO = 5;

    private final Gen<T> gen;
    private final String name;
    private final int tries;
    private final long seed;
    private final int shrinkBudget;
    private final int maxDiscardRatio;

    private Property(Gen<T> gen, String name, int tries, long seed, int shrinkBudget, int maxDiscardRatio) {
        this.gen = gen;
        this.name = name;
        this.tries = tries;
        this.seed = seed;
        this.shrinkBudget = shrinkBudget;
        this.maxDiscardRatio = maxDiscardRatio;
    }

    /** Thrown by {@link #assume} to discard a case; never escapes {@link #check}. */
    private static final class Discarded extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private static final Discarded INSTANCE = new Discarded();

        private Discarded() {
            super("discarded by Property.assume", null, false, false);
        }
    }

    /**
     * Discards the current case when {@code condition} is false: {@link #check} counts it as neither passed nor
     * failed. Call it inside a body run by {@code check}, before the assertions the condition is needed for.
     */
    public static void assume(boolean condition) {
        if (!condition) {
            throw Discarded.INSTANCE;
        }
    }

    /** A property over the values of {@code gen}. */
    public static <T> Property<T> forAll(Gen<T> gen) {
        Objects.requireNonNull(gen, "forAll: gen is null");
        return new Property<>(gen, "property", DEFAULT_TRIES, runSeed(), DEFAULT_SHRINK_BUDGET,
                DEFAULT_MAX_DISCARD_RATIO);
    }

    /**
     * The seed of the system property {@code adjoint.property.seed} (decimal or {@code 0x} hexadecimal, with
     * an optional {@code L} as a failure report prints it), or {@link #DEFAULT_SEED} when it is not set.
     *
     * @throws IllegalArgumentException if it is set but not a long: a mistyped seed must not silently run
     *     another seed than the one being replayed
     */
    private static long runSeed() {
        String text = System.getProperty("adjoint.property.seed");
        if (text == null) {
            return DEFAULT_SEED;
        }
        String digits = text.strip().replace("_", "");
        if (digits.endsWith("L") || digits.endsWith("l")) {
            digits = digits.substring(0, digits.length() - 1);
        }
        try {
            return Long.decode(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("forAll: the system property adjoint.property.seed must be a long"
                    + " (decimal or 0x hexadecimal), got '" + text + "'", e);
        }
    }

    /** The name used in failure reports. */
    public Property<T> named(String newName) {
        return new Property<>(gen, Objects.requireNonNull(newName, "named: name is null"), tries, seed, shrinkBudget,
                maxDiscardRatio);
    }

    /** The number of generated cases. */
    public Property<T> tries(int count) {
        if (count <= 0) {
            throw new IllegalArgumentException("tries: count must be > 0, got " + count);
        }
        return new Property<>(gen, name, count, seed, shrinkBudget, maxDiscardRatio);
    }

    /** The seed of the run. */
    public Property<T> seed(long newSeed) {
        return new Property<>(gen, name, tries, newSeed, shrinkBudget, maxDiscardRatio);
    }

    /** The number of replays shrinking may spend. */
    public Property<T> shrinkBudget(int replays) {
        if (replays < 0) {
            throw new IllegalArgumentException("shrinkBudget: replays must be >= 0, got " + replays);
        }
        return new Property<>(gen, name, tries, seed, replays, maxDiscardRatio);
    }

    /** How many cases may be discarded (by {@link #assume}) per checked case before the property fails. */
    public Property<T> maxDiscardRatio(int ratio) {
        if (ratio < 0) {
            throw new IllegalArgumentException("maxDiscardRatio: ratio must be >= 0, got " + ratio);
        }
        return new Property<>(gen, name, tries, seed, shrinkBudget, ratio);
    }

    /**
     * Runs the body on {@code tries} generated cases.
     *
     * @return the number of cases checked: the tries minus the cases the body discarded with {@link #assume}
     * @throws PropertyFailure on the first failing case, after shrinking it
     * @throws AssertionError when more than {@link #maxDiscardRatio} cases per checked case were discarded
     * @throws IllegalStateException when the generator itself throws (an {@link #assume} in a generator
     *     discards the case), naming the try and the seed, with the generator's exception as the cause
     */
    public int check(Consumer<? super T> body) {
        Objects.requireNonNull(body, "check: body is null");
        Key root = Key.of(seed);
        int discarded = 0;
        for (int attempt = 0; attempt < tries; attempt++) {
            Choices choices = Choices.random(root.fold(attempt));
            T value;
            try {
                value = gen.next(choices);
            } catch (Discarded d) {
                discarded++;
                continue;
            } catch (RuntimeException error) {
                throw new IllegalStateException("Property '" + name + "': the generator failed on try "
                        + (attempt + 1) + " of " + tries + " (seed " + seed + "; replay with .seed(" + seed + "L)): "
                        + error, error);
            }
            try {
                body.accept(value);
            } catch (Discarded d) {
                discarded++;
            } catch (AssertionError | RuntimeException error) {
                throw report(body, attempt, value, choices.recorded(), error);
            }
        }
        int checked = tries - discarded;
        if (discarded > (long) maxDiscardRatio * checked) {
            throw new AssertionError("Property '" + name + "' discarded too many cases: " + discarded + " of "
                    + tries + " tries, so only " + checked + " were checked (at most " + maxDiscardRatio
                    + " discards per checked case; seed " + seed + "); generate the cases the body needs instead"
                    + " of assuming them");
        }
        return checked;
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

    /** The body's failure on {@code value}, or null when it passes or discards the case. */
    static Throwable failure(Consumer<?> body, Object value) {
        try {
            @SuppressWarnings("unchecked")
            Consumer<Object> b = (Consumer<Object>) body;
            b.accept(value);
            return null;
        } catch (Discarded d) {
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
