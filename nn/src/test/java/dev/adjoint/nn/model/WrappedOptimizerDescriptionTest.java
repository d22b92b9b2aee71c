package dev.adjoint.nn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.io.ModelFiles;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.loss.MeanSquaredError;
import dev.adjoint.optim.AdamW;
import dev.adjoint.optim.GradientAccumulation;
import dev.adjoint.optim.GradientClipping;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model compiled with a wrapped optimizer shows the wrappers (before: "compiled with AdamW" for an accumulated,
 * clipped AdamW); the model file stores the optimizer as before, and the loaded model shows the same.
 */
class WrappedOptimizerDescriptionTest {

    @Test
    void theModelsDescriptionShowsTheWrappers(@TempDir Path dir) throws Exception {
        Sequential model = new Sequential(Shape.of(3), DType.FLOAT64, 0);
        model.add(Dense.of(2));
        model.compile(GradientAccumulation.of(GradientClipping.byNorm(AdamW.defaults(), 1.0), 2),
                new MeanSquaredError());
        assertTrue(model.toString().endsWith(", compiled with GradientAccumulation(2, GradientClipping(norm 1.0,"
                + " AdamW)), mean_squared_error, metrics []"), model.toString());
        Path file = dir.resolve("m.safetensors");
        ModelFiles.save(model, file);
        Model loaded = ModelFiles.load(file);
        assertEquals(model.compilation().optimizer(), loaded.compilation().optimizer());
        assertEquals(model.toString(), loaded.toString());
    }
}
