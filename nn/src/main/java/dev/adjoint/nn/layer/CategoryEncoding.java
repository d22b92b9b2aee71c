package dev.adjoint.nn.layer;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import java.util.Set;

/**
 * Encodes integer category indices as vectors, as Keras's {@code CategoryEncoding}: for inputs {@code [N, k]} of
 * indices in {@code [0, numTokens)} (from a {@code dev.adjoint.nn.data.StringLookup}, say), output
 * {@code [N, numTokens]} with
 * <ul>
 *   <li>{@code "one_hot"}: one index per example ({@code k = 1}), a 1 at its position;</li>
 *   <li>{@code "multi_hot"}: a 1 at each position that occurs among the example's {@code k} indices;</li>
 *   <li>{@code "count"}: how many of the example's indices are each position.</li>
 * </ul>
 * Indices may come in an integer input or as whole numbers in the model's float input; they are cast to INT64 in the
 * graph, and one outside {@code [0, numTokens)} is an error at evaluation naming it, as in Keras. The output is in
 * the model's float dtype ({@code float32} for an integer input) and carries no gradient (indices are discrete). No
 * parameters.
 *
 * <p>As in Keras 3, whose layer does not support masking, the output carries no mask ({@link Masks#drop}).
 *
 * @param numTokens the number of categories, {@code > 0} (a {@code StringLookup}'s {@code vocabularySize()})
 * @param outputMode {@code "one_hot"}, {@code "multi_hot"} or {@code "count"} (Keras's names)
 * @param name the layer's name, or null
 */
public record CategoryEncoding(int numTokens, String outputMode, String name) implements Layer {

    private static final Set<String> MODES = Set.of("one_hot", "multi_hot", "count");

    /** Validates the configuration. */
    public CategoryEncoding {
        LayerArguments.nonNull(outputMode, "CategoryEncoding", name, "outputMode");
        if (numTokens <= 0) {
            throw new IllegalArgumentException(LayerArguments.describe("CategoryEncoding", name)
                    + ": numTokens must be > 0, got " + numTokens);
        }
        if (!MODES.contains(outputMode)) {
            throw new IllegalArgumentException(LayerArguments.describe("CategoryEncoding", name)
                    + ": outputMode must be one of one_hot, multi_hot, count," + " got '" + outputMode + "'");
        }
    }

    /** One index per example as a one-hot vector of {@code numTokens} (Keras's {@code output_mode="one_hot"}). */
    public static CategoryEncoding oneHot(int numTokens) {
        return new CategoryEncoding(numTokens, "one_hot", null);
    }

    /** The indices of an example as one multi-hot vector (Keras's {@code output_mode="multi_hot"}, its default). */
    public static CategoryEncoding multiHot(int numTokens) {
        return new CategoryEncoding(numTokens, "multi_hot", null);
    }

    /** The indices of an example counted per category (Keras's {@code output_mode="count"}). */
    public static CategoryEncoding count(int numTokens) {
        return new CategoryEncoding(numTokens, "count", null);
    }

    /** With a name. */
    public CategoryEncoding named(String newName) {
        return new CategoryEncoding(numTokens, outputMode, newName);
    }

    @Override
    public String kind() {
        return "category_encoding";
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() != 2 || input.dim(1) == Shape.BATCH) {
            throw new IllegalArgumentException(LayerArguments.describe("CategoryEncoding", name)
                    + ": input must be [N, k] indices, got " + input);
        }
        if (outputMode.equals("one_hot") && input.dim(1) != 1) {
            throw new IllegalArgumentException(LayerArguments.describe("CategoryEncoding", name)
                    + ": one_hot takes one index per example, [N, 1], got "
                    + input + "; use multi_hot or count for several");
        }
        return Shape.of(input.dim(0), numTokens);
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        Masks.drop("CategoryEncoding", name, context);
        DType out = x.dtype().isFloating() ? x.dtype() : DType.FLOAT32;
        Node indices = x.dtype() == DType.INT64 ? x : x.cast(DType.INT64);
        Node counts = indices.oneHot(numTokens, out).sum(1);            // [N, k, numTokens] summed over k
        return outputMode.equals("multi_hot") ? counts.minimum(1.0) : counts;
    }
}
