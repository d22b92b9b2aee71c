package dev.adjoint.nn.layer;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.constraint.Constraint;
import dev.adjoint.nn.init.Initializer;
import dev.adjoint.nn.init.Zeros;
import dev.adjoint.nn.regularizer.Regularizer;
import java.util.List;
import java.util.Objects;

/**
 * Parametric ReLU (He et al. 2015): {@code y = x} for {@code x > 0} and {@code alpha * x} otherwise, with
 * trainable slopes {@code alpha}, {@code y = where(x > 0, x, alpha * x)}, alpha broadcast against {@code x}.
 * Gradients: {@code xBar = yBar * (x > 0 ? 1 : alpha)} (alpha at 0, as PyTorch's {@code prelu}; Keras's
 * {@code relu(x) - alpha * relu(-x)} gives 0 there), {@code alphaBar = yBar * min(x, 0)} summed over the batch
 * and over every axis alpha is shared along. Keras initializes {@code alpha} to zeros (a plain ReLU at first).
 *
 * <p>Which elements share a slope: with {@code sharedAxes} given (Keras's {@code shared_axes}, axes of the
 * input counted with the batch axis as 0), alpha has the input's shape without the batch axis, with 1 on each
 * shared axis: for feature maps {@code [N, H, W, C]}, {@code sharedAxes(1, 2)} gives alpha {@code [1, 1, C]},
 * one slope per channel, and none shared ({@link #of()}, {@link #slopePerElement()}, Keras's default
 * {@code shared_axes=None}) gives {@code [H, W, C]}, one per element. {@code sharedAxes} null gives alpha
 * {@code [C]}, one slope per feature of the last axis: the layout of models saved before one slope per element
 * became the default, which load with the alpha shapes they stored (for an input {@code [N, features]} both
 * layouts are the same {@code [features]}).
 *
 * <p>With an {@code alphaRegularizer} R (Keras's {@code alpha_regularizer}), the objective gains {@code R(alpha)},
 * as it gains a dense layer's {@code R(W)}.
 *
 * @param alphaInitializer draws {@code alpha}
 * @param sharedAxes the input axes ({@code 1} to {@code rank - 1}, distinct) that share one slope (empty for one
 *     slope per element), or null for one slope per feature of the last axis (the earlier default)
 * @param alphaRegularizer the penalty on alpha, or null
 * @param alphaConstraint the projection of alpha after each update, or null
 * @param name the layer's name, or null
 */
public record PReLU(Initializer alphaInitializer, List<Integer> sharedAxes, Regularizer alphaRegularizer,
        Constraint alphaConstraint, String name) implements Layer {

    /** Validates the configuration. */
    public PReLU {
        LayerArguments.nonNull(alphaInitializer, "PReLU", name, "alphaInitializer");
        if (sharedAxes != null) {
            sharedAxes = List.copyOf(sharedAxes); // throws NullPointerException for a null axis
            for (int a : sharedAxes) {
                if (a < 1) {
                    throw new IllegalArgumentException(LayerArguments.describe("PReLU", name)
                            + ": sharedAxes must be input axes after the batch axis"
                            + " (1 or more, the batch axis is 0), got " + sharedAxes);
                }
            }
            if (sharedAxes.stream().distinct().count() != sharedAxes.size()) {
                throw new IllegalArgumentException(LayerArguments.describe("PReLU", name)
                        + ": sharedAxes must be distinct, got " + sharedAxes);
            }
        }
    }

    /** A PReLU without a regularizer (the form before it had one). */
    public PReLU(Initializer alphaInitializer, List<Integer> sharedAxes, Constraint alphaConstraint, String name) {
        this(alphaInitializer, sharedAxes, null, alphaConstraint, name);
    }

    /** A PReLU without a regularizer or a constraint (the form before it had them). */
    public PReLU(Initializer alphaInitializer, List<Integer> sharedAxes, String name) {
        this(alphaInitializer, sharedAxes, null, null, name);
    }

    /**
     * A PReLU with one slope per element of an example (Keras's default, no axis shared), drawn by
     * {@code alphaInitializer}.
     */
    public PReLU(Initializer alphaInitializer, String name) {
        this(alphaInitializer, List.of(), null, null, name);
    }

    /** With a penalty on alpha (Keras's {@code alpha_regularizer}), or none when null. */
    public PReLU alphaRegularizer(Regularizer penalty) {
        return new PReLU(alphaInitializer, sharedAxes, penalty, alphaConstraint, name);
    }

    /** With a constraint on alpha after each update (Keras's {@code alpha_constraint}), or none when null. */
    public PReLU alphaConstraint(Constraint projection) {
        return new PReLU(alphaInitializer, sharedAxes, alphaRegularizer, projection, name);
    }

    /**
     * Keras's {@code PReLU()}: alpha initialized to zeros, one slope per element of an example, alpha of the
     * input's shape without the batch axis.
     */
    public static PReLU of() {
        return new PReLU(new Zeros(), List.of(), null, null, null);
    }

    /**
     * This layer with one slope shared along each of {@code axes} (Keras's {@code shared_axes}; the batch axis
     * is 0): {@code sharedAxes(1, 2)} on {@code [N, H, W, C]} gives alpha {@code [1, 1, C]}, one slope per
     * channel. {@link #slopePerElement()} shares none.
     */
    public PReLU sharedAxes(int... axes) {
        return new PReLU(alphaInitializer, LayerArguments.list(axes, "PReLU", name, "sharedAxes"), alphaRegularizer,
                alphaConstraint, name);
    }

    /**
     * This layer with one slope per element of an example, no axis shared (Keras's default
     * {@code shared_axes=None}): alpha has the input's shape without the batch axis, {@code [H, W, C]} for
     * {@code [N, H, W, C]}.
     */
    public PReLU slopePerElement() {
        return new PReLU(alphaInitializer, List.of(), alphaRegularizer, alphaConstraint, name);
    }

    /** This layer under {@code name}. */
    public PReLU named(String name) {
        return new PReLU(alphaInitializer, sharedAxes, alphaRegularizer, alphaConstraint, name);
    }

    @Override
    public String kind() {
        return "p_re_lu";
    }

    @Override
    public Shape outputShape(Shape input) {
        alphaShape(input);
        return input;
    }

    @Override
    public List<ParamSpec> params(Shape input) {
        return List.of(ParamSpec.trainable("alpha", alphaShape(input), alphaInitializer)
                .withRegularizer(alphaRegularizer).withConstraint(alphaConstraint));
    }

    /**
     * The shape of alpha for {@code input}: {@code [C]} when {@code sharedAxes} is null, else the input's shape
     * after the batch axis with 1 on each shared axis.
     *
     * @throws IllegalArgumentException naming the input when it has no feature axis, a shared axis is not one of
     *     its axes after the batch axis, or an axis with its own slopes has no concrete size
     */
    private Shape alphaShape(Shape input) {
        if (input.rank() < 2 || input.dim(-1) == Shape.BATCH) {
            throw new IllegalArgumentException(LayerArguments.describe("PReLU", name)
                    + ": input must be [N, features, ...], got " + input);
        }
        if (sharedAxes == null) {
            return Shape.of(input.dim(-1));
        }
        int[] dims = new int[input.rank() - 1];
        for (int a = 1; a < input.rank(); a++) {
            dims[a - 1] = input.dim(a);
        }
        for (int a : sharedAxes) {
            if (a >= input.rank()) {
                throw new IllegalArgumentException(LayerArguments.describe("PReLU", name)
                        + ": sharedAxes must be axes of the input after the batch axis,"
                        + " in [1, " + (input.rank() - 1) + "], got " + sharedAxes + " for input " + input);
            }
            dims[a - 1] = 1;
        }
        for (int a = 0; a < dims.length; a++) {
            if (dims[a] == Shape.BATCH) {
                throw new IllegalArgumentException(LayerArguments.describe("PReLU", name)
                        + ": axis " + (a + 1) + " of input " + input + " has no"
                        + " concrete size, so it must be one of sharedAxes, got " + sharedAxes);
            }
        }
        return Shape.of(dims);
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        // where, not relu(x) - alpha relu(-x): at x = 0 both relus have slope 0, the documented xBar is alpha
        Node alpha = context.param("alpha");
        return x.greater(SourceOp.scalar(0.0, x.dtype())).where(x, alpha.mul(x));
    }
}
