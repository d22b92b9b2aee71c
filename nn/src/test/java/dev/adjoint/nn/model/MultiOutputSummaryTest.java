package dev.adjoint.nn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.graph.MovementOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.layer.Bidirectional;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.GRU;
import dev.adjoint.nn.layer.LSTM;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A layer of several outputs (a recurrent layer or a Bidirectional with {@code returnState}) shows every output's
 * shape in {@code summary()}, a list of shapes as Keras's summary shows, with Keras's parameter counts: a
 * Bidirectional LSTM of 3 units over 4 features {@code 2 * 4 * 3 * (4 + 3 + 1) = 192}, a GRU of 2 units
 * ({@code reset_after}) {@code 3 * 2 * (4 + 2) + 2 * 3 * 2 = 48}, a Dense of 8 to 1 {@code 9}.
 */
class MultiOutputSummaryTest {

    private static Functional model() {
        return new Functional(Shape.of(5, 4), DType.FLOAT32, 1, (x, layers) -> {
            List<Node> both = layers.applyAll(Bidirectional.of(LSTM.of(3).returnState(true)), List.of(x));
            List<Node> gru = layers.applyAll(GRU.of(2).returnState(true), List.of(x));
            return layers.apply(Dense.of(1), MovementOp.concat(-1, both.get(0), gru.get(1)));
        });
    }

    @Test
    void summaryShowsEveryOutputsShape() {
        Functional model = model();
        Shape h = Shape.of(Shape.BATCH, 3);
        Shape g = Shape.of(Shape.BATCH, 2);
        List<LayerInfo> rows = model.layers();
        assertEquals(List.of(Shape.of(Shape.BATCH, 6), h, h, h, h), rows.get(0).outputShapes());
        assertEquals(Shape.of(Shape.BATCH, 6), rows.get(0).outputShape());
        assertEquals(List.of(g, g), rows.get(1).outputShapes());
        assertEquals(List.of(Shape.of(Shape.BATCH, 1)), rows.get(2).outputShapes());
        assertEquals(List.of(192L, 48L, 9L), rows.stream().map(LayerInfo::parameters).toList());
        String summary = model.summary();
        String five = List.of(Shape.of(Shape.BATCH, 6), h, h, h, h).toString();
        assertEquals(List.of("bidirectional (bidirectional)", five, "192"), row(summary, "bidirectional"));
        assertEquals(List.of("gru (gru)", List.of(g, g).toString(), "48"), row(summary, "gru"));
        assertEquals(List.of("dense (dense)", Shape.of(Shape.BATCH, 1).toString(), "9"), row(summary, "dense"));
        assertTrue(summary.contains("Total params: 249"), summary);
        assertEquals(192 + 48 + 9, model.parameterCount());
    }

    /** The cells of the summary's row of layer {@code name}: its columns are three or more spaces apart. */
    private static List<String> row(String summary, String name) {
        for (String line : summary.split("\\R")) {
            if (line.startsWith(name + " (")) {
                return List.of(line.strip().split(" {3,}"));
            }
        }
        throw new AssertionError("no row " + name + " in " + summary);
    }

    @Test
    void aRowHasAtLeastOneShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LayerInfo("x", "dense", List.of(), 0, true));
        assertEquals("LayerInfo: outputShapes must hold at least one shape, got none", e.getMessage());
        assertEquals("[N, 2]", new LayerInfo("d", "dense", Shape.of(Shape.BATCH, 2), 6).outputShapeText());
    }
}
