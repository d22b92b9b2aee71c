package dev.adjoint.nn.layer;

import dev.adjoint.nn.constraint.Constraint;
import dev.adjoint.nn.init.Initializer;
import dev.adjoint.nn.regularizer.Regularizer;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import java.util.Objects;
import java.util.Optional;

/**
 * A parameter a layer declares: its name within the layer, shape, initializer, whether the optimizer trains
 * it, an optional penalty added to the objective, its dtype when it is not the model's, and an optional
 * constraint projected onto it after every update of a trainable parameter.
 *
 * <p>Non-trainable parameters (batch normalization's moving averages) are state: they are not
 * differentiated, and change only through the layer's state updates ({@link LayerContext#updateState}). State
 * may be of its own dtype, e.g. an INT64 counter; a trainable parameter is always of the model's float dtype.
 *
 * @param name the name within the layer, e.g. {@code kernel}
 * @param shape the concrete shape
 * @param initializer how its first value is drawn
 * @param trainable whether gradients update it
 * @param regularizer the penalty on it, if any
 * @param dtype its dtype, or null for the model's
 * @param constraint the projection after each update, if any (applied only while the parameter trains)
 */
public record ParamSpec(String name, Shape shape, Initializer initializer, boolean trainable,
        Optional<Regularizer> regularizer, DType dtype, Optional<Constraint> constraint) {

    /** Validates the fields. */
    public ParamSpec {
        Objects.requireNonNull(name, "param: name is null");
        Objects.requireNonNull(shape, () -> "param '" + name + "': shape is null");
        Objects.requireNonNull(initializer, () -> "param '" + name + "': initializer is null");
        Objects.requireNonNull(regularizer, () -> "param '" + name + "': regularizer is null; pass Optional.empty()"
                + " for none");
        Objects.requireNonNull(constraint, () -> "param '" + name + "': constraint is null; pass Optional.empty()"
                + " for none");
        if (!shape.isConcrete()) {
            throw new IllegalArgumentException("param: a parameter needs a concrete shape, got " + shape + " for '"
                    + name + "'");
        }
        if (trainable && dtype != null) {
            throw new IllegalArgumentException("param: a trainable parameter has the model's dtype, got " + dtype
                    + " for '" + name + "'; declare it as state, or leave its dtype to the model");
        }
    }

    /** A parameter without constraint. */
    public ParamSpec(String name, Shape shape, Initializer initializer, boolean trainable,
            Optional<Regularizer> regularizer, DType dtype) {
        this(name, shape, initializer, trainable, regularizer, dtype, Optional.empty());
    }

    /** A parameter of the model's dtype, without constraint. */
    public ParamSpec(String name, Shape shape, Initializer initializer, boolean trainable,
            Optional<Regularizer> regularizer) {
        this(name, shape, initializer, trainable, regularizer, null);
    }

    /** A non-trainable state tensor of its own dtype (an INT64 counter, BOOL flags, ...). */
    public static ParamSpec state(String name, Shape shape, Initializer initializer, DType dtype) {
        return new ParamSpec(name, shape, initializer, false, Optional.empty(),
                Objects.requireNonNull(dtype, "dtype is null"));
    }

    /** Its dtype in a model of dtype {@code modelDtype}. */
    public DType dtypeIn(DType modelDtype) {
        return dtype == null ? modelDtype : dtype;
    }

    /** A trainable parameter without penalty. */
    public static ParamSpec trainable(String name, Shape shape, Initializer initializer) {
        return new ParamSpec(name, shape, initializer, true, Optional.empty());
    }

    /** A non-trainable state tensor. */
    public static ParamSpec state(String name, Shape shape, Initializer initializer) {
        return new ParamSpec(name, shape, initializer, false, Optional.empty());
    }

    /** This spec with a penalty (or none when null). */
    public ParamSpec withRegularizer(Regularizer penalty) {
        return new ParamSpec(name, shape, initializer, trainable, Optional.ofNullable(penalty), dtype, constraint);
    }

    /**
     * {@code specs} with {@code projection} as the constraint of the spec called {@code name}; unchanged when
     * {@code projection} is null or no spec has that name (a bias the layer does not use).
     */
    public static java.util.List<ParamSpec> constrain(java.util.List<ParamSpec> specs, String name,
            Constraint projection) {
        Objects.requireNonNull(specs, "specs is null");
        if (projection == null) {
            return specs;
        }
        return specs.stream().map(p -> p.name().equals(name) ? p.withConstraint(projection) : p).toList();
    }

    /** This spec with a constraint (or none when null). */
    public ParamSpec withConstraint(Constraint projection) {
        return new ParamSpec(name, shape, initializer, trainable, regularizer, dtype, Optional.ofNullable(projection));
    }
}
