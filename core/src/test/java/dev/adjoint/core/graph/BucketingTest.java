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

    /**
     * {@code torch.searchsorted(seq, v, right, sorter=torch.argsort(seq))} with {@code seq = [3, 1, 2, 5, 4]}
     * (sorter {@code [1, 2, 0, 4, 3]}) and {@code v = [0, 1, 2.5, 4, 6]}: {@code [0, 0, 2, 3, 5]} (left),
     * {@code [0, 1, 2, 4, 5]} (right); lane by lane, {@code seq = [[3, 1, 2], [9, 7, 8]]} with sorter
     * {@code [[1, 2, 0], [1, 2, 0]]} and {@code v = [[2, 3], [7.5, 10]]}: {@code [[1, 2], [1, 3]]}; on integers,
     * {@code torch.searchsorted([3, 1, 2, 5, 4], [1, 4, 6], right=True, sorter=[1, 2, 0, 4, 3])}: {@code [1, 4, 5]};
     * without a sorter, {@code torch.searchsorted([1, 2, 3, 4], [3, 1.5, 9])}: {@code [2, 1, 4]}. A sorter index
     * out of range, which PyTorch 1.13 reads past the lane without a word ({@code [0, 0, 5, 5, 5]} for sorter
     * {@code [0, 1, 2, 3, 7]}), is refused naming searchsorted.
     */
    @Test
    void positionsThroughASorterAreTorchs() {
        Tensor sequence = Tensor.vector(3, 1, 2, 5, 4);
        Tensor sorter = Tensor.ofLongs(Shape.of(5), 1, 2, 0, 4, 3);
        Tensor v = Tensor.vector(0, 1, 2.5, 4, 6);
        for (boolean right : new boolean[] {false, true}) {
            Tensor y = value(in -> in.get(0).searchsorted(in.get(1), right, in.get(2)), sequence, v, sorter);
            assertEquals(DType.INT64, y.dtype());
            assertArrayEquals(right ? new double[] {0, 1, 2, 4, 5} : new double[] {0, 0, 2, 3, 5}, y.toDoubleArray(),
                    0.0);
        }
        Tensor integers = value(in -> in.get(0).searchsorted(in.get(1), true, in.get(2)),
                Tensor.ofLongs(Shape.of(5), 3, 1, 2, 5, 4), Tensor.ofLongs(Shape.of(3), 1, 4, 6),
                sorter.cast(DType.INT32));
        assertArrayEquals(new double[] {1, 4, 5}, integers.toDoubleArray(), 0.0);
        Tensor lanes = Tensor.of(Shape.of(2, 3), 3, 1, 2, 9, 7, 8);
        Tensor laneSorter = Tensor.ofLongs(Shape.of(2, 3), 1, 2, 0, 1, 2, 0);
        assertArrayEquals(new double[] {1, 2, 1, 3}, values(in -> in.get(0).searchsorted(in.get(1), false,
                in.get(2)), lanes, Tensor.of(Shape.of(2, 2), 2, 3, 7.5, 10), laneSorter), 0.0);
        assertArrayEquals(new double[] {2, 1, 4}, values(in -> in.get(0).searchsorted(in.get(1), false, null),
                Tensor.vector(1, 2, 3, 4), Tensor.vector(3, 1.5, 9)), 0.0); // a null sorter: none
        rejects(IndexOutOfBoundsException.class, () -> value(in -> in.get(0).searchsorted(in.get(1), false,
                in.get(2)), sequence, v, Tensor.ofLongs(Shape.of(5), 0, 1, 2, 3, 7)),
                "searchsorted: the sorter's indices must be in [0, 5), got 7 at flat position 4");
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
        // torch: "boundary and sorter must have the same size", "sorter must be a tensor of long dtype"
        Node sequence = SourceOp.input("q", Shape.of(5));
        Node v = SourceOp.input("v", Shape.of(2));
        rejects(IllegalArgumentException.class, () -> sequence.searchsorted(v, false, SourceOp.input("o", Shape.of(3),
                DType.INT64)), "searchsorted: the sorter must have the sequence's shape, got q : f64[5], v : f64[2]"
                        + " and o : i64[3]");
        rejects(IllegalArgumentException.class, () -> sequence.searchsorted(v, false, SourceOp.input("o", Shape.of(5))),
                "searchsorted: the sorter must be integer", "got f64");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("x", Shape.of(3)).bucketize(sorted, false),
                "bucketize: boundaries must be a vector [M], got s : f64[2, 4]");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("x", Shape.of(3)).bucketize(
                SourceOp.input("b", Shape.of(2), DType.INT32), false), "bucketize: operands must have the same dtype");
    }
}
