package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Sums over tensors with no elements: over an empty axis every sum is 0 (NumPy's and PyTorch's rule), and a
 * sum whose output is empty is an empty tensor, the same compiled (where an elementwise chain joins the sum,
 * {@code FusedSum}) and uncompiled, for float32 and float64, and for a batch of zero rows.
 */
class EmptyReductionsTest {

    private static void sameCompiledAndNot(Shape shape, DType dtype, UnaryOperator<Node> f, Shape expectedShape) {
        Node x = SourceOp.input("x", shape, dtype);
        Tensor value = Tensor.zeros(dtype, shape);
        Node y = f.apply(x);
        Tensor compiled = Function.of(List.of(x), List.of(y)).call(value).get(0);
        Tensor plain = Function.unoptimized(List.of(x), List.of(y)).call(value).get(0);
        assertEquals(expectedShape, compiled.shape(), y.toString());
        assertEquals(dtype, compiled.dtype());
        assertTrue(compiled.sameValues(plain), compiled + " vs " + plain);
        for (int i = 0; i < compiled.size(); i++) {
            assertEquals(0.0, compiled.flat(i), 0.0, "a sum over no values");
        }
    }

    @Test
    void sumsOverAnEmptyAxisAreZerosAndSumsWithAnEmptyOutputAreEmpty() {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Shape shape = Shape.of(2, 0, 3);
            sameCompiledAndNot(shape, dtype, x -> x.square().sum(1), Shape.of(2, 3));
            sameCompiledAndNot(shape, dtype, x -> x.exp().sum(1), Shape.of(2, 3));
            sameCompiledAndNot(shape, dtype, x -> x.sum(1), Shape.of(2, 3));
            sameCompiledAndNot(shape, dtype, x -> x.normL2(false, 1), Shape.of(2, 3));
            sameCompiledAndNot(shape, dtype, x -> x.exp().sum(0), Shape.of(0, 3));
            sameCompiledAndNot(shape, dtype, x -> x.sum(0), Shape.of(0, 3));
            sameCompiledAndNot(shape, dtype, x -> x.mean(0), Shape.of(0, 3));
            sameCompiledAndNot(shape, dtype, x -> x.exp().sum(2), Shape.of(2, 0));
            sameCompiledAndNot(shape, dtype, x -> x.square().sum(0, 1), Shape.of(3));
        }
    }

    @Test
    void aBatchOfZeroRowsSumsToZeros() {
        Node b = SourceOp.input("b", Shape.of(Shape.BATCH, 3));
        Node y = b.square().sum(0);
        Tensor rows = Tensor.zeros(Shape.of(0, 3));
        Tensor compiled = Function.of(List.of(b), List.of(y)).call(rows).get(0);
        assertEquals("f64[3] [0.0, 0.0, 0.0]", compiled.toString());
        assertTrue(compiled.sameValues(Function.unoptimized(List.of(b), List.of(y)).call(rows).get(0)));
    }
}
