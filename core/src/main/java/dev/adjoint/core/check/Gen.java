package dev.adjoint.core.check;

import java.util.Objects;
import java.util.function.Function;

/**
 * A generator of test cases: a function of recorded {@link Choices}. Because it draws only from the
 * choices, every generator can be replayed and shrunk, including those built with {@link #map} and
 * {@link #flatMap}.
 *
 * @param <T> the generated type
 */
@FunctionalInterface
public interface Gen<T> {

    /** One value from the choices. */
    T next(Choices choices);

    /** The generator of {@code f(t)}. */
    default <R> Gen<R> map(Function<? super T, ? extends R> f) {
        Objects.requireNonNull(f, "map: f is null");
        return choices -> f.apply(next(choices));
    }

    /** The generator that draws {@code t}, then a value from {@code f(t)}. */
    default <R> Gen<R> flatMap(Function<? super T, Gen<R>> f) {
        Objects.requireNonNull(f, "flatMap: f is null");
        return choices -> f.apply(next(choices)).next(choices);
    }
}
