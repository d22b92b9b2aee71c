package dev.adjoint.nn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.loss.MeanSquaredError;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.optim.Sgd;
import org.junit.jupiter.api.Test;

/**
 * {@link TrainStep#apply} (and the sharded step) casts float64 and integer data to a float32 model's dtype as
 * {@code fit} does (before: refused with "call: argument 'x' ... expects f32[N, 3], got f64[4, 3]"), with fit's
 * refusals of values float32 does not hold.
 */
class TrainStepCastTest {

    private static final Tensor X = Tensor.of(Shape.of(4, 3), 0.5, -1, 2, 0.25, 1.5, -0.75, 3, 1, -2, 0.125, 0, 1);

    private static Sequential model(int units) {
        Sequential model = new Sequential(Shape.of(3), DType.FLOAT32, 7);
        model.add(Dense.of(units));
        return model;
    }

    private static void assertSameStep(TrainStep.Result expected, TrainStep.Result actual) {
        assertEquals(expected.loss(), actual.loss(), 0.0);
        expected.state().params().forEach(p -> assertArrayEquals(p._2.toDoubleArray(),
                actual.state().params().get(p._1).get().toDoubleArray(), 0.0, p._1));
    }

    @Test
    void float64DataTrainsAsItsFloat32CastDoes() {
        Sequential model = model(2);
        model.compile(Sgd.defaults(), new MeanSquaredError());
        Tensor y = Tensor.of(Shape.of(4, 2), 1, 0, 0, 1, 0.5, 0.5, -1, 2);
        TrainStep step = model.trainStep(Shape.of(Shape.BATCH, 2));
        TrainStep.Result cast = step.apply(model.state(), X.cast(DType.FLOAT32), y.cast(DType.FLOAT32), Key.of(1), 1);
        TrainStep.Result given = step.apply(model.state(), X, y, Key.of(1), 1);
        assertSameStep(cast, given);
    }

    @Test
    void integerLabelsTrainAsTheirFloatCastDoes() {
        Sequential model = model(3);
        model.compile(Sgd.defaults(), new SparseCategoricalCrossEntropy(true));
        TrainStep step = model.trainStep(Shape.of(Shape.BATCH));
        Tensor labels = Tensor.ofLongs(Shape.of(4), 0, 2, 1, 2);
        TrainStep.Result cast = step.apply(model.state(), X.cast(DType.FLOAT32), labels.cast(DType.FLOAT32),
                Key.of(3), 1);
        assertSameStep(cast, step.apply(model.state(), X, labels, Key.of(3), 1));
    }

    @Test
    void theShardedStepCastsAsTheWholeStepDoes() {
        Sequential model = model(2);
        model.compile(Sgd.defaults(), new MeanSquaredError());
        Tensor y = Tensor.of(Shape.of(4, 2), 1, 0, 0, 1, 0.5, 0.5, -1, 2);
        int[] rows = {0, 1, 2, 3};
        ShardedStep step = model.shardedStep(Shape.of(Shape.BATCH, 2));
        assertSameStep(step.apply(model.state(), X.cast(DType.FLOAT32), y.cast(DType.FLOAT32), rows, 2, Key.of(5), 1),
                step.apply(model.state(), X, y, rows, 2, Key.of(5), 1));
        Tensor huge = Tensor.of(Shape.of(4, 2), 0, 0, 0, 0, 0, 0, 0, -1e300);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> step.apply(model.state(), X, huge, rows, 2, Key.of(5), 1));
        // the batch's row 3 (the second shard's row 1): the batch is cast before it is split
        assertEquals("sharded step: y must be finite in f32, got -1.0E300 at row 3, column 1, beyond f32's largest"
                + " 3.4028234663852886E38; scale the data or build the model in FLOAT64", e.getMessage());
    }

    @Test
    void valuesFloat32DoesNotHoldAreRefusedAsByFit() {
        Sequential model = model(2);
        model.compile(Sgd.defaults(), new MeanSquaredError());
        TrainStep step = model.trainStep(Shape.of(Shape.BATCH, 2));
        Tensor y = Tensor.of(Shape.of(4, 2), 1, 0, 0, 1, 0.5, 0.5, -1, 2);
        Tensor huge = Tensor.of(Shape.of(4, 3), 0, 0, 0, 0, 0, 1e300, 0, 0, 0, 0, 0, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> step.apply(model.state(), huge, y, Key.of(1), 1));
        assertEquals("train step: x must be finite in f32, got 1.0E300 at row 1, column 2, beyond f32's largest"
                + " 3.4028234663852886E38; scale the data or build the model in FLOAT64", e.getMessage());
        Tensor big = Tensor.ofLongs(Shape.of(4, 2), 0, 0, 0, (1L << 24) + 1, 0, 0, 0, 0);
        IllegalArgumentException rounded = assertThrows(IllegalArgumentException.class,
                () -> step.apply(model.state(), X, big, Key.of(1), 1));
        assertEquals("train step: y must be exact in f32, got the integer 16777217 at row 1, column 1, which f32"
                + " rounds to 16777216; build the model in FLOAT64", rounded.getMessage());
    }
}
