package dev.adjoint.core.graph;

import static dev.adjoint.core.Contract.rejects;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code -1} in {@code reshape(int...)} infers a dimension as in NumPy, and can no longer be read as the batch
 * dimension N: {@code reshape(2, -1, 2)} of 12 elements is {@code [2, 3, 2]}, never {@code [2, N, 2]}.
 */
class ReshapeInferenceTest {

    private final Node x = SourceOp.input("x", Shape.of(2, 6));
    private final Node rows = SourceOp.input("rows", Shape.of(Shape.BATCH, 6));

    @Test
    void minusOneInfersTheDimensionFromTheElementCount() {
        Node y = x.reshape(2, -1, 2);
        assertEquals(Shape.of(2, 3, 2), y.shape());
        Tensor value = Tensor.of(Shape.of(2, 6), 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        Tensor out = Function.of(List.of(x), List.of(y)).call(value).get(0);
        assertArrayEquals(value.toDoubleArray(), out.toDoubleArray(), 0, "the same elements, row-major");
        assertEquals(Shape.of(12), x.reshape(-1).shape());
        assertEquals(Shape.of(4, 3), x.reshape(-1, 3).shape());
    }

    @Test
    void theBatchDimensionIsANamedConstantThatNoNumPyHabitProduces() {
        assertNotEquals(-1, Shape.BATCH);
        assertEquals(Shape.of(Shape.BATCH, 3, 2), rows.reshape(Shape.BATCH, 3, -1).shape());
        assertEquals("[N, 3, 2]", rows.reshape(Shape.BATCH, -1, 2).shape().toString());
        rejects(IllegalArgumentException.class, () -> Shape.of(2, -1, 2), "shape: dimensions must be >= 0 or"
                + " Shape.BATCH (N), got [2, -1, 2] (dimension 1 is -1); -1 (infer this dimension) is understood by"
                + " reshape(int...) only");
    }

    @Test
    void anInferenceThatIsAmbiguousOrImpossibleIsRefused() {
        rejects(IllegalArgumentException.class, () -> x.reshape(-1, -1), "reshape: at most one dimension may be -1"
                + " (inferred), got [-1, -1]");
        rejects(IllegalArgumentException.class, () -> x.reshape(5, -1), "reshape: the dimension -1 must be inferable"
                + " from the element count, got [2, 6] and [5, -1]; 12 elements are not a multiple of 5, the other"
                + " dimensions' product");
        rejects(IllegalArgumentException.class, () -> x.reshape(0, -1), "got [2, 6] and [0, -1]; the other dimensions"
                + " hold no element, so any size would do");
        rejects(IllegalArgumentException.class, () -> rows.reshape(Shape.BATCH, 4, -1), "got [N, 6] and [N, 4, -1]; 6"
                + " elements per N are not a multiple of 4");
        rejects(IllegalArgumentException.class, () -> rows.reshape(-1, 6), "reshape: the dimension -1 must be"
                + " inferable from the element count, got [N, 6] and [-1, 6]; N must appear as often in both, and -1"
                + " never stands for N");
        rejects(IllegalArgumentException.class, () -> x.reshape(2, -3), "reshape: dimensions must be >= 0, -1"
                + " (inferred) or Shape.BATCH (N), got [2, -3] (dimension 1 is -3) for x : f64[2, 6]");
    }
}
