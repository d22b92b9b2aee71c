package dev.adjoint.nn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.activation.Relu;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.metric.SparseCategoricalAccuracy;
import dev.adjoint.optim.Adam;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code fit} and {@code evaluate} take integer label tensors and train exactly as with float labels. */
class IntegerLabelsFitTest {

    private static final Tensor X = Tensor.uniform(Key.of(1), DType.FLOAT32, Shape.of(40, 5), -1, 1);
    private static final FitOptions QUIET = FitOptions.defaults().verbosity(Verbosity.SILENT).epochs(2).batchSize(8);

    private static Sequential model() {
        Sequential model = new Sequential(Shape.of(5), DType.FLOAT32, 7);
        model.add(Dense.of(6, new Relu()));
        model.add(Dense.of(3));
        model.compile(Adam.defaults(), new SparseCategoricalCrossEntropy(true), new SparseCategoricalAccuracy());
        return model;
    }

    private static Tensor labels(DType dtype) {
        long[] y = new long[40];
        for (int i = 0; i < y.length; i++) {
            y[i] = (i * 7) % 3;
        }
        return Tensor.ofLongs(Shape.of(40), y).cast(dtype);
    }

    @Test
    void integerLabelsTrainExactlyAsFloatLabels() {
        Sequential floats = model();
        floats.fit(X, labels(DType.FLOAT32), QUIET);
        for (DType dtype : new DType[] {DType.INT64, DType.INT32}) {
            Sequential ints = model();
            ints.fit(X, labels(dtype), QUIET);
            floats.state().params().forEach(p -> assertTrue(p._2.sameValues(ints.state().param(p._1)),
                    p._1 + " after training with " + dtype + " labels"));
            Map<String, Double> a = floats.evaluate(X, labels(DType.FLOAT32));
            assertEquals(a, ints.evaluate(X, labels(dtype)));
        }
    }

    @Test
    void anIntegerLabelTheModelsDtypeRoundsIsRefused() {
        Tensor y = labels(DType.INT64);
        long[] values = y.toLongArray();
        values[5] = (1L << 24) + 1;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model().fit(X, Tensor.ofLongs(Shape.of(40), values), QUIET));
        assertEquals("fit: y must be exact in f32, got the integer 16777217 at row 5, column 0, which f32 rounds to"
                + " 16777216; build the model in FLOAT64", e.getMessage());
    }
}
