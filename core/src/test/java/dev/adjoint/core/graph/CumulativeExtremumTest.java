package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code cummax} and {@code cummin} give PyTorch 1.13's values and indices: ties to the later index, NaN taking
 * over, zeros of either sign equal, integers and bools, empty axes; and the gradient reaches the chosen element
 * only. Expected values from {@code /usr/bin/python3}: {@code torch.cummax(torch.tensor(x, dtype=dt), 0)} and
 * {@code torch.cummin(...)}; the gradient from {@code v, i = torch.cummax(x, 0); torch.autograd.grad(v, x, w)}.
 */
class CumulativeExtremumTest {

    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;

    private record Run(Tensor values, long[] indices) {
    }

    private static Run run(Tensor x, int axis, boolean max) {
        Node in = SourceOp.input("x", x.shape(), x.dtype());
        CumulativeOp.CumulativeExtremum r = max ? in.cummax(axis) : in.cummin(axis);
        List<Tensor> out = Function.of(List.of(in), List.of(r.values(), r.indices())).call(x);
        assertEquals(DType.INT64, out.get(1).dtype());
        assertEquals(x.dtype(), out.get(0).dtype());
        double[] idx = out.get(1).toDoubleArray();
        long[] indices = new long[idx.length];
        for (int i = 0; i < idx.length; i++) {
            indices[i] = (long) idx[i];
        }
        return new Run(out.get(0), indices);
    }

    private static void check(double[] x, double[] maxValues, long[] maxIndices, double[] minValues,
            long[] minIndices) {
        for (DType dtype : List.of(DType.FLOAT64, DType.FLOAT32)) {
            Tensor t = Tensor.of(dtype, Shape.of(x.length), x);
            Run max = run(t, 0, true);
            Run min = run(t, 0, false);
            assertArrayEquals(maxValues, max.values().toDoubleArray(), dtype + " cummax values of " + t);
            assertArrayEquals(maxIndices, max.indices(), dtype + " cummax indices of " + t);
            assertArrayEquals(minValues, min.values().toDoubleArray(), dtype + " cummin values of " + t);
            assertArrayEquals(minIndices, min.indices(), dtype + " cummin indices of " + t);
        }
    }

    @Test
    void tiesGoToTheLaterIndexAsInPyTorch() {
        check(new double[] {1, 3, 3, 2, 3, 5}, new double[] {1, 3, 3, 3, 3, 5}, new long[] {0, 1, 2, 2, 4, 5},
                new double[] {1, 1, 1, 1, 1, 1}, new long[] {0, 0, 0, 0, 0, 0});
        check(new double[] {1, 1, 1}, new double[] {1, 1, 1}, new long[] {0, 1, 2}, new double[] {1, 1, 1},
                new long[] {0, 1, 2});
        // -0.0 equals 0.0: the index moves, and the value is the element taken, sign and all
        check(new double[] {-0.0, 0.0, -0.0}, new double[] {-0.0, 0.0, -0.0}, new long[] {0, 1, 2},
                new double[] {-0.0, 0.0, -0.0}, new long[] {0, 1, 2});
        check(new double[] {-INF, -INF, 2}, new double[] {-INF, -INF, 2}, new long[] {0, 1, 2},
                new double[] {-INF, -INF, -INF}, new long[] {0, 1, 1});
    }

    @Test
    void aNanTakesOverAndEachLaterNanMovesTheIndex() {
        check(new double[] {2, NAN, 1, NAN, 5}, new double[] {2, NAN, NAN, NAN, NAN}, new long[] {0, 1, 1, 3, 3},
                new double[] {2, NAN, NAN, NAN, NAN}, new long[] {0, 1, 1, 3, 3});
    }

    @Test
    void integersAndBoolsCompareExactly() {
        // torch.cummax(torch.tensor([3, 1, 3, 4]), 0): values [3, 3, 3, 4], indices [0, 0, 2, 3]
        Run ints = run(Tensor.ofLongs(Shape.of(4), 3, 1, 3, 4), 0, true);
        assertArrayEquals(new double[] {3, 3, 3, 4}, ints.values().toDoubleArray());
        assertEquals(DType.INT64, ints.values().dtype());
        assertArrayEquals(new long[] {0, 0, 2, 3}, ints.indices());
        // torch.cummax(torch.tensor([True, False, True]), 0): indices [0, 0, 2]
        Run bools = run(Tensor.of(DType.BOOL, Shape.of(3), 1, 0, 1), 0, true);
        assertArrayEquals(new double[] {1, 1, 1}, bools.values().toDoubleArray());
        assertArrayEquals(new long[] {0, 0, 2}, bools.indices());
        // a value past 2^53 is compared as a long, not rounded to a double
        long big = (1L << 53) + 1;
        Run exact = run(Tensor.ofLongs(Shape.of(2), big, big - 1), 0, true);
        assertArrayEquals(new long[] {0, 0}, exact.indices());
    }

    @Test
    void runsAlongAnyAxisLaneByLane() {
        // torch.cummax(torch.tensor([[1., 5.], [4., 2.], [4., 7.]]), 0) and (..., 1)
        Tensor x = Tensor.of(Shape.of(3, 2), 1, 5, 4, 2, 4, 7);
        Run down = run(x, 0, true);
        assertArrayEquals(new double[] {1, 5, 4, 5, 4, 7}, down.values().toDoubleArray());
        assertArrayEquals(new long[] {0, 0, 1, 0, 2, 2}, down.indices());
        Run across = run(x, -1, false);
        assertArrayEquals(new double[] {1, 1, 4, 2, 4, 4}, across.values().toDoubleArray());
        assertArrayEquals(new long[] {0, 0, 0, 1, 0, 0}, across.indices());
    }

    @Test
    void anEmptyAxisOrTensorGivesEmptyResults() {
        for (Shape s : List.of(Shape.of(0, 3), Shape.of(2, 0))) {
            Run r = run(Tensor.of(DType.FLOAT32, s), s.dim(0) == 0 ? 0 : 1, true);
            assertEquals(s, r.values().shape());
            assertEquals(0, r.indices().length);
        }
    }

    @Test
    void theGradientReachesTheChosenElementOnly() {
        // x = [1, 3, 3, 2, 5], w = [1, 2, 4, 8, 16]: torch.autograd.grad(cummax(x).values, x, w) = [1, 2, 12, 0, 16]
        Node x = SourceOp.input("x", Shape.of(5));
        Node w = SourceOp.constant(Tensor.vector(1, 2, 4, 8, 16));
        Node g = Autodiff.grad(x.cummax(0).values().mul(w).sum(), x);
        Tensor got = Function.of(List.of(x), List.of(g)).call(Tensor.vector(1, 3, 3, 2, 5)).get(0);
        assertArrayEquals(new double[] {1, 2, 12, 0, 16}, got.toDoubleArray());
    }

    @Test
    void aScalarOrTheBatchAxisIsRefusedUnderTheOpsName() {
        Node scalar = SourceOp.input("s", Shape.scalar());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> scalar.cummax(0)).getMessage()
                .startsWith("cummax: needs an axis to run along, got a scalar"));
        Node batch = SourceOp.input("b", Shape.of(Shape.BATCH, 3));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> batch.cummin(0)).getMessage()
                .startsWith("cummin: cannot run along the batch axis N"));
        assertEquals(Shape.of(Shape.BATCH, 3), batch.cummin(1).values().shape());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> batch.cummax(2)).getMessage()
                .startsWith("cummax"));
    }
}
