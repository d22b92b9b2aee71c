package dev.adjoint.nn.layer;

import dev.adjoint.core.graph.BinaryOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.ReduceOp;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.constraint.Constraint;
import dev.adjoint.nn.init.Ones;
import dev.adjoint.nn.init.Zeros;
import java.util.ArrayList;
import java.util.List;

/**
 * Batch normalization (Ioffe and Szegedy 2015) of each feature along {@code axis}, the remedy the notes give
 * for internal covariate shift: the features of a dense layer's output ({@code [N, units]}, axis -1), the
 * channels of a convolution's ({@code [N, H, W, C]} with axis -1, or {@code [N, C, H, W]} with axis 1), each
 * normalized over the batch and every other axis (all the positions of a feature map share its statistics).
 *
 * <p>Training: with {@code mu} and {@code sigma²} the mean and (biased) variance of each feature over the
 * batch and the other axes, {@code y = gamma * (x - mu) / sqrt(sigma² + epsilon) + beta}; gradients flow
 * through {@code mu} and {@code sigma²}. With the features last (the default), no mask, and both gamma and beta, this
 * is core's {@code batchNormalize}, whose gradient is the closed form {@code gamma r (yBar - mean(yBar) - x̂ mean(yBar
 * x̂))}: the same values, and about half the passes over the activations in the backward step. The step also
 * outputs new moving averages {@code m' = momentum * m + (1 - momentum) * mu}
 * and {@code v' = momentum * v + (1 - momentum) * sigma²} (as state, not differentiated). Inference: the
 * moving averages replace the batch statistics, so a prediction does not depend on the rest of its batch.
 * With a mask on a sequence input ({@code [N, T, ...]}, from {@code Masking} or an embedding with
 * {@code maskZero}), the batch statistics are those of the present steps only, as Keras 3 computes them:
 * {@code mu = sum(m x) / (sum m + 1e-7)}, {@code sigma² = sum(m (m x - mu)²) / (sum m + 1e-7)}, the sums over the
 * batch and the other axes, {@code m} 1 at a present step; every step is normalized with them, and the mask
 * passes on.
 * A {@link Frozen} batch normalization runs as in inference while training too (Keras's {@code trainable =
 * False}): it normalizes with its moving averages and leaves them unchanged.
 * Without {@code center} the layer has no beta (Keras's {@code center=False}: {@code beta = 0}), without
 * {@code scale} no gamma ({@code gamma = 1}); the parameter counts follow.
 * Keras defaults: axis -1, momentum 0.99, epsilon 1e-3, center and scale, gamma = 1, beta = 0.
 *
 * @param axis the feature axis (negative counts from the end; not the batch axis 0)
 * @param momentum the moving-average factor, in [0, 1)
 * @param epsilon added to the variance, > 0
 * @param center whether the layer has the offset beta
 * @param scale whether the layer has the factor gamma
 * @param betaConstraint the projection of beta (the offset) after each update, or null
 * @param gammaConstraint the projection of gamma (the scale) after each update, or null
 * @param name the layer's name, or null
 */
public record BatchNormalization(int axis, double momentum, double epsilon, boolean center, boolean scale,
        Constraint betaConstraint, Constraint gammaConstraint, String name) implements Layer {

    /** Validates the configuration. */
    public BatchNormalization {
        if (axis == 0) {
            throw new IllegalArgumentException(LayerArguments.describe("BatchNormalization", name)
                    + ": axis must not be the batch axis 0, got 0");
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException(LayerArguments.describe("BatchNormalization", name)
                    + ": momentum must be in [0, 1), got " + momentum);
        }
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException(LayerArguments.describe("BatchNormalization", name)
                    + ": epsilon must be finite and > 0, got " + epsilon);
        }
    }

    /** A BatchNormalization layer without constraints (the form before it had them). */
    public BatchNormalization(int axis, double momentum, double epsilon, boolean center, boolean scale, String name) {
        this(axis, momentum, epsilon, center, scale, null, null, name);
    }

    /**
     * With a constraint on beta (the offset) after each update (Keras's {@code beta_constraint}), or none when null.
     */
    public BatchNormalization betaConstraint(Constraint projection) {
        return new BatchNormalization(axis, momentum, epsilon, center, scale, projection, gammaConstraint, name);
    }

    /**
     * With a constraint on gamma (the scale) after each update (Keras's {@code gamma_constraint}), or none when null.
     */
    public BatchNormalization gammaConstraint(Constraint projection) {
        return new BatchNormalization(axis, momentum, epsilon, center, scale, betaConstraint, projection, name);
    }

    /** Keras's defaults: the last axis, momentum 0.99, epsilon 1e-3. */
    public static BatchNormalization of() {
        return new BatchNormalization(-1, 0.99, 1e-3, true, true, null, null, null);
    }

    /** Normalizing the features along {@code a} (1 for channels-first images). */
    public BatchNormalization axis(int a) {
        return new BatchNormalization(a, momentum, epsilon, center, scale, betaConstraint, gammaConstraint, name);
    }

    /** With another momentum. */
    public BatchNormalization momentum(double m) {
        return new BatchNormalization(axis, m, epsilon, center, scale, betaConstraint, gammaConstraint, name);
    }

    /** With another epsilon. */
    public BatchNormalization epsilon(double e) {
        return new BatchNormalization(axis, momentum, e, center, scale, betaConstraint, gammaConstraint, name);
    }

    /** With or without the offset beta (Keras's {@code center}). */
    public BatchNormalization center(boolean c) {
        return new BatchNormalization(axis, momentum, epsilon, c, scale, betaConstraint, gammaConstraint, name);
    }

    /** With or without the factor gamma (Keras's {@code scale}). */
    public BatchNormalization scale(boolean s) {
        return new BatchNormalization(axis, momentum, epsilon, center, s, betaConstraint, gammaConstraint, name);
    }

    /** With a name. */
    public BatchNormalization named(String newName) {
        return new BatchNormalization(axis, momentum, epsilon, center, scale, betaConstraint, gammaConstraint, newName);
    }

    /** The feature axis of a rank-{@code rank} input, in {@code [1, rank)}. */
    private int featureAxis(Shape input) {
        int r = input.rank();
        int a = axis < 0 ? axis + r : axis;
        if (r < 2 || a < 1 || a >= r || input.dim(a) == Shape.BATCH) {
            throw new IllegalArgumentException(LayerArguments.describe("BatchNormalization", name)
                    + ": axis " + axis + " must be a concrete axis other"
                    + " than the batch axis of the input [N, ..., features], got " + input);
        }
        return a;
    }

    /** Keras's {@code backend.epsilon()}, added to the count of present positions of masked moments. */
    private static final double MASKED_EPSILON = 1e-7;

    /**
     * The mask {@code [N, T]} as {@code [N, T, 1, ..., 1]} in x's dtype (1 where a step is present), when x is a
     * sequence {@code [N, T, ...]} normalized along an axis after its time axis; else null (no mask, or one the
     * statistics cannot follow).
     */
    private static Node presentSteps(Node x, int feature, Node mask) {
        if (mask == null || feature < 2 || mask.rank() != 2 || !mask.shape().equals(Shape.of(x.shape().dim(0),
                x.shape().dim(1)))) {
            return null;
        }
        int[] dims = new int[x.rank()];
        java.util.Arrays.fill(dims, 1);
        dims[0] = mask.shape().dim(0);
        dims[1] = mask.shape().dim(1);
        Node present = BinaryOp.notEqual(mask, SourceOp.scalar(0.0, mask.dtype())).cast(x.dtype());
        return present.reshape(dims);
    }

    /** The positions of one feature in one step: the product of x's axes after the time axis but the feature's. */
    private static double positionsPerStep(Node x, int feature) {
        double positions = 1;
        for (int a = 2; a < x.rank(); a++) {
            positions *= a == feature ? 1 : x.shape().dim(a);
        }
        return positions;
    }

    @Override
    public String kind() {
        return "batch_normalization";
    }

    @Override
    public Shape outputShape(Shape input) {
        featureAxis(input);
        return input;
    }

    @Override
    public List<ParamSpec> params(Shape input) {
        Shape features = Shape.of(input.dim(featureAxis(input)));
        List<ParamSpec> specs = new ArrayList<>();
        if (scale) {
            specs.add(ParamSpec.trainable("gamma", features, new Ones()));
        }
        if (center) {
            specs.add(ParamSpec.trainable("beta", features, new Zeros()));
        }
        specs.add(ParamSpec.state("moving_mean", features, new Zeros()));
        specs.add(ParamSpec.state("moving_variance", features, new Ones()));
        return ParamSpec.constrain(ParamSpec.constrain(specs, "gamma", gammaConstraint), "beta", betaConstraint);
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        int feature = featureAxis(x.shape());
        int[] reduced = new int[x.rank() - 1];
        for (int a = 0, i = 0; a < x.rank(); a++) {
            if (a != feature) {
                reduced[i++] = a;
            }
        }
        // the per-feature vectors [C] as [C, 1, ..., 1] for the axes after the feature axis (none when it is last)
        int[] broadcast = new int[x.rank() - feature];
        java.util.Arrays.fill(broadcast, 1);
        broadcast[0] = x.shape().dim(feature);
        Node mean;
        Node variance;
        boolean standardized = false; // core's batchNormalize: the features last, no mask, gamma and beta
        if (context.training() && context.trainable()) {
            Node present = presentSteps(x, feature, context.mask());
            if (present == null) {
                standardized = feature == x.rank() - 1 && scale && center;
                mean = ReduceOp.mean(x, false, reduced);
                variance = ReduceOp.mean(x.sub(mean.reshape(broadcast)).square(), false, reduced);
            } else { // Keras 3's masked moments: the statistics of the present steps only
                Node weighted = x.mul(present);
                Node count = ReduceOp.sum(present, false).mul(positionsPerStep(x, feature)).add(MASKED_EPSILON);
                mean = ReduceOp.sum(weighted, false, reduced).div(count);
                variance = ReduceOp.sum(present.mul(weighted.sub(mean.reshape(broadcast)).square()), false, reduced)
                        .div(count);
            }
            Node keep = mean.stopGradient();
            Node keepVar = variance.stopGradient();
            context.updateState("moving_mean",
                    context.param("moving_mean").mul(momentum).add(keep.mul(1 - momentum)));
            context.updateState("moving_variance",
                    context.param("moving_variance").mul(momentum).add(keepVar.mul(1 - momentum)));
        } else {
            mean = context.param("moving_mean");
            variance = context.param("moving_variance");
        }
        if (standardized) {
            return x.batchNormalize(context.param("gamma"), context.param("beta"), epsilon);
        }
        Node normalized = x.sub(mean.reshape(broadcast)).div(variance.add(epsilon).sqrt().reshape(broadcast));
        Node scaled = scale ? normalized.mul(context.param("gamma").reshape(broadcast)) : normalized;
        return center ? scaled.add(context.param("beta").reshape(broadcast)) : scaled;
    }
}
