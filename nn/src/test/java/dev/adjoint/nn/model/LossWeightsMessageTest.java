package dev.adjoint.nn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.loss.Loss;
import dev.adjoint.nn.loss.MeanSquaredError;
import dev.adjoint.optim.Sgd;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A refused set of loss weights says that null means a weight of 1 for every output. */
class LossWeightsMessageTest {

    private static Functional model() {
        return new Functional(List.of(Functional.Input.of("a", 3)), List.of("out", "aux"), DType.FLOAT64, 0,
                (in, l) -> List.of(l.apply(Dense.of(1), in.get(0)), l.apply(Dense.of(2), in.get(0))));
    }

    private static final Map<String, Loss> LOSSES = Map.of("out", new MeanSquaredError(), "aux",
            new MeanSquaredError());

    @Test
    void anEmptyMapOfWeightsSaysNullMeansWeightsOfOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model().compile(Sgd.defaults(), LOSSES, Map.of(), null));
        assertEquals("compile: loss weights must name exactly [out, aux], got []; pass null for weights of 1",
                e.getMessage());
    }

    @Test
    void aShortListOfWeightsSaysNullMeansWeightsOfOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model().compile(
                Sgd.defaults(), List.<Loss>of(new MeanSquaredError(), new MeanSquaredError()), List.of(1.0), null));
        assertEquals("compile: one loss and one loss weight per output [out, aux], got 2 losses and 1 weights; pass"
                + " null for weights of 1", e.getMessage());
    }

    @Test
    void aMissingLossIsNamedBeforeTheWeights() { // the weights name [out] too: the loss is what is missing
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model().compile(
                Sgd.defaults(), Map.<String, Loss>of("out", new MeanSquaredError()), Map.of("out", 1.0), null));
        assertEquals("compile: losses must name exactly [out, aux], got [out]", e.getMessage());
    }

    @Test
    void nullWeightsCompile() {
        Functional m = model();
        m.compile(Sgd.defaults(), LOSSES, null, null);
        assertEquals(List.of(1.0, 1.0), ((MultiOutputLoss) m.compilation().loss()).weights());
    }
}
