package dev.adjoint.nn.layer;

import dev.adjoint.core.graph.BinaryOp;
import dev.adjoint.core.graph.IndexOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.constraint.Constraint;
import dev.adjoint.nn.init.Initializer;
import dev.adjoint.nn.init.RandomUniform;
import dev.adjoint.nn.regularizer.Regularizer;
import java.util.List;

/**
 * A lookup table of learned vectors, as Keras's {@code Embedding}: for indices {@code x : [N, ...]} with values
 * in {@code [0, inputDim)} and the table {@code E : [inputDim, outputDim]},
 *
 * <pre>
 * y[n, ..., :] = E[x[n, ...], :]            y : [N, ..., outputDim]
 * </pre>
 *
 * The gradient of a row of E is the sum of the output gradients at the positions that picked it (a scatter-add).
 * With {@code maskZero}, index 0 is padding: the output carries the mask {@code x != 0} ({@code [N, T]} for a
 * sequence of indices) to the layers after it, and {@code inputDim} counts index 0 as in Keras. The indices are
 * read from a tensor of the model's dtype (whole numbers; a fractional, negative or too large index is an error
 * when the table is read, {@link IndexOp#lookup}: -1 is not the last row), the only dtype a model's input has today;
 * nothing here depends on it (the mask is made in the model's dtype), so integer indices need no change to this layer.
 * Default table: uniform on [-0.05, 0.05].
 *
 * @param inputDim the number of rows (the vocabulary's size)
 * @param outputDim the size of each vector
 * @param embeddingsInitializer draws E
 * @param embeddingsRegularizer penalty on E, or null
 * @param maskZero whether index 0 marks padding
 * @param embeddingsConstraint the projection of the embeddings after each update, or null
 * @param name the layer's name, or null
 */
public record Embedding(int inputDim, int outputDim, Initializer embeddingsInitializer,
        Regularizer embeddingsRegularizer, boolean maskZero, Constraint embeddingsConstraint,
        String name) implements Layer {

    /** Validates the configuration. */
    public Embedding {
        if (inputDim <= 0 || outputDim <= 0) {
            throw new IllegalArgumentException(LayerArguments.describe("Embedding", name)
                    + ": inputDim and outputDim must be > 0, got " + inputDim + " and " + outputDim);
        }
        LayerArguments.nonNull(embeddingsInitializer, "Embedding", name, "embeddingsInitializer");
    }

    /** An Embedding layer without constraints (the form before it had them). */
    public Embedding(int inputDim, int outputDim, Initializer embeddingsInitializer,
            Regularizer embeddingsRegularizer, boolean maskZero, String name) {
        this(inputDim, outputDim, embeddingsInitializer, embeddingsRegularizer, maskZero, null, name);
    }

    /**
     * With a constraint on the embeddings after each update (Keras's {@code embeddings_constraint}), or none when null.
     */
    public Embedding embeddingsConstraint(Constraint projection) {
        return new Embedding(inputDim, outputDim, embeddingsInitializer, embeddingsRegularizer, maskZero, projection,
                name);
    }

    /** A table of {@code inputDim} vectors of size {@code outputDim}, Keras's defaults, no mask. */
    public static Embedding of(int inputDim, int outputDim) {
        return new Embedding(inputDim, outputDim, new RandomUniform(), null, false, null, null);
    }

    /** With or without index 0 as padding. */
    public Embedding maskZero(boolean mask) {
        return new Embedding(inputDim, outputDim, embeddingsInitializer, embeddingsRegularizer, mask,
                embeddingsConstraint, name);
    }

    /** With another initializer of the table. */
    public Embedding embeddingsInitializer(Initializer init) {
        return new Embedding(inputDim, outputDim, init, embeddingsRegularizer, maskZero, embeddingsConstraint, name);
    }

    /** With a name. */
    public Embedding named(String newName) {
        return new Embedding(inputDim, outputDim, embeddingsInitializer, embeddingsRegularizer, maskZero,
                embeddingsConstraint, newName);
    }

    @Override
    public String kind() {
        return "embedding";
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() < 1) {
            throw new IllegalArgumentException(LayerArguments.describe("Embedding", name)
                    + ": input must be indices [N, ...], got " + input);
        }
        int[] dims = new int[input.rank() + 1];
        System.arraycopy(input.dims(), 0, dims, 0, input.rank());
        dims[input.rank()] = outputDim;
        return Shape.of(dims);
    }

    @Override
    public List<ParamSpec> params(Shape input) {
        return List.of(ParamSpec.trainable("embeddings", Shape.of(inputDim, outputDim), embeddingsInitializer)
                .withRegularizer(embeddingsRegularizer).withConstraint(embeddingsConstraint));
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        Node y = context.param("embeddings").lookup(x);
        if (maskZero) {
            context.maskOutput(x.rank() == 2
                    ? BinaryOp.notEqual(x, SourceOp.scalar(0.0, x.dtype())).cast(context.dtype()) : null);
        }
        return y;
    }
}
