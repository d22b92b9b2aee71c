package dev.adjoint.nn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.activation.Tanh;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.loss.MeanSquaredError;
import dev.adjoint.optim.Adam;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code setWeights} replaces the named weights with plain Java maps: a whole model's weights copied into another
 * of the same architecture give its predictions bit for bit; a partial map replaces those weights alone and keeps
 * the others, the optimizer state and the step; a tensor of another floating or an integer dtype is cast to the
 * weight's (NumPy's {@code astype} values); an unknown name, a wrong shape or a bool tensor is refused by name,
 * with the model unchanged.
 */
class SetWeightsTest {

    private static Sequential model(long seed) {
        Sequential m = new Sequential(Shape.of(2), DType.FLOAT32, seed);
        m.add(Dense.of(4, new Tanh())).add(Dense.of(1));
        m.compile(Adam.defaults(), new MeanSquaredError());
        return m;
    }

    private static final Tensor X = Tensor.of(DType.FLOAT32, Shape.of(3, 2), 0.5, -1, 2, 0.25, -0.75, 1);

    @Test
    void copyingAllWeightsGivesTheSamePredictions() {
        Sequential teacher = model(1);
        Sequential student = model(2);
        assertTrue(!teacher.predict(X).sameValues(student.predict(X)), "two seeds give two models");
        student.setWeights(teacher.weights());
        assertTrue(teacher.predict(X).sameValues(student.predict(X)));
    }

    @Test
    void aPartialMapReplacesThoseWeightsAndKeepsTheRest() {
        Sequential m = model(1);
        ModelState before = m.state();
        Tensor kernel = Tensor.of(DType.FLOAT32, Shape.of(4, 1), 1, 2, 3, 4);
        m.setWeights(Map.of("dense_1/kernel", kernel));
        ModelState after = m.state();
        assertSame(kernel, after.param("dense_1/kernel"));
        for (String name : before.params().keySet()) {
            if (!name.equals("dense_1/kernel")) {
                assertSame(before.param(name), after.param(name), name);
            }
        }
        assertSame(before.optimizer(), after.optimizer());
        assertEquals(before.step(), after.step());
    }

    @Test
    void unknownNamesAndWrongTypesAreRefusedWithTheModelUnchanged() {
        Sequential m = model(1);
        ModelState before = m.state();
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> m.setWeights(Map.of("dense/kernal", Tensor.zeros(DType.FLOAT32, Shape.of(2, 4)))));
        assertTrue(unknown.getMessage().contains("model: setWeights: 'dense/kernal' is not a weight of this model;"
                + " its weights are [dense/kernel, dense/bias, dense_1/kernel, dense_1/bias]"), unknown.getMessage());
        IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class,
                () -> m.setWeights(Map.of("dense/kernel", Tensor.zeros(DType.BOOL, Shape.of(2, 4)))));
        assertTrue(wrongType.getMessage().contains("model: setWeights: weight 'dense/kernel' must be f32[2, 4], got"
                + " bool[2, 4]"),
                wrongType.getMessage());
        IllegalArgumentException wrongShape = assertThrows(IllegalArgumentException.class,
                () -> m.setWeights(Map.of("dense/bias", Tensor.zeros(DType.FLOAT32, Shape.of(4)),
                        "dense/kernel", Tensor.zeros(DType.FLOAT64, Shape.of(4, 2)))));
        assertTrue(wrongShape.getMessage().contains("model: setWeights: weight 'dense/kernel' must be f32[2, 4], got"
                + " f64[4, 2]"), wrongShape.getMessage());
        assertSame(before, m.state());
    }

    @Test
    void float64WeightsAreRoundedToTheNearestFloat32AsKerasAssignCasts() {
        Sequential m = model(1);
        // Expected values: numpy.array(values, dtype=float64).astype(float32) (NumPy 1.24), as bit patterns.
        double[] values = {0.1, 1.0 / 3, 1 + 0x1p-24, 1 + 3 * 0x1p-24, 3.4028235e38, 3.4028235677973366e38, 1e39,
            -1e39};
        int[] float32Bits = {0x3dcccccd, 0x3eaaaaab, 0x3f800000, 0x3f800002, 0x7f7fffff, 0x7f800000, 0x7f800000,
            0xff800000};
        m.setWeights(Map.of("dense/kernel", Tensor.of(DType.FLOAT64, Shape.of(2, 4), values)));
        Tensor kernel = m.state().param("dense/kernel");
        assertEquals(DType.FLOAT32, kernel.dtype());
        assertEquals(Shape.of(2, 4), kernel.shape());
        for (int i = 0; i < values.length; i++) {
            assertEquals(float32Bits[i], Float.floatToRawIntBits((float) kernel.flat(i)), "element " + i + ": "
                    + values[i] + " became " + kernel.flat(i));
        }
    }

    @Test
    void integerWeightsAreCastToTheModelsFloatType() {
        Sequential m = model(1);
        // numpy.array([16777217, -16777219, 2**62 + 2**38 + 1, 7], dtype=int64).astype(float32) (NumPy 1.24);
        // the third rounds up, where a detour through float64 would round to 2^62 (a tie there, to even)
        m.setWeights(Map.of("dense_1/kernel", Tensor.ofLongs(Shape.of(4, 1), 16777217, -16777219,
                (1L << 62) + (1L << 38) + 1, 7)));
        Tensor kernel = m.state().param("dense_1/kernel");
        assertEquals(DType.FLOAT32, kernel.dtype());
        assertEquals(java.util.List.of(16777216.0, -16777220.0, 4.611686568183202e18, 7.0),
                java.util.Arrays.stream(kernel.toDoubleArray()).boxed().toList());
    }

    @Test
    void aFloat64CopyOfAFloat32ModelsWeightsGivesItsPredictions() {
        Sequential teacher = model(1);
        Sequential student = model(2);
        Map<String, Tensor> wide = new java.util.LinkedHashMap<>();
        teacher.weights().forEach((name, w) -> wide.put(name, w.cast(DType.FLOAT64)));
        student.setWeights(wide);
        assertTrue(teacher.predict(X).sameValues(student.predict(X)));
    }
}
