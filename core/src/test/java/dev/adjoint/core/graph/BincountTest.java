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
 * {@code bincount} gives PyTorch 1.13's counts and weighted sums when its length is PyTorch's
 * {@code max(minlength, max(x) + 1)}, and refuses what PyTorch refuses. Expected values from
 * {@code /usr/bin/python3}: {@code x = torch.tensor([1, 3, 3, 0, 5]); torch.bincount(x)}, {@code torch.bincount(x,
 * minlength=8)}, {@code torch.bincount(x, weights=torch.tensor([0.5, 1., 2., 4., 8.], dtype=dt))}.
 */
class BincountTest {

    private static final Tensor X = Tensor.ofLongs(Shape.of(5), 1, 3, 3, 0, 5);

    private static Tensor call(Node y, List<Node> inputs, Tensor... values) {
        return Function.of(inputs, List.of(y)).call(values).get(0);
    }

    @Test
    void countsAreThoseOfPyTorch() {
        Node x = SourceOp.input("x", Shape.of(5), DType.INT64);
        Tensor counts = call(x.bincount(6), List.of(x), X);
        assertEquals(DType.INT64, counts.dtype());
        assertArrayEquals(new double[] {1, 1, 0, 2, 0, 1}, counts.toDoubleArray());
        // minlength=8
        assertArrayEquals(new double[] {1, 1, 0, 2, 0, 1, 0, 0}, call(x.bincount(8), List.of(x), X).toDoubleArray());
        Node x32 = SourceOp.input("x", Shape.of(5), DType.INT32);
        assertArrayEquals(new double[] {1, 1, 0, 2, 0, 1},
                call(x32.bincount(6), List.of(x32), X.cast(DType.INT32)).toDoubleArray());
    }

    @Test
    void weightedSumsKeepTheWeightsDtypeAndTheirNonFiniteValues() {
        for (DType dtype : List.of(DType.FLOAT64, DType.FLOAT32)) {
            Node x = SourceOp.input("x", Shape.of(5), DType.INT64);
            Node w = SourceOp.input("w", Shape.of(5), dtype);
            Tensor y = call(x.bincount(w, 6), List.of(x, w), X, Tensor.of(dtype, Shape.of(5), 0.5, 1, 2, 4, 8));
            assertEquals(dtype, y.dtype());
            assertArrayEquals(new double[] {4, 0.5, 0, 3, 0, 8}, y.toDoubleArray());
        }
        // torch.bincount(torch.tensor([0, 1]), weights=torch.tensor([nan, inf])) is [nan, inf]
        Node x = SourceOp.input("x", Shape.of(2), DType.INT64);
        Node w = SourceOp.input("w", Shape.of(2));
        Tensor y = call(x.bincount(w, 2), List.of(x, w), Tensor.ofLongs(Shape.of(2), 0, 1),
                Tensor.vector(Double.NaN, Double.POSITIVE_INFINITY));
        assertTrue(Double.isNaN(y.flat(0)));
        assertEquals(Double.POSITIVE_INFINITY, y.flat(1));
    }

    @Test
    void theWeightsGradientIsTheCotangentOfTheirBin() {
        Node x = SourceOp.input("x", Shape.of(5), DType.INT64);
        Node w = SourceOp.input("w", Shape.of(5));
        Node bins = SourceOp.constant(Tensor.vector(10, 20, 30, 40, 50, 60));
        Node g = Autodiff.grad(x.bincount(w, 6).mul(bins).sum(), w);
        assertArrayEquals(new double[] {20, 40, 40, 10, 60},
                call(g, List.of(x, w), X, Tensor.vector(1, 1, 1, 1, 1)).toDoubleArray());
    }

    @Test
    void anEmptyVectorGivesZeros() {
        // torch.bincount(torch.tensor([], dtype=torch.int64), minlength=3) is [0, 0, 0]
        Node x = SourceOp.input("x", Shape.of(0), DType.INT64);
        assertArrayEquals(new double[] {0, 0, 0}, call(x.bincount(3), List.of(x), Tensor.ofLongs(Shape.of(0)))
                .toDoubleArray());
        assertEquals(0, call(x.bincount(0), List.of(x), Tensor.ofLongs(Shape.of(0))).shape().size());
    }

    @Test
    void negativeValuesAndValuesBeyondTheBinsAreRefusedAtTheCall() {
        Node x = SourceOp.input("x", Shape.of(2), DType.INT64);
        Function f = Function.of(List.of(x), List.of(x.bincount(4)));
        String negative = assertThrows(IllegalArgumentException.class,
                () -> f.call(Tensor.ofLongs(Shape.of(2), 1, -1))).getMessage();
        assertTrue(negative.contains("bincount: values must be integers in [0, 4) (the number of bins), got -1 at"
                + " position 1"), negative);
        String beyond = assertThrows(IllegalArgumentException.class,
                () -> f.call(Tensor.ofLongs(Shape.of(2), 4, 0))).getMessage();
        assertTrue(beyond.contains("got 4 at position 0; pass a larger length"), beyond);
    }

    @Test
    void badOperandsAreRefusedWhenTheNodeIsBuilt() {
        Node floats = SourceOp.input("f", Shape.of(3));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> floats.bincount(3)).getMessage()
                .startsWith("bincount: x must be integer (i32 or i64), got f64"));
        Node matrix = SourceOp.input("m", Shape.of(2, 2), DType.INT64);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> matrix.bincount(3)).getMessage()
                .startsWith("bincount: needs a vector x and weights of its shape"));
        Node x = SourceOp.input("x", Shape.of(3), DType.INT64);
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> x.bincount(SourceOp.input("w", Shape.of(4)), 3)).getMessage()
                .startsWith("bincount: needs a vector x and weights of its shape"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> x.bincount(SourceOp.input("w", Shape.of(3), DType.INT64), 3)).getMessage()
                .startsWith("bincount: weights must be floating-point"));
        assertEquals("bincount: length (the number of bins) must be >= 0, got -1",
                assertThrows(IllegalArgumentException.class, () -> x.bincount(-1)).getMessage());
    }
}
