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
 * the others, the optimizer state and the step; an unknown name or a tensor of the wrong type is refused by name,
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
                () -> m.setWeights(Map.of("dense/kernel", Tensor.zeros(DType.FLOAT64, Shape.of(2, 4)))));
        assertTrue(wrongType.getMessage().contains("model: setWeights: weight 'dense/kernel' must be f32[2, 4], got"
                + " f64[2, 4]"),
                wrongType.getMessage());
        assertSame(before, m.state());
    }
}
