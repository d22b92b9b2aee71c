package dev.adjoint.core.graph;

import static dev.adjoint.core.Contract.rejects;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * trace, kron and cross give NumPy's values (printed by NumPy 1.24: {@code trace(A, axis1=-2, axis2=-1)},
 * {@code kron}, {@code cross(..., axis)}) and refuse what they cannot compute, naming the op. Their gradients,
 * first and second order, are checked by the op table's rows.
 */
class TraceKronCrossTest {

    private static Tensor eval(java.util.function.Function<List<Node>, Node> f, Tensor... values) {
        List<Node> inputs = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            inputs.add(SourceOp.input("x" + i, values[i].shape()));
        }
        return Function.of(inputs, List.of(f.apply(inputs))).call(values).get(0);
    }

    @Test
    void valuesAreNumPys() {
        Tensor stack = Tensor.of(Shape.of(2, 2, 3), -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7);
        assertArrayEquals(new double[] {-4, 8}, eval(in -> in.get(0).trace(), stack).toDoubleArray());

        Tensor a = Tensor.of(Shape.of(2, 2), 1, 2, 3, 4);
        Tensor b = Tensor.of(Shape.of(2, 3), 0, 5, -1, 6, 7, 2);
        Tensor kron = eval(in -> in.get(0).kron(in.get(1)), a, b);
        assertEquals(Shape.of(4, 6), kron.shape());
        assertArrayEquals(new double[] {0, 5, -1, 0, 10, -2, 6, 7, 2, 12, 14, 4, 0, 15, -3, 0, 20, -4, 18, 21, 6, 24,
            28, 8}, kron.toDoubleArray());
        Tensor ranks = eval(in -> in.get(0).kron(in.get(1)), Tensor.vector(1, -2, 3), a);
        assertEquals(Shape.of(2, 6), ranks.shape());
        assertArrayEquals(new double[] {1, 2, -2, -4, 3, 6, 3, 4, -6, -8, 9, 12}, ranks.toDoubleArray());

        Tensor x = Tensor.of(Shape.of(2, 3), 1, 2, 3, -1, 0.5, 2);
        Tensor y = Tensor.of(Shape.of(1, 3), 4, 5, 6);
        assertArrayEquals(new double[] {-3, 6, -3, -7, 14, -7},
                eval(in -> in.get(0).cross(in.get(1), -1), x, y).toDoubleArray());
        Tensor xt = Tensor.of(Shape.of(3, 2), 1, -1, 2, 0.5, 3, 2);
        Tensor z = Tensor.of(Shape.of(3, 2), 4, -1, 5, 2, 6, 0.5);
        assertArrayEquals(new double[] {-3, -3.75, 6, -1.5, -3, -1.5},
                eval(in -> in.get(0).cross(in.get(1), 0), xt, z).toDoubleArray());
    }

    @Test
    void badOperandsAreRefusedNamingTheOp() {
        Node v = SourceOp.input("v", Shape.of(3));
        rejects(IllegalArgumentException.class, v::trace, "trace: operand must be a matrix or a stack of them");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("m", Shape.of(3, Shape.BATCH)).trace(),
                "trace: the matrix axes (the last two) must be concrete");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("n", Shape.of(Shape.BATCH, 2)).kron(v),
                "kron: N cannot be an axis of a Kronecker product");
        rejects(IllegalArgumentException.class, () -> v.cross(SourceOp.input("w", Shape.of(4)), 0),
                "cross: both operands must have size 3 along axis 0");
        rejects(IllegalArgumentException.class, () -> v.cross(SourceOp.input("w", Shape.of(1, 3)), -1),
                "cross: operands must have one rank");
        rejects(IllegalArgumentException.class, () -> v.cross(v, 1), "cross");
    }
}
