package dev.adjoint.nn.layer;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.RandomOp;
import dev.adjoint.core.tensor.Shape;

/**
 * Inverted dropout: while training, each element is kept with probability {@code 1 - rate} and scaled by
 * {@code 1 / (1 - rate)}, so the expected output equals the input: {@code y = x * m / (1 - rate)} with
 * {@code m ~ Bernoulli(1 - rate)} drawn from the step's key and each example's index in the training data
 * (so an example's mask does not depend on which examples share its batch or shard). At inference it is the identity.
 * The gradient is {@code xBar = yBar * m / (1 - rate)}: dropped units get no gradient.
 *
 * @param rate the fraction of elements dropped, in [0, 1)
 * @param name the layer's name, or null
 */
public record Dropout(double rate, String name) implements Layer {

    /** Validates the rate. */
    public Dropout {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException(LayerArguments.describe("Dropout", name)
                    + ": rate must be in [0, 1), got " + rate);
        }
    }

    /** Dropout with the given rate. */
    public static Dropout of(double rate) {
        return new Dropout(rate, null);
    }

    /** With a name. */
    public Dropout named(String newName) {
        return new Dropout(rate, newName);
    }

    @Override
    public String kind() {
        return "dropout";
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
        Node mask = RandomOp.bernoulliByRow(context.key(), context.rows(), x.shape(), x.dtype(), 1 - rate,
                context.salt());
        return x.mul(mask.cast(x.dtype())).mul(1 / (1 - rate));
    }
}
