package dev.adjoint.nn.layer;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.init.GlorotUniform;
import dev.adjoint.nn.init.Initializer;
import java.util.List;

/**
 * A learned position embedding added to a sequence, as KerasHub's {@code PositionEmbedding} followed by the sum
 * a Transformer makes: for {@code x : [N, T, F]} and the table {@code P : [sequenceLength, F]},
 *
 * <pre>
 * y[n, t, :] = x[n, t, :] + P[t, :]          t &lt; T &lt;= sequenceLength
 * </pre>
 *
 * so that attention, which is blind to order, can tell the steps apart. The mask of x passes on. Default table:
 * Glorot-uniform, as in KerasHub.
 *
 * @param sequenceLength the longest sequence the table covers
 * @param initializer draws P
 * @param name the layer's name, or null
 */
public record PositionEmbedding(int sequenceLength, Initializer initializer, String name) implements Layer {

    /** Validates the configuration. */
    public PositionEmbedding {
        if (sequenceLength <= 0) {
            throw new IllegalArgumentException(LayerArguments.describe("PositionEmbedding", name)
                    + ": sequenceLength must be > 0, got " + sequenceLength);
        }
        LayerArguments.nonNull(initializer, "PositionEmbedding", name, "initializer");
    }

    /** Positions up to {@code sequenceLength}, Glorot-uniform. */
    public static PositionEmbedding of(int sequenceLength) {
        return new PositionEmbedding(sequenceLength, new GlorotUniform(), null);
    }

    /** With a name. */
    public PositionEmbedding named(String newName) {
        return new PositionEmbedding(sequenceLength, initializer, newName);
    }

    @Override
    public String kind() {
        return "position_embedding";
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() != 3 || input.dim(1) == Shape.BATCH || input.dim(2) == Shape.BATCH
                || input.dim(1) > sequenceLength) {
            throw new IllegalArgumentException(LayerArguments.describe("PositionEmbedding", name)
                    + ": input must be a sequence [N, T, features] with"
                    + " T <= " + sequenceLength + ", got " + input);
        }
        return input;
    }

    @Override
    public List<ParamSpec> params(Shape input) {
        return List.of(ParamSpec.trainable("embeddings", Shape.of(sequenceLength, outputShape(input).dim(2)),
                initializer));
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        return x.add(context.param("embeddings").slice(0, 0, x.shape().dim(1)));
    }
}
