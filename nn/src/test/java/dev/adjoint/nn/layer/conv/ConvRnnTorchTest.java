package dev.adjoint.nn.layer.conv;

import dev.adjoint.core.graph.MovementOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.io.Integrity;
import dev.adjoint.core.io.NamedTensors;
import dev.adjoint.core.io.SafeTensors;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.model.ForwardGraph;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * DepthwiseConv1D, SeparableConv1D, ConvLSTM1D and ConvLSTM2D compute PyTorch's outputs and the gradients of
 * {@code sum(out · r)} with respect to the input and every weight, given the same weights: the fixtures were
 * written once by {@code nn/src/test/python/torch_convrnn_fixtures.py} (float64) from {@code F.conv1d} with
 * {@code groups = C} on the input padded by Keras's same padding (TensorFlow's placement of an odd total's extra
 * cell: after), the pointwise {@code F.conv1d} after it, and, for the ConvLSTM layers, Keras 3's
 * {@code ConvLSTMCell} written out step by step with {@code F.conv1d/2d} (gates i, f, c, o; the recurrent
 * convolution of stride 1 and same padding). {@code out} is the layer's outputs flattened and concatenated: the
 * output, then the final h and c with {@code returnState}. Weights are in Keras's layout in the file.
 */
class ConvRnnTorchTest {

    /** Each fixture's layer, with the arguments the script gave its reference. */
    private static final Map<String, Layer> CASES = cases();

    private static Map<String, Layer> cases() {
        Map<String, Layer> cases = new LinkedHashMap<>();
        cases.put("depthwise_conv1d_valid_strided", DepthwiseConv1D.of(3, 2).depthMultiplier(2));
        cases.put("depthwise_conv1d_same_dilated_first", DepthwiseConv1D.of(3).dilationRate(2).padding("same")
                .dataFormat("channels_first"));
        cases.put("depthwise_conv1d_same_even_kernel", DepthwiseConv1D.of(4).depthMultiplier(3).padding("same"));
        cases.put("depthwise_conv1d_same_strided", DepthwiseConv1D.of(2, 3).depthMultiplier(2).padding("same"));
        cases.put("separable_conv1d_valid", SeparableConv1D.of(4, 3).depthMultiplier(2));
        cases.put("separable_conv1d_same_strided_first", SeparableConv1D.of(2, 4, 2).padding("same")
                .dataFormat("channels_first"));
        cases.put("separable_conv1d_same_dilated", SeparableConv1D.of(3, 2).depthMultiplier(2).dilationRate(3)
                .padding("same"));
        cases.put("conv_lstm1d_same_states", ConvLSTM1D.of(2, 3).padding("same").returnSequences(true)
                .returnState(true));
        cases.put("conv_lstm1d_valid_strided_backwards_first", ConvLSTM1D.of(3, 2, 2).dataFormat("channels_first")
                .goBackwards(true).returnSequences(true));
        cases.put("conv_lstm2d_same_states", ConvLSTM2D.of(2, List.of(3, 2)).padding("same").returnState(true));
        cases.put("conv_lstm2d_dilated_first_no_bias", ConvLSTM2D.of(2, 2).dilationRate(2, 1)
                .dataFormat("channels_first").returnSequences(true).useBias(false));
        cases.put("conv_lstm2d_same_strided", ConvLSTM2D.of(3, List.of(2, 3)).strides(2).padding("same"));
        return cases;
    }

    @TestFactory
    Stream<DynamicTest> outputsAndGradientsMatchPyTorch() throws Exception {
        Path file = Path.of(ConvRnnTorchTest.class.getResource("/fixtures/torch_convrnn.safetensors").toURI());
        NamedTensors fixtures = SafeTensors.read(file, Integrity.DIGEST_IF_PRESENT);
        return CASES.entrySet().stream().map(c -> DynamicTest.dynamicTest(c.getKey(),
                () -> check(fixtures, c.getKey(), c.getValue())));
    }

    private static void check(NamedTensors fixtures, String name, Layer layer) {
        Map<String, Tensor> all = fixtures.tensors();
        Tensor x = all.get(name + "/x");
        ForwardGraph g = ForwardGraph.build((in, layers) -> {
            List<Node> parts = new ArrayList<>();
            for (Node y : layers.applyAll(layer, List.of(in))) {
                parts.add(y.reshape((int) y.shape().size()));
            }
            return MovementOp.concat(0, parts);
        }, x.shape(), DType.FLOAT64, false, null);
        TorchReference.assertMatches(all, name, g);
    }
}
