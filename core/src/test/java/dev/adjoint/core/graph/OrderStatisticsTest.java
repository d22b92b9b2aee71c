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
import org.junit.jupiter.api.Test;

/**
 * kthvalue gives PyTorch's values, positions and gradients (printed by PyTorch 1.13: {@code torch.kthvalue(x, k,
 * dim)}, NaN counted largest), and nanmedian NumPy's values ({@code numpy.nanmedian}, NumPy 1.24), with ties,
 * NaN, an all-NaN lane and even counts; the gradients go to the chosen elements; bad arguments are refused
 * naming the op. Random gradients, first and second order: the op table.
 */
class OrderStatisticsTest {

    private static final double NAN = Double.NaN;
    private static final Tensor K = Tensor.of(Shape.of(2, 6), 3, 1, 2, 1, NAN, 5, 0.5, -1, 4, 2, 3, -2);

    @Test
    void kthValuesAndPositionsAreTorchs() {
        double[][] torchValues = {{1, -2}, {1, -1}, {2, 0.5}, {NAN, 4}};
        long[][] torchIndices = {{1, 5}, {3, 1}, {2, 0}, {4, 2}};
        int[] ks = {1, 2, 3, 6};
        for (int i = 0; i < ks.length; i++) {
            int k = ks[i];
            assertArrayEquals(torchValues[i], values(in -> in.get(0).kthvalue(k, 1, false).values(), K), 0.0, "k " + k);
            Tensor indices = value(in -> in.get(0).kthvalue(k, -1, false).indices(), K);
            assertEquals(DType.INT64, indices.dtype());
            assertArrayEquals(new double[] {torchIndices[i][0], torchIndices[i][1]}, indices.toDoubleArray(), 0.0);
        }
        assertArrayEquals(new double[] {3, 1, 4, 2, NAN, 5}, values(in -> in.get(0).kthvalue(2, 0, false).values(), K),
                0.0);
        assertArrayEquals(new double[] {0, 0, 1, 1, 0, 0}, values(in -> in.get(0).kthvalue(2, 0, false).indices(), K),
                0.0);
        assertEquals(Shape.of(2, 1), value(in -> in.get(0).kthvalue(2, 1, true).values(), K).shape());
        Tensor integers = value(in -> in.get(0).kthvalue(2, 0, false).values(), Tensor.ofLongs(Shape.of(3), 7, -2, 5));
        assertEquals(DType.INT64, integers.dtype());
        assertArrayEquals(new double[] {5}, integers.toDoubleArray(), 0.0);
    }

    @Test
    void kthValueGradientGoesToTheChosenElementAsTorchs() {
        double[] g = gradients(in -> in.get(0).kthvalue(4, 1, false).values(), Tensor.vector(2, -3), K).get(0);
        assertArrayEquals(new double[] {2, 0, 0, 0, 0, 0, 0, 0, 0, -3, 0, 0}, g, 0.0);
    }

    @Test
    void nanmediansAreNumPys() {
        Tensor m = Tensor.of(Shape.of(4, 4), 3, NAN, 2, 1, NAN, NAN, NAN, NAN, 4, 1, 2, 3, NAN, 7, NAN, NAN);
        assertArrayEquals(new double[] {2, NAN, 2.5, 7}, values(in -> in.get(0).nanmedian(1, false), m), 0.0);
        assertArrayEquals(new double[] {3.5, 4, 2, 2}, values(in -> in.get(0).nanmedian(0, false), m), 0.0);
        assertEquals(Shape.of(4, 1), value(in -> in.get(0).nanmedian(-1, true), m).shape());
        // the gradient: to the middle number, half to each of two, none to NaN entries beside numbers; an all-NaN
        // lane's to its first NaN (torch.nanmedian's to one of them: index 2 in 1.13)
        double[] g = gradients(in -> in.get(0).nanmedian(1, false), Tensor.vector(1, 1, 2, 3), m).get(0);
        assertArrayEquals(new double[] {0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 1, 0, 3, 0, 0}, g, 0.0);
    }

    @Test
    void badArgumentsAreRefusedNamingTheOp() {
        Node x = SourceOp.input("x", Shape.of(2, 6));
        rejects(IllegalArgumentException.class, () -> x.kthvalue(0, 1, false),
                "kthvalue: k must be in [1, 6] along an axis other than N, got k 0 on axis 1 of x : f64[2, 6]");
        rejects(IllegalArgumentException.class, () -> x.kthvalue(3, 0, false), "kthvalue: k must be in [1, 2]");
        rejects(IllegalArgumentException.class, () -> x.kthvalue(1, 2, false), "kthvalue: axis must be in [-2, 2)");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("n", Shape.of(Shape.BATCH, 2)).kthvalue(1, 0,
                false), "kthvalue: k must be in [1, d] along an axis other than N");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("b", Shape.of(3), DType.BOOL).kthvalue(1, 0,
                false), "kthvalue: operand must be numeric");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("i", Shape.of(3), DType.INT64).nanmedian(0,
                false), "nanmedian: operand must be floating-point");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("e", Shape.of(2, 0)).nanmedian(1, false),
                "nanmedian: needs a non-empty axis other than N, got axis 1 of e : f64[2, 0]");
    }
}
