package dev.adjoint.nn.layer.conv;

import dev.adjoint.core.graph.ConvSpec;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import java.util.List;

/**
 * Keras's arguments of a convolution ({@code kernel_size}, {@code strides}, {@code padding} {@code "valid"} or
 * {@code "same"}, {@code data_format}, {@code dilation_rate}), checked as this package's layers check them and
 * turned into the core's {@link ConvSpec}: for layers outside this package that convolve, such as
 * {@code ConvLSTM2D}. With {@code d} spatial axes, input {@code [N, s_1..s_d, C]} (or {@code [N, C, s...]}) and
 * kernel {@code [k_1..k_d, C, outputs]}; see {@link ConvSpec} for the formula.
 */
public final class ConvGeometry {

    private final Convolution convolution;

    private ConvGeometry(Convolution convolution) {
        this.convolution = convolution;
    }

    /**
     * The geometry of {@code layer}'s convolution over {@code rank} spatial axes; one-entry lists apply to every
     * axis. As Keras, strides above 1 together with dilations above 1 are refused, and so is {@code "causal"}.
     *
     * @param layer the layer's class name, for messages
     * @throws IllegalArgumentException naming the layer, the argument, the rule and the value given
     */
    public static ConvGeometry of(String layer, int rank, List<Integer> kernelSize, List<Integer> strides,
            String padding, String dataFormat, List<Integer> dilationRate) {
        Convolution c = Convolution.of(layer, rank, 1, kernelSize, strides, padding, dataFormat, dilationRate, 1);
        Spatial.padding(layer, padding);
        return new ConvGeometry(c);
    }

    /** The window, one entry per spatial axis. */
    public List<Integer> kernelSize() {
        return convolution.kernelSize();
    }

    /** The strides, padding, dilations and data format, with one group. */
    public ConvSpec spec() {
        return convolution.spec();
    }

    /**
     * The channels of {@code input}, after checking its rank (the spatial axes plus batch and channels).
     *
     * @throws IllegalArgumentException naming the layer and the layout expected when the rank differs
     */
    public int channels(Shape input) {
        return Spatial.channels(convolution.layer(), input, convolution.rank(), spec().dataFormat());
    }

    /** The kernel {@code [k..., C, outputs]} for {@code input}. */
    public Shape kernel(Shape input, int outputs) {
        int rank = convolution.rank();
        int[] dims = new int[rank + 2];
        for (int a = 0; a < rank; a++) {
            dims[a] = kernelSize().get(a);
        }
        dims[rank] = channels(input);
        dims[rank + 1] = outputs;
        return Shape.of(dims);
    }

    /**
     * The shape of the convolution of {@code input} with {@code outputs} output channels.
     *
     * @throws IllegalArgumentException prefixed with the layer's name when the input does not fit (a window
     *     larger than the input with valid padding)
     */
    public Shape outputShape(Shape input, int outputs) {
        return new Convolution(convolution.layer(), convolution.rank(), outputs, kernelSize(), spec())
                .outputShape(input);
    }

    /** A per-channel vector {@code [C]} shaped to broadcast against a tensor of rank {@code rank} in this format. */
    public Node perChannel(Node v, int rank) {
        return Spatial.perChannel(v, rank, spec().dataFormat());
    }
}
