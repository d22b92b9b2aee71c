package dev.adjoint.nn.layer;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.constraint.Constraint;
import dev.adjoint.nn.init.Initializer;
import dev.adjoint.nn.init.Ones;
import dev.adjoint.nn.init.Zeros;
import dev.adjoint.nn.regularizer.Regularizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Group normalization (Wu and He 2018), as Keras 3's {@code GroupNormalization}: the C channels along
 * {@code axis} are split into G groups of {@code C / G} consecutive channels, and each example's values in a group
 * (its channels of the group at every position of the other axes) are standardized with their own mean and
 * (biased) variance. For example n, group g and channel c of g, with S the positions of the other axes:
 *
 * <pre>
 * mu[n, g]      = mean over s in S, c' in g of x[n, s, c']
 * sigma²[n, g]  = mean over s in S, c' in g of (x[n, s, c'] - mu[n, g])²
 * y[n, s, c]    = (x[n, s, c] - mu[n, g]) / sqrt(sigma²[n, g] + epsilon) * gamma[c] + beta[c]
 * </pre>
 *
 * gamma and beta hold one value per channel ({@code [C]}). One group is layer normalization over all the axes of
 * an example; {@code groups = -1} (Keras's spelling) takes G = C, instance normalization. The same in training and
 * inference (no moving statistics); {@code [N, C, H, W]} with {@code axis = 1} is PyTorch's {@code group_norm}
 * layout. As in Keras 3 ({@code supports_masking}), a mask passes to the output unchanged, and the statistics take
 * every position, masked or not. Keras's {@code beta_constraint} and {@code gamma_constraint} are
 * {@code betaConstraint} and {@code gammaConstraint}, projections applied after every optimizer update. Defaults as
 * in Keras: 32 groups, axis -1, epsilon 1e-3, gamma ones, beta zeros, no penalties, no constraints.
 *
 * @param groups G, {@code >= 1}, or -1 for one group per channel; C must be a multiple of G
 * @param axis the channel axis (negative counts from the end; not the batch axis 0)
 * @param epsilon added to the variance, finite and {@code > 0}
 * @param center whether to add beta
 * @param scale whether to multiply by gamma
 * @param betaInitializer draws beta
 * @param gammaInitializer draws gamma
 * @param betaRegularizer the penalty on beta, or null
 * @param gammaRegularizer the penalty on gamma, or null
 * @param betaConstraint the projection of beta (the offset) after each update, or null
 * @param gammaConstraint the projection of gamma (the scale) after each update, or null
 * @param name the layer's name, or null
 */
public record GroupNormalization(int groups, int axis, double epsilon, boolean center, boolean scale,
        Initializer betaInitializer, Initializer gammaInitializer, Regularizer betaRegularizer,
        Regularizer gammaRegularizer, Constraint betaConstraint, Constraint gammaConstraint,
        String name) implements Layer {

    /** Validates the configuration. */
    public GroupNormalization {
        if (groups < 1 && groups != -1) {
            throw new IllegalArgumentException(LayerArguments.describe("GroupNormalization", name)
                    + ": groups must be >= 1, or -1 for one group per" + " channel, got " + groups);
        }
        if (axis == 0) {
            throw new IllegalArgumentException(LayerArguments.describe("GroupNormalization", name)
                    + ": axis must not be the batch axis 0, got 0");
        }
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException(LayerArguments.describe("GroupNormalization", name)
                    + ": epsilon must be finite and > 0, got " + epsilon);
        }
        LayerArguments.nonNull(betaInitializer, "GroupNormalization", name, "betaInitializer");
        LayerArguments.nonNull(gammaInitializer, "GroupNormalization", name, "gammaInitializer");
    }

    /** A GroupNormalization layer without constraints (the form before it had them). */
    public GroupNormalization(int groups, int axis, double epsilon, boolean center, boolean scale,
            Initializer betaInitializer, Initializer gammaInitializer, Regularizer betaRegularizer,
            Regularizer gammaRegularizer, String name) {
        this(groups, axis, epsilon, center, scale, betaInitializer, gammaInitializer, betaRegularizer,
                gammaRegularizer, null, null, name);
    }

    /**
     * With a constraint on beta (the offset) after each update (Keras's {@code beta_constraint}), or none when null.
     */
    public GroupNormalization betaConstraint(Constraint projection) {
        return new GroupNormalization(groups, axis, epsilon, center, scale, betaInitializer, gammaInitializer,
                betaRegularizer, gammaRegularizer, projection, gammaConstraint, name);
    }

    /**
     * With a constraint on gamma (the scale) after each update (Keras's {@code gamma_constraint}), or none when null.
     */
    public GroupNormalization gammaConstraint(Constraint projection) {
        return new GroupNormalization(groups, axis, epsilon, center, scale, betaInitializer, gammaInitializer,
                betaRegularizer, gammaRegularizer, betaConstraint, projection, name);
    }

    /** Keras's defaults: 32 groups over the last axis, epsilon 1e-3, center and scale. */
    public static GroupNormalization of() {
        return of(32);
    }

    /** {@code groups} groups over the last axis, Keras's other defaults. */
    public static GroupNormalization of(int groups) {
        return new GroupNormalization(groups, -1, 1e-3, true, true, new Zeros(), new Ones(), null, null, null, null,
                null);
    }

    /** With another number of groups. */
    public GroupNormalization groups(int g) {
        return new GroupNormalization(g, axis, epsilon, center, scale, betaInitializer, gammaInitializer,
                betaRegularizer, gammaRegularizer, betaConstraint, gammaConstraint, name);
    }

    /** With the channels along {@code a} (1 for channels first). */
    public GroupNormalization axis(int a) {
        return new GroupNormalization(groups, a, epsilon, center, scale, betaInitializer, gammaInitializer,
                betaRegularizer, gammaRegularizer, betaConstraint, gammaConstraint, name);
    }

    /** With another epsilon. */
    public GroupNormalization epsilon(double e) {
        return new GroupNormalization(groups, axis, e, center, scale, betaInitializer, gammaInitializer,
                betaRegularizer, gammaRegularizer, betaConstraint, gammaConstraint, name);
    }

    /** With or without beta. */
    public GroupNormalization center(boolean c) {
        return new GroupNormalization(groups, axis, epsilon, c, scale, betaInitializer, gammaInitializer,
                betaRegularizer, gammaRegularizer, betaConstraint, gammaConstraint, name);
    }

    /** With or without gamma. */
    public GroupNormalization scale(boolean s) {
        return new GroupNormalization(groups, axis, epsilon, center, s, betaInitializer, gammaInitializer,
                betaRegularizer, gammaRegularizer, betaConstraint, gammaConstraint, name);
    }

    /** With another initializer of beta. */
    public GroupNormalization betaInitializer(Initializer init) {
        return new GroupNormalization(groups, axis, epsilon, center, scale, init, gammaInitializer, betaRegularizer,
                gammaRegularizer, betaConstraint, gammaConstraint, name);
    }

    /** With another initializer of gamma. */
    public GroupNormalization gammaInitializer(Initializer init) {
        return new GroupNormalization(groups, axis, epsilon, center, scale, betaInitializer, init, betaRegularizer,
                gammaRegularizer, betaConstraint, gammaConstraint, name);
    }

    /** With a penalty on beta (null: none). */
    public GroupNormalization betaRegularizer(Regularizer penalty) {
        return new GroupNormalization(groups, axis, epsilon, center, scale, betaInitializer, gammaInitializer,
                penalty, gammaRegularizer, betaConstraint, gammaConstraint, name);
    }

    /** With a penalty on gamma (null: none). */
    public GroupNormalization gammaRegularizer(Regularizer penalty) {
        return new GroupNormalization(groups, axis, epsilon, center, scale, betaInitializer, gammaInitializer,
                betaRegularizer, penalty, betaConstraint, gammaConstraint, name);
    }

    /** With a name. */
    public GroupNormalization named(String newName) {
        return new GroupNormalization(groups, axis, epsilon, center, scale, betaInitializer, gammaInitializer,
                betaRegularizer, gammaRegularizer, betaConstraint, gammaConstraint, newName);
    }

    @Override
    public String kind() {
        return "group_normalization";
    }

    /** The channel axis of the input, in {@code [1, rank)}, after checking that its channels split into groups. */
    private int channelAxis(Shape input) {
        int r = input.rank();
        int a = axis < 0 ? axis + r : axis;
        if (r < 2 || a < 1 || a >= r || input.dim(a) == Shape.BATCH) {
            throw new IllegalArgumentException(LayerArguments.describe("GroupNormalization", name)
                    + ": axis " + axis + " must be a concrete axis other"
                    + " than the batch axis of the input [N, ..., channels], got " + input);
        }
        int channels = input.dim(a);
        if (channels % groupsOf(channels) != 0) {
            throw new IllegalArgumentException(LayerArguments.describe("GroupNormalization", name)
                    + ": the channels must be a multiple of groups, got "
                    + channels + " channels (axis " + axis + " of " + input + ") and " + groups + " groups");
        }
        return a;
    }

    /** G for C channels. */
    private int groupsOf(int channels) {
        return groups == -1 ? channels : groups;
    }

    @Override
    public Shape outputShape(Shape input) {
        channelAxis(input);
        return input;
    }

    @Override
    public List<ParamSpec> params(Shape input) {
        Shape channels = Shape.of(input.dim(channelAxis(input)));
        List<ParamSpec> specs = new ArrayList<>();
        if (scale) {
            specs.add(ParamSpec.trainable("gamma", channels, gammaInitializer).withRegularizer(gammaRegularizer));
        }
        if (center) {
            specs.add(ParamSpec.trainable("beta", channels, betaInitializer).withRegularizer(betaRegularizer));
        }
        return ParamSpec.constrain(ParamSpec.constrain(specs, "gamma", gammaConstraint), "beta", betaConstraint);
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        Shape shape = x.shape();
        int a = channelAxis(shape);
        int channels = shape.dim(a);
        int g = groupsOf(channels);
        // x as [N, ..., G, C / G, ...]: the group axis at a, its channels at a + 1; the statistics reduce every
        // axis but the batch's and the group's
        int[] grouped = new int[x.rank() + 1];
        int[] reduced = new int[x.rank() - 1];
        for (int i = 0, k = 0; i < grouped.length; i++) {
            grouped[i] = i < a ? shape.dim(i) : i == a ? g : i == a + 1 ? channels / g : shape.dim(i - 1);
            if (i != 0 && i != a) {
                reduced[k++] = i;
            }
        }
        Node xg = x.reshape(grouped);
        Node centered = xg.sub(xg.mean(true, reduced));
        Node y = centered.mul(centered.square().mean(true, reduced).add(epsilon).rsqrt()).reshape(shape);
        int[] broadcast = new int[x.rank()];
        Arrays.fill(broadcast, 1);
        broadcast[a] = channels;
        if (scale) {
            y = y.mul(context.param("gamma").reshape(broadcast));
        }
        return center ? y.add(context.param("beta").reshape(broadcast)) : y;
    }
}
