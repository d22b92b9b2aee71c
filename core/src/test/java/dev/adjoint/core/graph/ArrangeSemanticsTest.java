package dev.adjoint.core.graph;

import static dev.adjoint.core.Contract.rejects;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Slices, flips, rolls, tiles, repeats, splits and pads give NumPy's results. The expected values were printed by
 * NumPy 1.x ({@code x[start:end:step]}, {@code np.roll}, {@code np.tile}, {@code np.repeat}, {@code np.pad}).
 */
class ArrangeSemanticsTest {

    private static final int MAX = Integer.MAX_VALUE;
    private static final int MIN = Integer.MIN_VALUE;

    private static double[] eval(Tensor value, UnaryOperator<Node> f) {
        Node x = SourceOp.input("x", value.shape());
        return Function.of(List.of(x), List.of(f.apply(x))).call(value).get(0).toDoubleArray();
    }

    private static double[] range(int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }

    private static void assertSlice(int start, int end, int step, double... expected) {
        assertArrayEquals(expected, eval(Tensor.vector(range(7)), x -> x.slice(0, start, end, step)), 0,
                "np.arange(7)[" + start + ":" + end + ":" + step + "]");
    }

    @Test
    void slicesFollowPythonWithNegativeBoundsClampingAndSteps() {
        assertSlice(0, 7, 2, 0, 2, 4, 6);
        assertSlice(-1, -8, -1, 6, 5, 4, 3, 2, 1, 0);
        assertSlice(5, 1, -2, 5, 3);
        assertSlice(-2, 100, 1, 5, 6);
        assertSlice(100, -100, -3, 6, 3, 0);
        assertSlice(2, -1, 3, 2, 5);
        assertSlice(-100, 3, 1, 0, 1, 2);
        assertSlice(6, 0, -1, 6, 5, 4, 3, 2, 1);
        assertSlice(3, 3, 1);
        assertSlice(0, 7, -1);
        assertSlice(MAX, MIN, -1, 6, 5, 4, 3, 2, 1, 0);
        assertSlice(MAX, MIN, -3, 6, 3, 0);
        assertSlice(MIN, MAX, 1, 0, 1, 2, 3, 4, 5, 6); // x[:], MIN as the omitted start with a step of 1 too
        assertSlice(MIN, MAX, 2, 0, 2, 4, 6);
        assertSlice(0, MIN, 1); // x[0:-2**31], empty as in Python
        assertSlice(MIN, 2, 1, 0, 1);
        assertArrayEquals(new double[] {5, 6}, eval(Tensor.vector(range(7)), x -> x.slice(0, -2, MAX)), 0);
        assertArrayEquals(new double[] {}, eval(Tensor.vector(range(7)), x -> x.slice(0, 5, 2)), 0,
                "an end before the start is an empty slice, as in Python");
    }

    @Test
    void aStepOfZeroOrACutOfTheBatchAxisIsRefused() {
        Node rows = SourceOp.input("rows", Shape.of(Shape.BATCH, 3));
        rejects(IllegalArgumentException.class, () -> rows.slice(1, 0, 3, 0), "slice: step must not be 0");
        rejects(IllegalArgumentException.class, () -> rows.roll(1, 0), "roll: cannot cut the batch axis N");
        assertEquals(rows.shape(), rows.slice(1, MAX, MIN, -1).shape());
        assertEquals(rows.shape(), rows.slice(0, MIN, MAX, 1).shape(), "N whole: MIN is the omitted start");
        assertEquals(rows.shape(), rows.flip(0).shape(), "a flip may reverse N");
    }

    @Test
    void rollTileRepeatSplitAndFlipMatchNumPy() {
        assertArrayEquals(new double[] {3, 4, 0, 1, 2}, eval(Tensor.vector(range(5)), x -> x.roll(2, 0)), 0);
        assertArrayEquals(new double[] {2, 3, 4, 0, 1}, eval(Tensor.vector(range(5)), x -> x.roll(-7, 0)), 0);
        Tensor m = Tensor.of(Shape.of(2, 2), 1, 2, 3, 4);
        assertArrayEquals(new double[] {1, 2, 1, 2, 3, 4, 3, 4}, eval(m, x -> x.tile(2)), 0);
        assertArrayEquals(new double[] {1, 2, 1, 2, 1, 2, 1, 2}, eval(Tensor.vector(1, 2), x -> x.tile(2, 2)), 0);
        assertArrayEquals(new double[] {1, 1, 2, 2, 3, 3, 4, 4}, eval(m, x -> x.repeat(2, 1)), 0);
        assertArrayEquals(new double[] {3, 4, 1, 2}, eval(m, x -> x.flip(0)), 0);
        assertArrayEquals(new double[] {4, 3, 2, 1}, eval(m, x -> x.flip()), 0);
        List<Node> parts = ArrangeOp.split(SourceOp.input("v", Shape.of(6)), 3, 0);
        assertEquals(3, parts.size());
        assertEquals(Shape.of(2), parts.get(2).shape());
        rejects(IllegalArgumentException.class, () -> ArrangeOp.split(SourceOp.input("v", Shape.of(6)), 4, 0),
                "split: sections must be > 0 and divide the axis, got 4 sections of axis 0 of [6]");
    }

    @Test
    void padModesMatchNumPy() {
        assertArrayEquals(new double[] {3, 2, 1, 2, 3, 2, 1}, eval(Tensor.vector(1, 2, 3),
                x -> x.pad(new int[] {2}, new int[] {2}, ArrangeOp.PadMode.REFLECT)), 0);
        assertArrayEquals(new double[] {1, 1, 1, 2, 3, 3}, eval(Tensor.vector(1, 2, 3),
                x -> x.pad(new int[] {2}, new int[] {1}, ArrangeOp.PadMode.EDGE)), 0);
        assertArrayEquals(new double[] {4, 3, 4, 2, 1, 2, 4, 3, 4, 2, 1, 2}, eval(Tensor.of(Shape.of(2, 2), 1, 2, 3, 4),
                x -> x.pad(new int[] {1, 1}, new int[] {1, 0}, ArrangeOp.PadMode.REFLECT)), 0);
        assertArrayEquals(new double[] {-1, 1, 2, -1, -1}, eval(Tensor.vector(1, 2),
                x -> x.pad(new int[] {1}, new int[] {2}, -1.0)), 0);
        rejects(IllegalArgumentException.class, () -> SourceOp.input("v", Shape.of(3)).pad(new int[] {3}, new int[] {0},
                ArrangeOp.PadMode.REFLECT), "pad: reflect pads must be >= 0 and < the axis' size (0 on the batch"
                + " axis N), got 3 and 0 on axis 0 of [3]");
        assertArrayEquals(new double[] {2, 3, 1, 2, 3, 1, 2, 3}, eval(Tensor.vector(1, 2, 3),
                x -> x.pad(new int[] {2}, new int[] {3}, ArrangeOp.PadMode.WRAP)), 0, "np.pad(x, (2, 3), 'wrap')");
        assertArrayEquals(new double[] {4, 3, 4, 3, 4, 2, 1, 2, 1, 2, 4, 3, 4, 3, 4}, eval(Tensor.of(Shape.of(2, 2),
                1, 2, 3, 4), x -> x.pad(new int[] {1, 1}, new int[] {0, 2}, ArrangeOp.PadMode.WRAP)), 0);
        rejects(IllegalArgumentException.class, () -> SourceOp.input("v", Shape.of(3)).pad(new int[] {0}, new int[] {4},
                ArrangeOp.PadMode.WRAP), "pad: wrap pads must be >= 0 and <= the axis' size (0 on the batch axis N),"
                + " got 0 and 4 on axis 0 of [3]");
    }
}
