package dev.adjoint.nn.layer;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;

/**
 * Multiplicative 1-centred Gaussian noise, Keras's {@code GaussianDropout} (Srivastava et al. 2014, section 10):
 * while training, {@code y = x · (1 + s · z)} with {@code s = sqrt(rate / (1 - rate))} and {@code z ~ N(0, 1)}
 * elementwise, example n's row of {@code z} drawn from the step's key, the layer's salt and the example's index in
 * the training data (see {@link LayerContext#rows()} and {@link dev.adjoint.core.graph.RandomOp#normalByRow}), so
 * an example's noise does not depend on which examples share its batch or shard. The factor {@code 1 + s·z} has
 * mean 1 and variance {@code rate / (1 - rate)}, those of inverted {@link Dropout}'s {@code m / (1 - rate)}, so
 * {@code E[y] = x}. The identity at inference and for {@code rate = 0}. The gradient is
 * {@code xBar = yBar · (1 + s · z)}: the noise is a constant of the step, and nothing flows to the key.
 *
 * @param rate the drop probability whose variance the noise matches, in [0, 1)
 * @param name the layer's name, or null
 */
public record GaussianDropout(double rate, String name) implements Layer {

    /** Validates the rate. */
    public GaussianDropout {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException(LayerArguments.describe("GaussianDropout", name)
                    + ": rate must be in [0, 1), got " + rate);
        }
    }

    /** Gaussian dropout with the given rate, unnamed. */
    public static GaussianDropout of(double rate) {
        return new GaussianDropout(rate, null);
    }

    /** With a name. */
    public GaussianDropout named(String newName) {
        return new GaussianDropout(rate, newName);
    }

    /** The standard deviation of the multiplicative factor, {@code sqrt(rate / (1 - rate))}. */
    public double stddev() {
        return Math.sqrt(rate / (1 - rate));
    }

    @Override
    public String kind() {
        return "gaussian_dropout";
    }

    @Override
    public Shape outputShape(Shape input) {
        return input;
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        if (!context.training() || rate == 0) {
            return x;
        }
        Node floating = StandardNormal.floating(x, context);
        return floating.mul(StandardNormal.like(floating, context).mul(stddev()).add(1));
    }
}
