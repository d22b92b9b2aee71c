package dev.adjoint.nn.layer.conv;

import dev.adjoint.core.graph.ConvOp;
import dev.adjoint.core.graph.ConvSpec;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.activation.Activation;
import dev.adjoint.nn.constraint.Constraint;
import dev.adjoint.nn.init.Initializer;
import dev.adjoint.nn.layer.LayerContext;
import dev.adjoint.nn.layer.ParamSpec;
import dev.adjoint.nn.regularizer.Regularizer;
import java.util.ArrayList;
import java.util.List;

/**
 * The depthwise step the depthwise and separable layers ({@link DepthwiseConv1D}, {@link DepthwiseConv2D},
 * {@link SeparableConv1D}, {@link SeparableConv2D}) share, for any number of spatial axes: Keras's kernel
 * {@code k : [k..., C, M]} applied as a convolution with {@code groups = C} and the kernel reshaped to
 * {@code [k..., 1, C·M]}, so output channel {@code c·M + m} is input channel c filtered by {@code k[.., c, m]};
 * and the separable layers' 1x..x1 pointwise convolution after it. Padding is {@code "valid"} or {@code "same"}:
 * Keras 3's depthwise and separable layers refuse {@code Conv1D}'s {@code "causal"}.
 *
 * @param layer the layer's class name, for messages
 * @param kernelSize the window, one entry per spatial axis
 * @param depthMultiplier M
 * @param spec the geometry, with one group (the groups follow the input's channels)
 */
record Depthwise(String layer, List<Integer> kernelSize, int depthMultiplier, ConvSpec spec) {

    static Depthwise of(String layer, int rank, List<Integer> kernelSize, List<Integer> strides, String padding,
            int depthMultiplier, String dataFormat, List<Integer> dilationRate) {
        if (depthMultiplier < 1) {
            throw new IllegalArgumentException(layer + ": depthMultiplier must be >= 1, got " + depthMultiplier);
        }
        Convolution c = Convolution.of(layer, rank, 1, kernelSize, strides, padding, dataFormat, dilationRate, 1);
        Spatial.padding(layer, padding); // Conv1D's "causal" is not theirs
        return new Depthwise(layer, c.kernelSize(), depthMultiplier, c.spec());
    }

    /** The number of spatial axes. */
    int rank() {
        return kernelSize.size();
    }

    /** Keras's depthwise kernel shape {@code [k..., C, M]}. */
    Shape kernel(Shape input) {
        int c = Spatial.channels(layer, input, rank(), spec.dataFormat());
        return Shape.of(window(c, depthMultiplier));
    }

    /** The window's sizes followed by {@code last}, {@code [k..., last...]}. */
    private int[] window(int... last) {
        int[] dims = new int[rank() + last.length];
        for (int a = 0; a < rank(); a++) {
            dims[a] = kernelSize.get(a);
        }
        System.arraycopy(last, 0, dims, rank(), last.length);
        return dims;
    }

    int outputChannels(Shape input) {
        return Spatial.channels(layer, input, rank(), spec.dataFormat()) * depthMultiplier;
    }

    Shape outputShape(Shape input) {
        Shape k = kernel(input);
        return Spatial.probe(layer, input, spec.dataFormat(), x -> apply(x, SourceOp.input("k", k, DType.FLOAT64)));
    }

    /** The depthwise convolution of x by Keras's kernel {@code [k..., C, M]}. */
    Node apply(Node x, Node kernel) {
        int c = kernel.shape().dim(rank());
        return ConvOp.conv(x, kernel.reshape(window(1, c * depthMultiplier)), spec.withGroups(c));
    }

    /** The depthwise layers' kernel {@code [k..., C, M]} and, with {@code useBias}, bias {@code [C·M]}. */
    List<ParamSpec> params(Shape input, boolean useBias, Initializer depthwiseInitializer,
            Initializer biasInitializer, Regularizer depthwiseRegularizer, Regularizer biasRegularizer,
            Constraint depthwiseConstraint, Constraint biasConstraint) {
        List<ParamSpec> specs = new ArrayList<>();
        specs.add(depthwiseKernel(input, depthwiseInitializer, depthwiseRegularizer, depthwiseConstraint));
        specs.addAll(Convolution.bias(outputChannels(input), useBias, biasInitializer, biasRegularizer,
                biasConstraint));
        return specs;
    }

    /** The weight {@code depthwise_kernel}, {@code [k..., C, M]}, after checking the input. */
    private ParamSpec depthwiseKernel(Shape input, Initializer initializer, Regularizer penalty,
            Constraint projection) {
        outputShape(input);
        return Convolution.weight("depthwise_kernel", kernel(input), initializer, penalty, projection);
    }

    /** The depthwise layers' {@code activation(depthwise(x, kernel) + bias)}. */
    Node apply(Node x, LayerContext context, boolean useBias, Activation activation) {
        return Convolution.finish(apply(x, context.param("depthwise_kernel")), context, useBias, activation,
                spec.dataFormat());
    }

    /** The separable layers' pointwise kernel {@code [1..., C·M, filters]}. */
    Shape pointwiseKernel(Shape input, int filters) {
        int[] dims = window(outputChannels(input), filters);
        java.util.Arrays.fill(dims, 0, rank(), 1);
        return Shape.of(dims);
    }

    /** The separable layers' output shape: the depthwise step's, with {@code filters} channels. */
    Shape separableOutputShape(Shape input, int filters) {
        int[] dims = outputShape(input).dims();
        dims[spec.dataFormat().channelAxis(dims.length)] = filters;
        return Shape.of(dims);
    }

    /** The separable convolution: the depthwise step, then the pointwise convolution by {@code pointwise}. */
    Node separable(Node x, Node kernel, Node pointwise) {
        return ConvOp.conv(apply(x, kernel), pointwise, ConvSpec.defaults().withDataFormat(spec.dataFormat()));
    }

    /**
     * The separable layers' depthwise kernel {@code [k..., C, M]}, pointwise kernel {@code [1..., C·M, filters]}
     * and, with {@code useBias}, bias {@code [filters]}.
     */
    List<ParamSpec> separableParams(Shape input, int filters, boolean useBias, Initializer depthwiseInitializer,
            Initializer pointwiseInitializer, Initializer biasInitializer, Regularizer depthwiseRegularizer,
            Regularizer pointwiseRegularizer, Regularizer biasRegularizer, Constraint depthwiseConstraint,
            Constraint pointwiseConstraint, Constraint biasConstraint) {
        List<ParamSpec> specs = new ArrayList<>();
        specs.add(depthwiseKernel(input, depthwiseInitializer, depthwiseRegularizer, depthwiseConstraint));
        specs.add(Convolution.weight("pointwise_kernel", pointwiseKernel(input, filters), pointwiseInitializer,
                pointwiseRegularizer, pointwiseConstraint));
        specs.addAll(Convolution.bias(filters, useBias, biasInitializer, biasRegularizer, biasConstraint));
        return specs;
    }

    /** The separable layers' {@code activation(pointwise(depthwise(x)) + bias)}. */
    Node separable(Node x, LayerContext context, boolean useBias, Activation activation) {
        Node y = separable(x, context.param("depthwise_kernel"), context.param("pointwise_kernel"));
        return Convolution.finish(y, context, useBias, activation, spec.dataFormat());
    }
}
