package dev.adjoint.nn.layer;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.constraint.Constraint;
import dev.adjoint.nn.init.Ones;
import dev.adjoint.nn.init.Zeros;
import java.util.ArrayList;
import java.util.List;

/**
 * Layer normalization (Ba, Kiros and Hinton 2016), as Keras's {@code LayerNormalization}: for each example and
 * each position outside the normalized axes A (by default the last axis), with {@code mu} and {@code sigma²} the
 * mean and (biased) variance over the axes A,
 *
 * <pre>
 * y = (x - mu) / sqrt(sigma² + epsilon) * gamma + beta          gamma, beta : [d_a for a in A]
 * </pre>
 *
 * gamma and beta hold one value per cell of the normalized axes, in the order A lists them, and are reshaped onto
 * those axes as Keras reshapes them (so list the axes in increasing order to have gamma's axes in the input's
 * order). The same in training and inference (no moving statistics); over axes after the time axis the statistics
 * are per step, so a sequence's masked steps do not touch the others. Defaults as in Keras: axis -1, epsilon 1e-3,
 * gamma ones, beta zeros.
 *
 * @param axis the normalized axes A, distinct, none the batch axis 0 (negative counts from the end)
 * @param epsilon added to the variance, > 0
 * @param center whether to add beta
 * @param scale whether to multiply by gamma
 * @param betaConstraint the projection of beta (the offset) after each update, or null
 * @param gammaConstraint the projection of gamma (the scale) after each update, or null
 * @param name the layer's name, or null
 */
public record LayerNormalization(List<Integer> axis, double epsilon, boolean center, boolean scale,
        Constraint betaConstraint, Constraint gammaConstraint, String name)
        implements Layer {

    /** Validates the axes and epsilon. */
    public LayerNormalization {
        LayerArguments.nonNull(axis, "LayerNormalization", name, "axis");
        axis = List.copyOf(axis);
        if (axis.isEmpty() || axis.contains(0)) {
            throw new IllegalArgumentException(LayerArguments.describe("LayerNormalization", name)
                    + ": axis must list one or more axes other than the" + " batch axis 0, got " + axis);
        }
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
            throw new IllegalArgumentException(LayerArguments.describe("LayerNormalization", name)
                    + ": epsilon must be finite and > 0, got " + epsilon);
        }
    }

    /** A LayerNormalization layer without constraints (the form before it had them). */
    public LayerNormalization(List<Integer> axis, double epsilon, boolean center, boolean scale, String name) {
        this(axis, epsilon, center, scale, null, null, name);
    }

    /**
     * With a constraint on beta (the offset) after each update (Keras's {@code beta_constraint}), or none when null.
     */
    public LayerNormalization betaConstraint(Constraint projection) {
        return new LayerNormalization(axis, epsilon, center, scale, projection, gammaConstraint, name);
    }

    /**
     * With a constraint on gamma (the scale) after each update (Keras's {@code gamma_constraint}), or none when null.
     */
    public LayerNormalization gammaConstraint(Constraint projection) {
        return new LayerNormalization(axis, epsilon, center, scale, betaConstraint, projection, name);
    }

    /** Keras's defaults: the last axis, epsilon 1e-3, center and scale. */
    public static LayerNormalization of() {
        return new LayerNormalization(List.of(-1), 1e-3, true, true, null, null, null);
    }

    /** Normalizing over these axes (Keras's {@code axis}, an int or a list). */
    public LayerNormalization axis(int... axes) {
        List<Integer> list = LayerArguments.list(axes, "LayerNormalization", name, "axis");
        return new LayerNormalization(list, epsilon, center, scale, betaConstraint, gammaConstraint, name);
    }

    /** With another epsilon. */
    public LayerNormalization epsilon(double e) {
        return new LayerNormalization(axis, e, center, scale, betaConstraint, gammaConstraint, name);
    }

    /** With or without beta. */
    public LayerNormalization center(boolean c) {
        return new LayerNormalization(axis, epsilon, c, scale, betaConstraint, gammaConstraint, name);
    }

    /** With or without gamma. */
    public LayerNormalization scale(boolean s) {
        return new LayerNormalization(axis, epsilon, center, s, betaConstraint, gammaConstraint, name);
    }

    /** With a name. */
    public LayerNormalization named(String newName) {
        return new LayerNormalization(axis, epsilon, center, scale, betaConstraint, gammaConstraint, newName);
    }

    @Override
    public String kind() {
        return "layer_normalization";
    }

    /** The normalized axes of the input, each in {@code [1, rank)}, in the order {@link #axis} lists them. */
    private int[] axes(Shape input) {
        return LayerAxes.resolve("LayerNormalization", axis, input, true);
    }

    @Override
    public Shape outputShape(Shape input) {
        axes(input);
        return input;
    }

    @Override
    public List<ParamSpec> params(Shape input) {
        int[] axes = axes(input);
        int[] dims = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            dims[i] = input.dim(axes[i]);
        }
        Shape features = Shape.of(dims);
        List<ParamSpec> specs = new ArrayList<>();
        if (scale) {
            specs.add(ParamSpec.trainable("gamma", features, new Ones()));
        }
        if (center) {
            specs.add(ParamSpec.trainable("beta", features, new Zeros()));
        }
        return ParamSpec.constrain(ParamSpec.constrain(specs, "gamma", gammaConstraint), "beta", betaConstraint);
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        int[] axes = axes(x.shape());
        // gamma and beta [d_a for a in A] reshaped onto the normalized axes, 1 elsewhere (Keras's broadcast shape)
        int[] broadcast = new int[x.rank()];
        java.util.Arrays.fill(broadcast, 1);
        for (int a : axes) {
            broadcast[a] = x.shape().dim(a);
        }
        Node centered = x.sub(x.mean(true, axes));
        Node y = centered.div(centered.square().mean(true, axes).add(epsilon).sqrt());
        if (scale) {
            y = y.mul(context.param("gamma").reshape(broadcast));
        }
        return center ? y.add(context.param("beta").reshape(broadcast)) : y;
    }
}
