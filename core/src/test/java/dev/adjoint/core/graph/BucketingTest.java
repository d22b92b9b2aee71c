package dev.adjoint.core.graph;

import static dev.adjoint.core.Contract.rejects;
import static dev.adjoint.core.graph.Pinned.value;
import static dev.adjoint.core.graph.Pinned.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * searchsorted and bucketize give PyTorch's positions (printed by PyTorch 1.13: {@code torch.searchsorted(sorted,
 * values, right)}, {@code torch.bucketize(x, boundaries, right)}), with ties, ±0, ±inf, a NaN value (to the end),
 * NaN in a sorted lane (where PyTorch's search passes over it), lanes, integers, a scalar value and an empty
 * sequence; bad arguments are refused naming the op. Their zero gradient: the op table.
 */
class BucketingTest {

    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final Tensor VALUES = Tensor.vector(0, 1, 2, 2.5, 3, 4, NAN, INF, -INF, -0.0);

    private static double[] search(Tensor sorted, Tensor values, boolean right) {
        Tensor y = value(in -> in.get(0).searchsorted(in.get(1), right), sorted, values);
        assertEquals(DType.INT64, y.dtype());
        assertEquals(values.shape(), y.shape());
        return y.toDoubleArray();
    }

    @Test
    void positionsAreTorchs() {
        Tensor sorted = Tensor.vector(1, 2, 2, 3, 4, 5);
        assertArrayEquals(new double[] {0, 0, 1, 3, 3, 4, 6, 6, 0, 0}, search(sorted, VALUES, false), 0.0);
        assertArrayEquals(new double[] {0, 1, 3, 3, 4, 5, 6, 6, 0, 0}, search(sorted, VALUES, true), 0.0);
        Tensor withNaN = Tensor.vector(1, 2, 2, 3, NAN);
        assertArrayEquals(new double[] {0, 0, 1, 5, 5, 5, 5, 5, 0, 0}, search(withNaN, VALUES, false), 0.0);
        assertArrayEquals(new double[] {0, 1, 5, 5, 5, 5, 5, 5, 0, 0}, search(withNaN, VALUES, true), 0.0);
        Tensor lanes = Tensor.of(Shape.of(2, 4), 1, 3, 5, 7, 2, 2, NAN, NAN);
        Tensor perLane = Tensor.of(Shape.of(2, 3), 0, 3, 8, 2, 1, 5);
        assertArrayEquals(new double[] {0, 1, 4, 4, 4, 4}, search(lanes, perLane, false), 0.0);
        assertArrayEquals(new double[] {0, 2, 4, 4, 4, 4}, search(lanes, perLane, true), 0.0);
        Tensor integers = Tensor.ofLongs(Shape.of(4), -5, 0, 0, 10);
        Tensor points = Tensor.ofLongs(Shape.of(2, 2), -6, 0, 5, 10);
        assertArrayEquals(new double[] {0, 1, 3, 3}, search(integers, points, false), 0.0);
        assertArrayEquals(new double[] {0, 3, 3, 4}, search(integers, points, true), 0.0);
        assertArrayEquals(new double[] {0, 0}, search(Tensor.of(Shape.of(0)), Tensor.vector(1, 2), false), 0.0);
        assertArrayEquals(new double[] {3}, search(sorted, Tensor.scalar(2.5), false), 0.0);
    }

    @Test
    void bucketsAreTorchs() {
        Tensor x = Tensor.of(Shape.of(2, 3), 0, 1, 2, 3, 6, NAN);
        Tensor boundaries = Tensor.vector(1, 3, 5);
        assertArrayEquals(new double[] {0, 0, 1, 1, 3, 3}, values(in -> in.get(0).bucketize(in.get(1), false), x,
                boundaries), 0.0);
        assertArrayEquals(new double[] {0, 1, 1, 2, 3, 3}, values(in -> in.get(0).bucketize(in.get(1), true), x,
                boundaries), 0.0);
    }

    @Test
    void badArgumentsAreRefusedNamingTheOp() {
        Node sorted = SourceOp.input("s", Shape.of(2, 4));
        rejects(IllegalArgumentException.class, () -> sorted.searchsorted(SourceOp.input("v", Shape.of(3, 1)), false),
                "searchsorted: sorted must be [M], or [..., M] with values [..., K] of the same leading axes, got"
                        + " s : f64[2, 4] and v : f64[3, 1]");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("c", Shape.of()).searchsorted(sorted, false),
                "searchsorted: sorted must be [M]");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("s", Shape.of(4)).searchsorted(
                SourceOp.input("v", Shape.of(3), DType.INT64), false),
                "searchsorted: operands must have the same dtype");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("b", Shape.of(4), DType.BOOL).searchsorted(
                SourceOp.input("v", Shape.of(3), DType.BOOL), true), "searchsorted: operands must be numeric");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("x", Shape.of(3)).bucketize(sorted, false),
                "bucketize: boundaries must be a vector [M], got s : f64[2, 4]");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("x", Shape.of(3)).bucketize(
                SourceOp.input("b", Shape.of(2), DType.INT32), false), "bucketize: operands must have the same dtype");
    }
}
