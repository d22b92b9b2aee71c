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
 * {@code unique} gives PyTorch 1.13's sorted values, inverse indices and counts (then the pads), and NumPy's
 * answer where PyTorch's CPU unique has none reliable (NaN). Expected values from {@code /usr/bin/python3}:
 * {@code torch.unique(x, sorted=True, return_inverse=True, return_counts=True)} and {@code numpy.unique(x,
 * return_inverse=True, return_counts=True)}.
 */
class UniqueTest {

    private record Parts(Tensor values, Tensor inverse, Tensor counts) {
    }

    private static Parts unique(Tensor x, int size, double fill) {
        Node in = SourceOp.input("x", x.shape(), x.dtype());
        SortOp.Unique u = in.unique(size, fill);
        List<Tensor> out = Function.of(List.of(in), List.of(u.values(), u.inverse(), u.counts())).call(x);
        assertEquals(x.dtype(), out.get(0).dtype());
        assertEquals(DType.INT64, out.get(1).dtype());
        assertEquals(DType.INT64, out.get(2).dtype());
        assertEquals(x.shape(), out.get(1).shape());
        return new Parts(out.get(0), out.get(1), out.get(2));
    }

    @Test
    void integersGiveTorchsValuesInverseAndCountsThenThePads() {
        // torch.unique(torch.tensor([3, 1, 3, 2]), ...): [1, 2, 3], [2, 0, 2, 1], [1, 1, 2]
        for (DType dtype : List.of(DType.INT64, DType.INT32)) {
            Parts p = unique(Tensor.ofLongs(Shape.of(4), 3, 1, 3, 2).cast(dtype), 5, -1);
            assertArrayEquals(new double[] {1, 2, 3, -1, -1}, p.values().toDoubleArray());
            assertArrayEquals(new double[] {2, 0, 2, 1}, p.inverse().toDoubleArray());
            assertArrayEquals(new double[] {1, 1, 2, 0, 0}, p.counts().toDoubleArray());
        }
    }

    @Test
    void floatsOfAnyRankAreFlattenedAndZerosOfEitherSignAreOneValue() {
        // torch.unique(torch.tensor([[2., 0., 1.], [2., -0., 5.]]), ...) and with -inf, inf
        for (DType dtype : List.of(DType.FLOAT64, DType.FLOAT32)) {
            Parts p = unique(Tensor.of(dtype, Shape.of(2, 3), 2, 0.0, 1, 2, -0.0, Double.NEGATIVE_INFINITY), 5, 9);
            assertArrayEquals(new double[] {Double.NEGATIVE_INFINITY, 0.0, 1, 2, 9}, p.values().toDoubleArray());
            assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(p.values().flat(1)),
                    "the first zero's sign");
            assertArrayEquals(new double[] {3, 1, 2, 3, 1, 0}, p.inverse().toDoubleArray());
            assertArrayEquals(new double[] {1, 2, 1, 2, 0}, p.counts().toDoubleArray());
        }
    }

    @Test
    void everyNanIsOneValueSortedLastAsNumPys() {
        // numpy.unique([2., nan, 1., nan]): [1., 2., nan], inverse [1, 2, 0, 2], counts [1, 1, 2]
        Parts p = unique(Tensor.vector(2, Double.NaN, 1, Double.NaN), 3, 0);
        assertArrayEquals(new double[] {1, 2, Double.NaN}, p.values().toDoubleArray());
        assertArrayEquals(new double[] {1, 2, 0, 2}, p.inverse().toDoubleArray());
        assertArrayEquals(new double[] {1, 1, 2}, p.counts().toDoubleArray());
    }

    @Test
    void anEmptyTensorGivesPadsOnly() {
        Parts p = unique(Tensor.of(Shape.of(0, 2)), 2, 0);
        assertArrayEquals(new double[] {0, 0}, p.values().toDoubleArray());
        assertEquals(Shape.of(0, 2), p.inverse().shape());
        assertArrayEquals(new double[] {0, 0}, p.counts().toDoubleArray());
    }

    @Test
    void moreDistinctValuesThanSlotsAreAnErrorAtTheCall() {
        Node x = SourceOp.input("x", Shape.of(3));
        Function f = Function.of(List.of(x), List.of(x.unique(2, 0).values()));
        String message = assertThrows(IllegalArgumentException.class, () -> f.call(Tensor.vector(1, 2, 3)))
                .getMessage();
        assertTrue(message.contains("unique: x must hold at most size = 2 distinct values, got 3"), message);
    }

    @Test
    void badArgumentsAndGradientsAreRefusedUnderUniquesName() {
        Node x = SourceOp.input("x", Shape.of(3));
        assertEquals("unique: size (the number of slots) must be >= 0, got -1",
                assertThrows(IllegalArgumentException.class, () -> x.unique(-1, 0)).getMessage());
        Node i = SourceOp.input("i", Shape.of(3), DType.INT64);
        assertEquals("unique: fill (the value of the unused slots) must be a value x's dtype holds, got 1.5 for"
                + " i64[3]", assertThrows(IllegalArgumentException.class, () -> i.unique(3, 1.5)).getMessage());
        Node batched = SourceOp.input("b", Shape.of(Shape.BATCH, 2));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> batched.unique(3, 0)).getMessage()
                .startsWith("unique: a tensor with the batch axis N must be a vector"));
        assertEquals(Shape.of(4), SourceOp.input("v", Shape.of(Shape.BATCH)).unique(4, 0).values().shape());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Autodiff.grad(x.unique(3, 0).values().sum(), x)).getMessage()
                .startsWith("unique: its values cannot be differentiated"));
    }
}
