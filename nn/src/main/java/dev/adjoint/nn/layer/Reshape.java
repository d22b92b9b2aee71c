package dev.adjoint.nn.layer;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import java.util.List;
import java.util.Objects;

/**
 * Reshapes every example, Keras's {@code Reshape}: {@code [N, d1, ..., dk] -> [N, targetShape...]}, the same
 * elements in row-major order; one entry of the target may be -1, inferred from the element count. No
 * parameters.
 *
 * <p>As in Keras 3, whose layer does not support masking, the output carries no mask ({@link Masks#drop}).
 *
 * @param targetShape the shape of one example, without the batch axis
 * @param name the layer's name, or null
 */
public record Reshape(List<Integer> targetShape, String name) implements Layer {

    /** Validates the target: entries >= 1, or a single -1. */
    public Reshape {
        LayerArguments.nonNull(targetShape, "Reshape", name, "targetShape");
        for (int i = 0; i < targetShape.size(); i++) {
            LayerArguments.nonNull(targetShape.get(i), "Reshape", name, "targetShape entry " + i);
        }
        targetShape = List.copyOf(targetShape);
        long unknown = targetShape.stream().filter(d -> d == -1).count();
        if (unknown > 1 || targetShape.stream().anyMatch(d -> d == 0 || d < -1)) {
            throw new IllegalArgumentException(LayerArguments.describe("Reshape", name)
                    + ": targetShape must hold sizes >= 1 and at most one -1, got " + targetShape);
        }
    }

    /** Reshaping every example to {@code targetShape}. */
    public static Reshape of(int... targetShape) {
        Objects.requireNonNull(targetShape, "Reshape: targetShape is null");
        return new Reshape(java.util.Arrays.stream(targetShape).boxed().toList(), null);
    }

    /** With a name. */
    public Reshape named(String newName) {
        return new Reshape(targetShape, newName);
    }

    @Override
    public String kind() {
        return "reshape";
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() < 1) {
            throw new IllegalArgumentException(LayerArguments.describe("Reshape", name)
                    + ": input must have a batch axis, got " + input);
        }
        long count = 1;
        for (int a = 1; a < input.rank(); a++) {
            if (input.dim(a) == Shape.BATCH) {
                throw new IllegalArgumentException(LayerArguments.describe("Reshape", name)
                        + ": only the batch axis may be N, got " + input);
            }
            count *= input.dim(a);
        }
        long known = 1;
        for (int d : targetShape) {
            known *= d == -1 ? 1 : d;
        }
        boolean infer = targetShape.contains(-1);
        if (infer ? known == 0 || count % known != 0 : known != count) {
            throw new IllegalArgumentException(LayerArguments.describe("Reshape", name)
                    + ": the target must hold each example's " + count + " elements, got"
                    + " input " + input + " and target " + targetShape);
        }
        int[] dims = new int[targetShape.size() + 1];
        dims[0] = input.dim(0);
        for (int a = 0; a < targetShape.size(); a++) {
            int d = targetShape.get(a);
            dims[a + 1] = d == -1 ? (int) (count / known) : d;
        }
        return Shape.of(dims);
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        Masks.drop("Reshape", name, context);
        return x.reshape(outputShape(x.shape()));
    }
}
