package dev.adjoint.nn.layer.conv;

import dev.adjoint.core.graph.ConvOp;
import dev.adjoint.core.graph.ConvSpec;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import java.util.List;

/**
 * The depthwise step {@link DepthwiseConv2D} and {@link SeparableConv2D} share: Keras's kernel
 * {@code k : [kh, kw, C, M]} applied as a convolution with {@code groups = C} and the kernel reshaped to
 * {@code [kh, kw, 1, C·M]}, so output channel {@code c·M + m} is input channel c filtered by {@code k[.., c, m]}.
 *
 * @param layer the layer's class name, for messages
 * @param kernelSize the window, two entries
 * @param depthMultiplier M
 * @param spec the geometry, with one group (the groups follow the input's channels)
 */
record Depthwise(String layer, List<Integer> kernelSize, int depthMultiplier, ConvSpec spec) {

    static Depthwise of(String layer, List<Integer> kernelSize, List<Integer> strides, String padding,
            int depthMultiplier, String dataFormat, List<Integer> dilationRate) {
        if (depthMultiplier < 1) {
            throw new IllegalArgumentException(layer + ": depthMultiplier must be >= 1, got " + depthMultiplier);
        }
        Convolution c = Convolution.of(layer, 2, 1, kernelSize, strides, padding, dataFormat, dilationRate, 1);
        return new Depthwise(layer, c.kernelSize(), depthMultiplier, c.spec());
    }

    /** Keras's depthwise kernel shape {@code [kh, kw, C, M]}. */
    Shape kernel(Shape input) {
        int c = Spatial.channels(layer, input, 2, spec.dataFormat());
        return Shape.of(kernelSize.get(0), kernelSize.get(1), c, depthMultiplier);
    }

    int outputChannels(Shape input) {
        return Spatial.channels(layer, input, 2, spec.dataFormat()) * depthMultiplier;
    }

    Shape outputShape(Shape input) {
        Shape k = kernel(input);
        return Spatial.probe(layer, input, spec.dataFormat(), x -> apply(x, SourceOp.input("k", k, DType.FLOAT64)));
    }

    /** The depthwise convolution of x by Keras's kernel {@code [kh, kw, C, M]}. */
    Node apply(Node x, Node kernel) {
        int c = kernel.shape().dim(2);
        return ConvOp.conv(x, kernel.reshape(kernelSize.get(0), kernelSize.get(1), 1, c * depthMultiplier),
                spec.withGroups(c));
    }
}
