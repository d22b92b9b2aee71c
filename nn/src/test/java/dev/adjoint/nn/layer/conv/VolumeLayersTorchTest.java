package dev.adjoint.nn.layer.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.io.Integrity;
import dev.adjoint.core.io.NamedTensors;
import dev.adjoint.core.io.SafeTensors;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.model.ForwardGraph;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Conv1DTranspose, Conv3DTranspose, MaxPooling3D, AveragePooling3D, UpSampling3D, ZeroPadding3D and Cropping3D
 * compute PyTorch's outputs and the gradients of {@code sum(y · r)} with respect to the input and every weight,
 * given the same weights: the fixtures were written once by {@code nn/src/test/python/torch_volume_fixtures.py}
 * (float64) from {@code F.conv_transpose1d/3d} (the full transposed convolution, cut to Keras's output size and
 * placement with same padding and {@code output_padding}), {@code F.max_pool3d} on an input padded with
 * {@code -inf} by Keras's same padding, {@code F.avg_pool3d} sums over the counts of cells inside the input,
 * {@code F.interpolate(mode="nearest")}, {@code F.pad} and slicing. Kernels are in Keras's layout
 * {@code [k..., filters, C]} in the file, PyTorch's weight {@code [C, filters, k...]} permuted.
 */
class VolumeLayersTorchTest {

    /** Each fixture's layer, with the arguments the script gave PyTorch's call. */
    private static final Map<String, Layer> CASES = cases();

    private static Map<String, Layer> cases() {
        Map<String, Layer> cases = new LinkedHashMap<>();
        cases.put("conv1d_transpose_valid", Conv1DTranspose.of(4, 3, 2));
        cases.put("conv1d_transpose_same_output_padding", Conv1DTranspose.of(2, 4, 3).padding("same")
                .outputPadding(1));
        cases.put("conv1d_transpose_dilated_first", Conv1DTranspose.of(2, 3).dilationRate(2).padding("same")
                .dataFormat("channels_first"));
        cases.put("conv3d_transpose_valid", Conv3DTranspose.of(2, List.of(2, 3, 2)).strides(2, 1, 3));
        cases.put("conv3d_transpose_same_output_padding", Conv3DTranspose.of(3, 3, 2).padding("same")
                .outputPadding(1, 0, 1));
        cases.put("conv3d_transpose_dilated_first", Conv3DTranspose.of(2, List.of(2, 2, 3)).dilationRate(1, 2, 1)
                .padding("same").dataFormat("channels_first"));
        cases.put("max_pooling3d_valid", MaxPooling3D.of(List.of(2, 3, 2)));
        cases.put("max_pooling3d_same_first", MaxPooling3D.of(3).strides(2, 1, 2).padding("same")
                .dataFormat("channels_first"));
        cases.put("average_pooling3d_valid", AveragePooling3D.of(2, 1));
        cases.put("average_pooling3d_same", AveragePooling3D.of(List.of(3, 2, 3)).strides(2).padding("same"));
        cases.put("up_sampling3d", UpSampling3D.of(2, 3, 1));
        cases.put("up_sampling3d_first", UpSampling3D.of().dataFormat("channels_first"));
        cases.put("zero_padding3d", new ZeroPadding3D(List.of(List.of(1, 0), List.of(2, 1), List.of(0, 2)),
                "channels_last", null));
        cases.put("cropping3d_first", new Cropping3D(List.of(List.of(1, 0), List.of(0, 2), List.of(1, 1)),
                "channels_first", null));
        return cases;
    }

    @TestFactory
    Stream<DynamicTest> outputsAndGradientsMatchPyTorch() throws Exception {
        Path file = Path.of(VolumeLayersTorchTest.class.getResource("/fixtures/torch_volume.safetensors").toURI());
        NamedTensors fixtures = SafeTensors.read(file, Integrity.DIGEST_IF_PRESENT);
        return CASES.entrySet().stream().map(c -> DynamicTest.dynamicTest(c.getKey(),
                () -> check(fixtures, c.getKey(), c.getValue())));
    }

    private static void check(NamedTensors fixtures, String name, Layer layer) {
        Map<String, Tensor> all = fixtures.tensors();
        Tensor x = all.get(name + "/x");
        Tensor expected = all.get(name + "/out");
        assertEquals(expected.shape(), layer.outputShape(x.shape()), name + ": Keras's output shape");
        ForwardGraph g = LayerGraphs.graph(layer, x.shape(), false);
        TorchReference.assertMatches(all, name, g);
    }
}
