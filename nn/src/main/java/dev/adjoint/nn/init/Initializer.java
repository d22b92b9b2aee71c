package dev.adjoint.nn.init;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;

/**
 * An initializer: the initial value of a parameter, driven by an explicit key (no hidden RNG).
 *
 * <p>The value is a function of its arguments only: the same key, shape and dtype give a bit-identical tensor,
 * on every JDK. Samples are drawn in float64 from {@code key.stream()} and rounded to the dtype, so a float32
 * tensor is the float64 one rounded. Give each parameter its own key ({@code key.fold(i)} or
 * {@code key.split()}): two initializers called with one key draw the same underlying numbers.
 */
public interface Initializer {

    /**
     * The initial value of a parameter of the given shape and dtype.
     *
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the shape contains the symbolic batch dimension {@code N}
     */
    Tensor initialize(Key key, Shape shape, DType dtype);

    /** The Keras identifier, e.g. {@code "glorot_uniform"}, as accepted by {@link Initializers#byName(String)}. */
    String name();
}
