package dev.adjoint.core.graph;

import static dev.adjoint.core.Contract.rejects;
import static dev.adjoint.core.graph.Pinned.gradients;
import static dev.adjoint.core.graph.Pinned.value;
import static dev.adjoint.core.graph.Pinned.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * diff, trapezoid and lerp give PyTorch's values and gradients (printed by PyTorch 1.13: {@code torch.diff},
 * {@code torch.trapezoid}, {@code torch.lerp} and {@code (f(...) * yBar).sum().backward()}), including an order
 * past the axis' length, empty and one-sample axes, and lerp's exact ends and NaN weight; bad arguments are
 * refused naming the op. Gradients on random inputs, first and second order, are checked by the op table's rows.
 */
class DifferencesAndLerpTest {

    private static final Tensor X = Tensor.of(Shape.of(2, 4), 1, 4, 9, 16, 2, -1, 0.5, 3);

    @Test
    void differencesAreTorchs() {
        assertArrayEquals(new double[] {3, 5, 7, -3, 1.5, 2.5}, values(in -> in.get(0).diff(1, -1), X), 0.0);
        assertArrayEquals(new double[] {2, 2, 4.5, 1}, values(in -> in.get(0).diff(2, 1), X), 0.0);
        assertArrayEquals(new double[] {1, -5, -8.5, -13}, values(in -> in.get(0).diff(1, 0), X), 0.0);
        assertEquals(Shape.of(2, 0), value(in -> in.get(0).diff(5, -1), X).shape()); // n past the axis: empty
        assertEquals(Shape.of(0, 4), value(in -> in.get(0).diff(3, 0), X).shape());
        assertArrayEquals(X.toDoubleArray(), values(in -> in.get(0).diff(0, 1), X), 0.0);
        Tensor integers = value(in -> in.get(0).diff(2, 0), Tensor.ofLongs(Shape.of(4), 1, 4, 9, 20));
        assertEquals(DType.INT64, integers.dtype());
        assertArrayEquals(new double[] {2, 6}, integers.toDoubleArray(), 0.0);
    }

    /**
     * {@code torch.diff(x, n=2, dim=1, prepend=p, append=a)} with {@code x = [[1, 4, 9, 16], [2, 3, 5, 7]]},
     * {@code p = [[0], [1]]}, {@code a = [[25, 36], [11, 13]]}: {@code [[2, 2, 2, 2, 2], [0, 1, 0, 2, -2]]}
     * (NumPy's {@code diff} the same); the gradients of {@code (y * yBar).sum()} with
     * {@code yBar = [[1, -2, 3, 0.5, -1], [2, 1, -1, 0.25, 3]]}: x {@code [[-4, 8, -7.5, 1], [-3, -1, 3.25, 1.5]]},
     * p {@code [[1], [2]]}, a {@code [[2.5, -1], [-5.75, 3]]}. {@code torch.diff(x2, 1, 0, prepend=[[10, 20, 30]])}
     * of {@code x2 = [[1, 4, 9], [2, 3, 5]]}: {@code [[-9, -16, -21], [1, -1, -4]]}; with n = 0, x2 alone;
     * {@code torch.diff([1, 4, 9], prepend=[2], append=[20])} on integers {@code [-1, 3, 5, 11]}; and n = 5 past
     * the joined length, empty.
     */
    @Test
    void differencesWithPrependAndAppendAreTorchs() {
        Tensor x = Tensor.of(Shape.of(2, 4), 1, 4, 9, 16, 2, 3, 5, 7);
        Tensor p = Tensor.of(Shape.of(2, 1), 0, 1);
        Tensor a = Tensor.of(Shape.of(2, 2), 25, 36, 11, 13);
        Pinned.Graph f = in -> in.get(0).diff(2, 1, in.get(1), in.get(2));
        assertArrayEquals(new double[] {2, 2, 2, 2, 2, 0, 1, 0, 2, -2}, values(f, x, p, a), 0.0);
        List<double[]> g = gradients(f, Tensor.of(Shape.of(2, 5), 1, -2, 3, 0.5, -1, 2, 1, -1, 0.25, 3), x, p, a);
        assertArrayEquals(new double[] {-4, 8, -7.5, 1, -3, -1, 3.25, 1.5}, g.get(0), 0.0);
        assertArrayEquals(new double[] {1, 2}, g.get(1), 0.0);
        assertArrayEquals(new double[] {2.5, -1, -5.75, 3}, g.get(2), 0.0);
        Tensor x2 = Tensor.of(Shape.of(2, 3), 1, 4, 9, 2, 3, 5);
        Tensor row = Tensor.of(Shape.of(1, 3), 10, 20, 30);
        assertArrayEquals(new double[] {-9, -16, -21, 1, -1, -4},
                values(in -> in.get(0).diff(1, 0, in.get(1), null), x2, row), 0.0);
        assertArrayEquals(x2.toDoubleArray(), values(in -> in.get(0).diff(0, -2, in.get(1), null), x2, row), 0.0);
        Tensor integers = value(in -> in.get(0).diff(1, 0, in.get(1), in.get(2)), Tensor.ofLongs(Shape.of(3), 1, 4,
                9), Tensor.ofLongs(Shape.of(1), 2), Tensor.ofLongs(Shape.of(1), 20));
        assertEquals(DType.INT64, integers.dtype());
        assertArrayEquals(new double[] {-1, 3, 5, 11}, integers.toDoubleArray(), 0.0);
        assertEquals(Shape.of(0), value(in -> in.get(0).diff(5, 0, in.get(1), in.get(1)), Tensor.vector(1, 4, 9),
                Tensor.vector(2)).shape());
    }

    @Test
    void trapezoidsAreTorchs() {
        assertArrayEquals(new double[] {10.75, 1.0}, values(in -> in.get(0).trapezoid(0.5, -1), X), 0.0);
        assertArrayEquals(new double[] {0.75, 0.75, 2.375, 4.75}, values(in -> in.get(0).trapezoid(0.5, 0), X), 0.0);
        Tensor points = Tensor.vector(0, 1, 3, 3.5);
        assertArrayEquals(new double[] {21.75, 0.875}, values(in -> in.get(0).trapezoid(in.get(1), 1), X, points),
                0.0);
        Tensor grid = Tensor.of(Shape.of(2, 4), 0, 1, 3, 3.5, 0, 0.5, 1, 4);
        assertArrayEquals(new double[] {21.75, 5.375}, values(in -> in.get(0).trapezoid(in.get(1), 1), X, grid), 0.0);
        // no samples or one: 0, of y's shape without the axis
        Tensor empty = Tensor.of(Shape.of(3, 0));
        assertArrayEquals(new double[] {0, 0, 0}, values(in -> in.get(0).trapezoid(1.0, 1), empty), 0.0);
        Tensor one = Tensor.of(Shape.of(3, 1), 1, 2, 3);
        assertArrayEquals(new double[] {0, 0, 0}, values(in -> in.get(0).trapezoid(2.0, 1), one), 0.0);
        assertArrayEquals(new double[] {0, 0, 0}, values(in -> in.get(0).trapezoid(in.get(1), 1), one,
                Tensor.vector(5)), 0.0);
    }

    @Test
    void trapezoidGradientsAreTorchs() {
        Tensor grid = Tensor.of(Shape.of(2, 4), 0, 1, 3, 3.5, 0, 0.5, 1, 4);
        List<double[]> g = gradients(in -> in.get(0).trapezoid(in.get(1), 1), Tensor.vector(1.5, -2), X, grid);
        assertArrayEquals(new double[] {0.75, 2.25, 1.875, 0.375, -0.5, -1.0, -3.5, -3.0}, g.get(0), 1e-15);
        assertArrayEquals(new double[] {-3.75, -6.0, -9.0, 18.75, 1.0, -1.5, 4.0, -3.5}, g.get(1), 1e-15);
    }

    @Test
    void lerpIsTorchsWithinAnUlpAndExactAtTheEnds() {
        Tensor a = Tensor.vector(1, 2, -3, 0.1, 5, 7, 1e300, 2);
        Tensor b = Tensor.vector(3, -1, 4, 0.7, 5, -7, -1e300, 2);
        Tensor w = Tensor.vector(0.3, -1, 0.5, 0.49999999999999994, 1, 2, 0.75, Double.NaN);
        double[] torch = {1.6, 5.0, 0.5, 0.39999999999999997, 5.0, -21.0, -5e+299, Double.NaN};
        double[] got = values(in -> in.get(0).lerp(in.get(1), in.get(2)), a, b, w);
        for (int i = 0; i < torch.length; i++) { // PyTorch fuses the multiply-add: one rounding fewer
            assertEquals(torch[i], got[i], Double.isNaN(torch[i]) ? 0 : Math.ulp(torch[i]), "element " + i);
        }
        // w = 1 gives b exactly, w = 0 a, whatever the span
        assertArrayEquals(new double[] {3, -1}, values(in -> in.get(0).lerp(in.get(1), 1.0), Tensor.vector(0.1, 1e-300),
                Tensor.vector(3, -1)), 0.0);
        assertArrayEquals(new double[] {0.1, -7}, values(in -> in.get(0).lerp(in.get(1), 0.0),
                Tensor.vector(0.1, -7), Tensor.vector(3, 1e300)), 0.0);
    }

    @Test
    void lerpGradientsAreTorchs() {
        Tensor a = Tensor.vector(1, 2, -3, 0.1, 5, 7);
        Tensor b = Tensor.vector(3, -1, 4, 0.7, 5, -7);
        Tensor w = Tensor.vector(0.3, -1, 0.5, 0.49999999999999994, 1, 2);
        List<double[]> g = gradients(in -> in.get(0).lerp(in.get(1), in.get(2)), Tensor.vector(1, 2, 3, 4, 5, 6),
                a, b, w);
        assertArrayEquals(new double[] {0.7, 4.0, 1.5, 2.0, 0.0, -6.0}, g.get(0), 1e-15);
        assertArrayEquals(new double[] {0.3, -2.0, 1.5, 1.9999999999999998, 5.0, 12.0}, g.get(1), 1e-15);
        assertArrayEquals(new double[] {2.0, -6.0, 21.0, 2.4, 0.0, -84.0}, g.get(2), 1e-14);
    }

    /**
     * An infinite end: the value is PyTorch's (NaN where 0·inf), and so are the gradients, w's infinite (torch.lerp
     * of a = (1, 1, -2), b = (inf, inf, -inf), w = (0, 0.75, 0.25) with yBar = (1, 2, 3)), not 0·inf = NaN.
     */
    @Test
    void lerpGradientsAtAnInfiniteEndAreTorchs() {
        double inf = Double.POSITIVE_INFINITY;
        List<double[]> g = gradients(in -> in.get(0).lerp(in.get(1), in.get(2)), Tensor.vector(1, 2, 3),
                Tensor.vector(1, 1, -2), Tensor.vector(inf, inf, -inf), Tensor.vector(0, 0.75, 0.25));
        assertArrayEquals(new double[] {1.0, 0.5, 2.25}, g.get(0), 0.0);
        assertArrayEquals(new double[] {0.0, 1.5, 0.75}, g.get(1), 0.0);
        assertArrayEquals(new double[] {inf, inf, -inf}, g.get(2), 0.0);
    }

    @Test
    void badArgumentsAreRefusedNamingTheOp() {
        Node x = SourceOp.input("x", Shape.of(2, 4));
        rejects(IllegalArgumentException.class, () -> x.diff(-1, 0), "diff: order n must be >= 0, got -1");
        rejects(IllegalArgumentException.class, () -> x.diff(1, 2), "diff: axis must be in [-2, 2), got axis 2");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("b", Shape.of(3), DType.BOOL).diff(1, 0),
                "diff: operand must be numeric");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("n", Shape.of(Shape.BATCH, 3)).diff(1, 0),
                "diff: the axis must be concrete, got axis 0 of n : f64[N, 3]");
        // torch: "diff expects prepend or append to be the same dimension as input", "... to match that of input
        // except along the differencing dimension"
        rejects(IllegalArgumentException.class, () -> x.diff(1, 1, SourceOp.input("p", Shape.of()), null),
                "diff: prepend must have the operand's shape except along axis 1, got x : f64[2, 4] and p : f64[]");
        rejects(IllegalArgumentException.class, () -> x.diff(1, 0, null, SourceOp.input("a", Shape.of(1, 3))),
                "diff: append must have the operand's shape except along axis 0, got x : f64[2, 4] and a : f64[1, 3]");
        rejects(IllegalArgumentException.class, () -> x.diff(1, -1, SourceOp.input("p", Shape.of(2, 1),
                DType.FLOAT32), null), "diff: operands must have the same dtype");
        rejects(IllegalArgumentException.class, () -> x.diff(1, 0, SourceOp.input("n", Shape.of(Shape.BATCH, 4)),
                null), "diff: prepend's length along axis 0 must be concrete, got n : f64[N, 4]");
        rejects(IllegalArgumentException.class, () -> x.diff(-1, 0, x, x), "diff: order n must be >= 0, got -1");
        rejects(IllegalArgumentException.class, () -> x.trapezoid(SourceOp.input("t", Shape.of(3)), 1),
                "trapezoid: sample points must be a vector of the length of axis 1", "t : f64[3]");
        rejects(IllegalArgumentException.class, () -> x.trapezoid(SourceOp.input("t", Shape.of(2, 3)), 1),
                "trapezoid: sample points must have the length of y along axis 1 (4)");
        rejects(IllegalArgumentException.class, () -> x.trapezoid(SourceOp.input("t", Shape.of(3, 4)), 1),
                "trapezoid: shapes must broadcast");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("i", Shape.of(3), DType.INT64).trapezoid(1, 0),
                "trapezoid: operand must be floating-point");
        rejects(IllegalArgumentException.class, () -> x.lerp(SourceOp.input("e", Shape.of(3)), 0.5),
                "lerp: shapes must broadcast", "x : f64[2, 4], e : f64[3]");
        rejects(IllegalArgumentException.class, () -> x.lerp(x, SourceOp.input("w", Shape.of(4), DType.FLOAT32)),
                "lerp: operands must have the same dtype");
    }
}
