package dev.adjoint.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.Sequential;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import org.junit.jupiter.api.Test;

/**
 * The CNN file written by format version 4 ({@link GoldenCnn}, committed as a test resource) keeps loading:
 * same layers with their Keras arguments, step, weight and moving-average bits, and the recorded predictions.
 */
class GoldenCnnTest {

    /** SHA-256 of the committed file: golden files are never rewritten; a new format gets a new file. */
    private static final String FILE_SHA256 = "1c2f3bebe94f2ccd002d6b5d26d6ac7c1368347a287659c9c223496ef9a7d3b7";

    private static Path golden() throws URISyntaxException {
        return GoldenFiles.resource("cnn-v4.safetensors");
    }

    @Test
    void theGoldenFileIsTheCommittedOne() throws IOException, URISyntaxException, NoSuchAlgorithmException {
        assertEquals(FILE_SHA256, GoldenFiles.sha256(golden()));
    }

    @Test
    void theCnnKeepsLoadingWithItsLayersStepAndWeightBits() throws Exception {
        Model model = ModelFiles.load(golden());
        assertEquals(GoldenCnn.layers(), ((Sequential) model).stack());
        assertEquals(Shape.of(Shape.BATCH, 6, 6, 1), model.inputShape());
        assertEquals(DType.FLOAT32, model.dtype());
        assertEquals(3, model.state().step());
        assertArrayEquals(new int[] {0x3c13bf92, 0xbea1dfc1, 0x3d88b521, 0xbe917807, 0x3e0af4c8, 0xbec03839},
                GoldenFiles.bits(model.state().param("conv2d/kernel"), 6));
        assertArrayEquals(new int[] {0xbd8e7722, 0xbf056c44, 0x3eaa69a5, 0x3ef5100b, 0xbf05f9f3, 0x3ec8950f},
                GoldenFiles.bits(model.state().param("depthwise_conv2d/depthwise_kernel"), 6));
        assertArrayEquals(new int[] {0x3f78e46e, 0x3f79a25e, 0x3f790fd4},
                GoldenFiles.bits(model.state().param("batch_normalization/moving_variance"), 3));
    }

    @Test
    void theCnnGivesTheRecordedPredictions() throws Exception {
        Tensor y = ModelFiles.load(golden()).predict(GoldenCnn.inputs());
        int[] recorded = {0xbc474c5c, 0x3c8760b4, 0xbc19b420, 0xbd48c840, 0x3c672174, 0x3ce8c6b8};
        float[] expected = new float[recorded.length];
        for (int i = 0; i < recorded.length; i++) {
            expected[i] = Float.intBitsToFloat(recorded[i]);
        }
        // weights are compared bit for bit above; predictions allow for kernels that sum in another order
        assertTrue(y.allClose(Tensor.of(Shape.of(2, 3), expected), 1e-4, 1e-6), y.toString());
    }
}
