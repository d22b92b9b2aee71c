package dev.adjoint.nn.tune;

import dev.adjoint.core.tensor.Key;
import java.util.List;
import java.util.Optional;

/**
 * One dimension of a {@link SearchSpace}: an integer range, a float range or a choice, possibly active only
 * under a {@link Condition}. Every hyperparameter can be sampled uniformly (in its {@link Sampling}), listed
 * for a grid, and encoded to {@code [0, 1]} for the Gaussian process of {@link BayesianOptimization}.
 */
public sealed interface Hyperparameter permits IntRange, FloatRange, Choice {

    /** The name, unique in its space. */
    String name();

    /** When it is active, or empty when always. */
    Optional<Condition> condition();

    /** The value used where one is needed before any search: the minimum, or the first choice. */
    Object defaultValue();

    /** A value drawn uniformly (in the sampling's scale) from the stream: by default the unit encoding's. */
    default Object sample(Key.Stream stream) {
        return fromUnit(stream.nextDouble());
    }

    /**
     * Every value for {@link GridSearch}, in increasing order (choices in their order): a list of
     * {@link #gridSize()} values, computed as they are read (a large range costs no memory until it is listed).
     *
     * @throws IllegalArgumentException when the values are not finite in number (a float range without step),
     *     or more than a list holds ({@link Integer#MAX_VALUE})
     */
    List<Object> grid();

    /**
     * The number of values of {@link #grid()}, computed without listing them ({@link Long#MAX_VALUE} when
     * larger), so that a grid's size can be checked before it is built.
     *
     * @throws IllegalArgumentException when the values are not finite in number (a float range without step)
     */
    long gridSize();

    /**
     * The value encoded to {@code [0, 1]}: a continuous range's position on its scale; for n discrete values (a
     * stepped range, choices) the centre {@code (k + 1/2) / n} of value k's bin, as Keras Tuner encodes them.
     */
    double toUnit(Object value);

    /**
     * The value the encoding {@code u} in {@code [0, 1]} stands for: a continuous range's value at that position;
     * for n discrete values the value whose bin holds u ({@code k = floor(u n)}, the last for u = 1), so a uniform
     * u draws each value with probability {@code 1/n} (an int range with log sampling and step 1 rounds its
     * log-uniform value to the nearest integer instead). {@code fromUnit(toUnit(v)) = v}.
     */
    Object fromUnit(double u);

    /** The same hyperparameter active only under {@code condition}. */
    Hyperparameter when(Condition condition);

    /**
     * {@code value} as this hyperparameter's type (an Integer for an int range, a Double for a float range,
     * the matching choice), after checking that it is one of its values.
     *
     * @throws IllegalArgumentException naming the hyperparameter when it is not
     */
    Object checked(Object value);
}
