package dev.adjoint.nn.layer;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import java.util.List;

/**
 * Permutes the axes of every example, Keras's {@code Permute}: with {@code dims = (p_1, ..., p_k)} a permutation
 * of {@code 1..k} (the batch axis 0 stays), {@code y[n, i_1, ..., i_k] = x[n, j_1, ..., j_k]} where
 * {@code j_{p_a} = i_a}; output axis a is input axis {@code p_a}, so {@code (2, 1)} turns {@code [N, T, F]} into
 * {@code [N, F, T]}. No parameters. As in Keras 3, whose {@code Permute} does not support masking, the output
 * carries no mask ({@link Masks#drop}, which warns as Keras does).
 *
 * @param dims the permutation of the axes after the batch axis, counted from 1
 * @param name the layer's name, or null
 */
public record Permute(List<Integer> dims, String name) implements Layer {

    /** Validates that dims is a permutation of {@code 1..k}. */
    public Permute {
        LayerArguments.nonNull(dims, "Permute", name, "dims");
        dims = List.copyOf(dims);
        if (!dims.stream().sorted().toList().equals(java.util.stream.IntStream.rangeClosed(1, dims.size()).boxed()
                .toList())) {
            throw new IllegalArgumentException(LayerArguments.describe("Permute", name)
                    + ": dims must hold each of 1 .. " + dims.size()
                    + " once (the batch axis 0 is not permuted), got " + dims);
        }
    }

    /** Keras's {@code Permute(dims)}. */
    public static Permute of(int... dims) {
        return new Permute(java.util.Arrays.stream(dims).boxed().toList(), null);
    }

    /** With a name. */
    public Permute named(String newName) {
        return new Permute(dims, newName);
    }

    @Override
    public String kind() {
        return "permute";
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() != dims.size() + 1) {
            throw new IllegalArgumentException(LayerArguments.describe("Permute", name)
                    + ": dims " + dims + " permutes inputs of rank " + (dims.size() + 1)
                    + " [N, d_1, ..., d_" + dims.size() + "], got " + input);
        }
        int[] out = new int[input.rank()];
        out[0] = input.dim(0);
        for (int a = 0; a < dims.size(); a++) {
            out[a + 1] = input.dim(dims.get(a));
        }
        return Shape.of(out);
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        outputShape(x.shape());
        int[] perm = new int[x.rank()];
        for (int a = 0; a < dims.size(); a++) {
            perm[a + 1] = dims.get(a);
        }
        Masks.drop("Permute", name, context);
        return x.permute(perm);
    }
}
