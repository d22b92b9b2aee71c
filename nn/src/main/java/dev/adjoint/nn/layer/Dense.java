package dev.adjoint.nn.layer;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.constraint.Constraint;
import dev.adjoint.nn.activation.Activation;
import dev.adjoint.nn.activation.Linear;
import dev.adjoint.nn.init.GlorotUniform;
import dev.adjoint.nn.init.Initializer;
import dev.adjoint.nn.init.Zeros;
import dev.adjoint.nn.regularizer.Regularizer;
import java.util.ArrayList;
import java.util.List;

/**
 * A fully connected layer: {@code z = x·W + b}, {@code a = activation(z)}, with {@code x : [N, in]},
 * {@code W : [in, units]} (the {@code kernel}) and {@code b : [units]} (the {@code bias}). This is the notes'
 * {@code z = W·x + b} with examples as rows instead of columns, which is why {@code W} is transposed.
 *
 * <p>Defaults as in Keras: Glorot-uniform kernel, zero bias, linear activation, no penalties, no constraints
 * ({@link dev.adjoint.nn.constraint.Constraint}, projected after every update). Inputs of
 * higher rank are multiplied along their last axis. With an {@code activityRegularizer} R, the objective gains
 * {@code R(a) / N} for the output {@code a : [N, ..., units]} (Keras 3's activity loss, divided by the batch size;
 * see {@link Layer#activityRegularizer()}).
 *
 * @param units the number of outputs
 * @param activation applied to {@code z}
 * @param useBias whether to add {@code b}
 * @param kernelInitializer draws {@code W}
 * @param biasInitializer draws {@code b}
 * @param kernelRegularizer the penalty on {@code W}, or null
 * @param biasRegularizer the penalty on {@code b}, or null
 * @param activityRegularizer the penalty on the output {@code a}, or null
 * @param kernelConstraint the projection of {@code W} after each update, or null
 * @param biasConstraint the projection of {@code b} after each update, or null
 * @param name the layer's name, or null
 */
public record Dense(int units, Activation activation, boolean useBias, Initializer kernelInitializer,
        Initializer biasInitializer, Regularizer kernelRegularizer, Regularizer biasRegularizer,
        Regularizer activityRegularizer, Constraint kernelConstraint, Constraint biasConstraint,
        String name) implements Layer {

    /** Validates the configuration. */
    public Dense {
        if (units <= 0) {
            throw new IllegalArgumentException(LayerArguments.describe("Dense", name)
                    + ": units must be > 0, got " + units);
        }
        LayerArguments.nonNull(activation, "Dense", name, "activation", "use new Linear() for none");
        LayerArguments.nonNull(kernelInitializer, "Dense", name, "kernelInitializer");
        LayerArguments.nonNull(biasInitializer, "Dense", name, "biasInitializer");
    }

    /** A Dense layer without constraints (the form before it had them). */
    public Dense(int units, Activation activation, boolean useBias, Initializer kernelInitializer,
            Initializer biasInitializer, Regularizer kernelRegularizer, Regularizer biasRegularizer,
            Regularizer activityRegularizer, String name) {
        this(units, activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer,
                activityRegularizer, null, null, name);
    }

    /** With a constraint on {@code W} after each update (Keras's {@code kernel_constraint}), or none when null. */
    public Dense kernelConstraint(Constraint projection) {
        return new Dense(units, activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer,
                biasRegularizer, activityRegularizer, projection, biasConstraint, name);
    }

    /** With a constraint on {@code b} after each update (Keras's {@code bias_constraint}), or none when null. */
    public Dense biasConstraint(Constraint projection) {
        return new Dense(units, activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer,
                biasRegularizer, activityRegularizer, kernelConstraint, projection, name);
    }

    /** A dense layer without an activity regularizer (the form before it had one). */
    public Dense(int units, Activation activation, boolean useBias, Initializer kernelInitializer,
            Initializer biasInitializer, Regularizer kernelRegularizer, Regularizer biasRegularizer, String name) {
        this(units, activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, null,
                null, null,
                name);
    }

    /** A dense layer of {@code units} outputs with Keras's defaults. */
    public static Dense of(int units) {
        return new Dense(units, new Linear(), true, new GlorotUniform(), new Zeros(), null, null, null, null, null,
                null);
    }

    /** A dense layer of {@code units} outputs and an activation. */
    public static Dense of(int units, Activation activation) {
        return of(units).activation(activation);
    }

    /** With another activation. */
    public Dense activation(Activation a) {
        return new Dense(units, a, useBias, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer,
                activityRegularizer, kernelConstraint, biasConstraint, name);
    }

    /** With or without bias. */
    public Dense useBias(boolean use) {
        return new Dense(units, activation, use, kernelInitializer, biasInitializer, kernelRegularizer,
                biasRegularizer, activityRegularizer, kernelConstraint, biasConstraint, name);
    }

    /** With another kernel initializer. */
    public Dense kernelInitializer(Initializer init) {
        return new Dense(units, activation, useBias, init, biasInitializer, kernelRegularizer, biasRegularizer,
                activityRegularizer, kernelConstraint, biasConstraint, name);
    }

    /** With another bias initializer. */
    public Dense biasInitializer(Initializer init) {
        return new Dense(units, activation, useBias, kernelInitializer, init, kernelRegularizer, biasRegularizer,
                activityRegularizer, kernelConstraint, biasConstraint, name);
    }

    /** With a penalty on the kernel. */
    public Dense kernelRegularizer(Regularizer penalty) {
        return new Dense(units, activation, useBias, kernelInitializer, biasInitializer, penalty, biasRegularizer,
                activityRegularizer, kernelConstraint, biasConstraint, name);
    }

    /** With a penalty on the bias. */
    public Dense biasRegularizer(Regularizer penalty) {
        return new Dense(units, activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer, penalty,
                activityRegularizer, kernelConstraint, biasConstraint, name);
    }

    /** With a penalty on the output (Keras's {@code activity_regularizer}). */
    public Dense activityRegularizer(Regularizer penalty) {
        return new Dense(units, activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer,
                biasRegularizer, penalty, kernelConstraint, biasConstraint, name);
    }

    /** With a name. */
    public Dense named(String newName) {
        return new Dense(units, activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer,
                biasRegularizer, activityRegularizer, kernelConstraint, biasConstraint, newName);
    }

    @Override
    public String kind() {
        return "dense";
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() < 2 || input.dim(-1) == Shape.BATCH) {
            throw new IllegalArgumentException(LayerArguments.describe("Dense", name)
                    + ": input must be [N, features] (or higher rank with concrete" + " features), got " + input);
        }
        return input.with(-1, units);
    }

    @Override
    public List<ParamSpec> params(Shape input) {
        outputShape(input);
        List<ParamSpec> specs = new ArrayList<>();
        specs.add(ParamSpec.trainable("kernel", Shape.of(input.dim(-1), units), kernelInitializer)
                .withRegularizer(kernelRegularizer)
                .withConstraint(kernelConstraint));
        if (useBias) {
            specs.add(ParamSpec.trainable("bias", Shape.of(units), biasInitializer).withRegularizer(biasRegularizer)
                    .withConstraint(biasConstraint));
        }
        return specs;
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        Node z = x.matmul(context.param("kernel"));
        if (useBias) {
            z = z.add(context.param("bias"));
        }
        return activation.apply(z);
    }
}
