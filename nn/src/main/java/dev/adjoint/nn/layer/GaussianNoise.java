package dev.adjoint.nn.layer;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;

/**
 * Additive Gaussian noise, Keras's {@code GaussianNoise}: while training, {@code y = x + stddev · z} with
 * {@code z ~ N(0, 1)} elementwise, example n's row of {@code z} drawn from the step's key, the layer's salt and the
 * example's index in the training data (see {@link LayerContext#rows()} and
 * {@link dev.adjoint.core.graph.RandomOp#normalByRow}), so an example's noise does not depend on which examples
 * share its batch or shard. The noise has mean 0, so {@code E[y] = x} and {@code Var[y] = stddev²}. The identity
 * at inference and for {@code stddev = 0}. The gradient is {@code xBar = yBar}: the noise is a constant of the
 * step, and nothing flows to the key.
 *
 * @param stddev the standard deviation of the noise, finite and {@code >= 0}
 * @param name the layer's name, or null
 */
public record GaussianNoise(double stddev, String name) implements Layer {

    /** Validates the standard deviation. */
    public GaussianNoise {
        if (!(stddev >= 0 && stddev < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(LayerArguments.describe("GaussianNoise", name)
                    + ": stddev must be finite and >= 0, got " + stddev);
        }
    }

    /** Additive noise of standard deviation {@code stddev}, unnamed. */
    public static GaussianNoise of(double stddev) {
        return new GaussianNoise(stddev, null);
    }

    /** With a name. */
    public GaussianNoise named(String newName) {
        return new GaussianNoise(stddev, newName);
    }

    @Override
    public String kind() {
        return "gaussian_noise";
    }

    @Override
    public Shape outputShape(Shape input) {
        return input;
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        if (!context.training() || stddev == 0) {
            return x;
        }
        Node floating = StandardNormal.floating(x, context);
        return floating.add(StandardNormal.like(floating, context).mul(stddev));
    }
}
