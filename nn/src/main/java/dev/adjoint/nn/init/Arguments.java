package dev.adjoint.nn.init;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import java.util.Objects;

/** The argument checks every initializer makes. */
final class Arguments {

    private Arguments() {
    }

    /** Non-null arguments and a concrete shape. */
    static void check(String who, Key key, Shape shape, DType dtype) {
        Objects.requireNonNull(key, "key is null");
        Objects.requireNonNull(shape, "shape is null");
        Objects.requireNonNull(dtype, "dtype is null");
        if (!shape.isConcrete()) {
            throw new IllegalArgumentException(who + ": shape must be concrete (parameters have no batch axis), got "
                    + shape);
        }
    }

    /** Checks that {@code value} is finite. */
    static void requireFinite(String who, String parameter, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(who + ": " + parameter + " must be finite, got " + value);
        }
    }
}
