package dev.adjoint.core.tensor;

import static dev.adjoint.core.Contract.rejects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.RandomOp;
import dev.adjoint.core.graph.SourceOp;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Tensor#key(Key)} is the INT64 key tensor of {@link RandomOp#keyValue(Key)}: it draws what the float64
 * key tensor the training step builds draws; a key tensor made from {@link Key#seed()} is rejected pointing to it.
 */
class KeyTensorTest {

    @Test
    void aKeyTensorHoldsTheKeyValueAndDrawsAsTheFloat64One() {
        Key key = Key.of(1).fold(3);
        Tensor tensor = Tensor.key(key);
        assertEquals(DType.INT64, tensor.dtype());
        assertEquals(Shape.scalar(), tensor.shape());
        assertEquals(RandomOp.keyValue(key), tensor.item());
        assertEquals(7L, Tensor.key(Key.of(7)).item(), 0.0);
        Node integer = SourceOp.input("key", Shape.scalar(), DType.INT64);
        Node float64 = SourceOp.input("key", Shape.scalar(), DType.FLOAT64);
        Tensor a = Function.of(List.of(integer), List.of(RandomOp.uniform(integer, Shape.of(4), DType.FLOAT64, 2)))
                .call(tensor).get(0);
        Tensor b = Function.of(List.of(float64), List.of(RandomOp.uniform(float64, Shape.of(4), DType.FLOAT64, 2)))
                .call(Tensor.scalar(RandomOp.keyValue(key))).get(0);
        assertTrue(a.sameValues(b));
    }

    @Test
    void aKeyTensorMadeFromTheSeedPointsToTheKeyValue() {
        Node key = SourceOp.input("key", Shape.scalar(), DType.FLOAT64);
        Function f = Function.of(List.of(key), List.of(RandomOp.uniform(key, Shape.of(3), DType.FLOAT64, 0)));
        rejects(IllegalArgumentException.class, () -> f.call(Tensor.scalar(Key.of(1).fold(3).seed())),
                "random: key must be an integer in [0, 2^53), got -7.3", "Tensor.key(key)",
                "RandomOp.keyValue(key)");
    }
}
