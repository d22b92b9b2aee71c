package dev.adjoint.nn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.layer.Dense;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link ForwardGraph#at} evaluates the model at another input with the same parameters: any number of rows is
 * accepted, and an input of the wrong width is rejected as {@code at}'s argument, expected against got, not as
 * a layer whose weights disagree.
 */
class ForwardGraphAtTest {

    private final Architecture twoLayers = (x, layers) -> layers.apply(Dense.of(1), layers.apply(Dense.of(16), x));
    private final ForwardGraph graph = ForwardGraph.build(twoLayers, Shape.of(Shape.BATCH, 2), DType.FLOAT64, false,
            null);

    @Test
    void atAcceptsAnyNumberOfRowsAndAddsNoParameters() {
        Map<String, Node> params = Map.copyOf(graph.params());
        assertEquals("f64[5, 1]", graph.at(SourceOp.input("boundary", Shape.of(5, 2))).type());
        assertEquals(params, Map.copyOf(graph.params()));
    }

    @Test
    void atRejectsAnInputOfTheWrongWidthAsItsArgument() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> graph.at(SourceOp.input("boundary", Shape.of(Shape.BATCH, 3))));
        assertEquals("at: x must fit the model's input f64[N, 2] (any number of rows), got f64[N, 3]; at x layer"
                + " 'dense' would need 'kernel' : f64[3, 16], the model's is f64[2, 16]", e.getMessage());
        assertTrue(graph.params().keySet().containsAll(java.util.List.of("dense/kernel", "dense_1/kernel")));
    }
}
