package dev.adjoint.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.activation.Relu;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.metric.SparseCategoricalAccuracy;
import dev.adjoint.nn.model.Compilation;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.ModelState;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.optim.Adam;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The model file written by format version 1 ({@link GoldenModel}, committed as a test resource) keeps
 * loading: same architecture, compilation, step, weight bits, and the recorded predictions.
 */
class GoldenModelTest {

    /** SHA-256 of the committed file: golden files are never rewritten; a new format gets a new file. */
    private static final String FILE_SHA256 = "b07c23f86d10c6b904259ec337ce823325940ea806df2a8eb8c3a281a99d0bdf";

    /** {@code predict(GoldenModel.inputs())} when the file was written, as float bits. */
    private static final int[] PREDICTIONS = {0xbccdc8a4, 0x3b01e128, 0xbccd8cf1, 0xbf85f03d, 0xbf80a9c8,
        0xbfb8b757, 0x3dcd0aa2, 0xbcc8cdf3, 0x3d83c18c, 0x3e3986a9, 0x3ea6fa94, 0xbf85bf3e, 0xc0148861, 0xc039f39b,
        0xbfabde14};

    private static Path golden() throws URISyntaxException {
        return GoldenFiles.resource("model-v1.safetensors");
    }

    @Test
    void theGoldenFileIsTheCommittedOne() throws IOException, URISyntaxException, NoSuchAlgorithmException {
        assertEquals(FILE_SHA256, GoldenFiles.sha256(golden()));
    }

    @Test
    void versionOneKeepsLoadingWithItsArchitectureStateAndWeightBits() throws Exception {
        Model model = ModelFiles.load(golden());
        assertEquals(Sequential.class, model.getClass());
        assertEquals(List.of(Dense.of(8, new Relu()), Dense.of(3)), ((Sequential) model).stack());
        assertEquals(Shape.of(Shape.BATCH, 4), model.inputShape());
        assertEquals(DType.FLOAT32, model.dtype());
        assertEquals(2024, model.seed());
        assertEquals(new Compilation(Adam.defaults().withLearningRate(0.01), new SparseCategoricalCrossEntropy(true),
                List.of(new SparseCategoricalAccuracy())), model.compilation());
        ModelState state = model.state();
        assertEquals(3, state.step());
        assertEquals(List.of("dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias"),
                state.params().keySet().toJavaList());
        assertEquals(List.of(0x3df32116, 0xbe9b305d, 0x3dcb9c77),
                List.of(box(GoldenFiles.bits(state.param("dense/kernel"), 3))));
        assertEquals(List.of(0xbcb99bad, 0x3b980308, 0x394f0fa0),
                List.of(box(GoldenFiles.bits(state.param("dense_1/bias"), 3))));
        assertEquals(List.of(0x3869220c, 0x386f44b2, 0x39258b28),
                List.of(box(GoldenFiles.bits(state.slot("dense_1/bias", "v"), 3))));
    }

    @Test
    void versionOneGivesTheRecordedPredictions() throws Exception {
        Tensor y = ModelFiles.load(golden()).predict(GoldenModel.inputs());
        assertEquals(Shape.of(5, 3), y.shape());
        float[] recorded = new float[PREDICTIONS.length];
        for (int i = 0; i < recorded.length; i++) {
            recorded[i] = Float.intBitsToFloat(PREDICTIONS[i]);
        }
        // The weights are compared bit for bit above; predictions allow for a kernel that sums in another
        // order (a float32 dot product of 8 terms: a few ulps).
        assertTrue(y.allClose(Tensor.of(Shape.of(5, 3), recorded), 1e-5, 1e-6), y.toString());
    }

    @Test
    void versionOneResumesTraining() throws Exception {
        Model model = ModelFiles.load(golden());
        Tensor x = GoldenModel.inputs();
        model.fit(x, Tensor.vector(0, 1, 2, 0, 1), Models.QUIET.epochs(1).batchSize(5));
        assertEquals(4, model.state().step());
    }

    private static Integer[] box(int[] a) {
        Integer[] out = new Integer[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i];
        }
        return out;
    }
}
