package dev.adjoint.nn.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.io.ModelFiles;
import dev.adjoint.nn.loss.MeanSquaredError;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.optim.Sgd;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CategoryEncoding}: Keras's one_hot, multi_hot and count encodings of integer indices. */
class CategoryEncodingTest {

    @TempDir
    Path dir;

    private static Tensor encode(CategoryEncoding layer, int k, double[][] rows) {
        Sequential model = new Sequential(Shape.of(k), DType.FLOAT64, 0);
        model.add(layer);
        return model.predict(Tensor.matrix(rows));
    }

    @Test
    void encodingsMatchKerasDocumentedExamples() {
        // Keras's docstring examples: one_hot of [3, 2, 0, 1]; multi_hot and count of [[0, 1], [0, 0], [1, 2], [3, 1]]
        Tensor oneHot = encode(CategoryEncoding.oneHot(4), 1, new double[][] {{3}, {2}, {0}, {1}});
        assertEquals(Shape.of(4, 4), oneHot.shape());
        assertArrayEquals(new double[] {0, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0}, oneHot.toDoubleArray());
        double[][] pairs = {{0, 1}, {0, 0}, {1, 2}, {3, 1}};
        assertArrayEquals(new double[] {1, 1, 0, 0, 1, 0, 0, 0, 0, 1, 1, 0, 0, 1, 0, 1},
                encode(CategoryEncoding.multiHot(4), 2, pairs).toDoubleArray());
        assertArrayEquals(new double[] {1, 1, 0, 0, 2, 0, 0, 0, 0, 1, 1, 0, 0, 1, 0, 1},
                encode(CategoryEncoding.count(4), 2, pairs).toDoubleArray());
    }

    @Test
    void anIndexOutOfRangeIsAnErrorAndBadConfigurationsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> encode(CategoryEncoding.oneHot(3), 1, new double[][] {{1}, {3}}));
        assertTrue(e.getMessage().contains("category encoding layer") && e.getMessage().contains("[0, 3), got 3.0"
                + " at row 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CategoryEncoding(0, "one_hot", null));
        assertThrows(IllegalArgumentException.class, () -> new CategoryEncoding(3, "binary", null));
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> new Sequential(Shape.of(2)).add(CategoryEncoding.oneHot(3)));
        assertTrue(shape.getMessage().contains("one_hot takes one index per example"), shape.getMessage());
    }

    @Test
    void aModelWithTheLayerIsSavedAndLoaded() throws Exception {
        Sequential model = new Sequential(Shape.of(2), DType.FLOAT64, 1);
        model.add(CategoryEncoding.count(5)).add(Dense.of(1));
        model.compile(Sgd.defaults(), new MeanSquaredError());
        Path file = dir.resolve("m.safetensors");
        ModelFiles.save(model, file);
        Model loaded = ModelFiles.load(file);
        Tensor x = Tensor.matrix(new double[][] {{4, 4}, {0, 2}});
        assertTrue(loaded.predict(x).sameValues(model.predict(x)));
    }
}
