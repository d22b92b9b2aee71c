package dev.adjoint.nn.layer.conv;

import dev.adjoint.core.graph.ConvOp;
import dev.adjoint.core.graph.ConvSpec;
import dev.adjoint.core.graph.DataFormat;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.Padding;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.activation.Activation;
import dev.adjoint.nn.constraint.Constraint;
import dev.adjoint.nn.init.Initializer;
import dev.adjoint.nn.layer.LayerArguments;
import dev.adjoint.nn.layer.LayerContext;
import dev.adjoint.nn.layer.ParamSpec;
import dev.adjoint.nn.regularizer.Regularizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the convolution layers ({@link Conv1D}, {@link Conv2D}, {@link Conv3D}) share: their arguments checked,
 * their kernel {@code [k..., C_in / groups, filters]} and bias {@code [filters]}, and
 * {@code y = activation(conv(x, kernel) + bias)}.
 *
 * @param layer the layer's class name, for messages
 * @param rank the number of spatial axes
 * @param filters the output channels
 * @param kernelSize one entry per spatial axis
 * @param spec the convolution's geometry
 */
record Convolution(String layer, int rank, int filters, List<Integer> kernelSize, ConvSpec spec) {

    /**
     * Checks Keras's arguments; lists of one entry apply to every axis. As Keras's convolution layers (its
     * {@code BaseConv}, {@code BaseConvTranspose}, {@code BaseDepthwiseConv} and {@code BaseSeparableConv}), a
     * stride above 1 on any axis together with a dilation above 1 on any axis is refused, {@code max(strides) > 1
     * && max(dilationRate) > 1}, though the core's convolution computes it (PyTorch's {@code Conv2d} allows it): a
     * model ported from Keras then fails here as it fails there, instead of computing what Keras never does.
     *
     * @throws IllegalArgumentException naming the layer, the argument, the rule and the values given
     */
    static Convolution of(String layer, int rank, int filters, List<Integer> kernelSize, List<Integer> strides,
            String padding, String dataFormat, List<Integer> dilationRate, int groups) {
        if (filters <= 0) {
            throw new IllegalArgumentException(layer + ": filters must be > 0, got " + filters);
        }
        if (groups <= 0 || filters % groups != 0) {
            throw new IllegalArgumentException(layer + ": groups must be > 0 and divide filters, got groups " + groups
                    + " and filters " + filters);
        }
        List<Integer> kernel = Spatial.sizes(layer, "kernelSize", kernelSize, rank, 1);
        List<Integer> dilations = Spatial.sizes(layer, "dilationRate", dilationRate, rank, 1);
        List<Integer> steps = Spatial.sizes(layer, "strides", strides, rank, 1);
        if (Collections.max(steps) > 1 && Collections.max(dilations) > 1) {
            throw new IllegalArgumentException(layer + ": strides > 1 is not supported together with dilationRate > 1"
                    + " (Keras refuses it too); expected all strides 1 or all dilations 1, got strides " + steps
                    + " and dilationRate " + dilations);
        }
        ConvSpec spec = new ConvSpec(steps,
                rank == 1 && CAUSAL.equals(Spatial.choice(layer, "padding", padding, "valid", "same", CAUSAL))
                        ? causal(kernel, dilations) : Spatial.padding(layer, padding),
                dilations, groups, Spatial.format(layer, dataFormat));
        return new Convolution(layer, rank, filters, kernel, spec);
    }

    /** Keras's {@code padding="causal"} of {@code Conv1D}. */
    static final String CAUSAL = "causal";

    /**
     * Keras's causal padding: {@code (k - 1)·dilation} zeros before the sequence and none after, so that output
     * step t sees input steps up to t only, {@code y[t] = sum_j x[t - (k - 1 - j)·d] · w[j]}, and
     * {@code out = ceil(L / s)} (L at stride 1). One spatial axis only, as in Keras: the 2-D and 3-D layers refuse it.
     */
    private static Padding causal(List<Integer> kernel, List<Integer> dilations) {
        return Padding.explicit(new int[] {(kernel.get(0) - 1) * dilations.get(0)}, new int[] {0});
    }

    /** The kernel's shape for this input. */
    Shape kernel(Shape input) {
        int cin = Spatial.channels(layer, input, rank, spec.dataFormat());
        if (cin % spec.groups() != 0) {
            throw new IllegalArgumentException(layer + ": input channels must be divisible by groups, got " + cin
                    + " channels in " + input + " and groups " + spec.groups());
        }
        int[] dims = new int[rank + 2];
        for (int a = 0; a < rank; a++) {
            dims[a] = kernelSize.get(a);
        }
        dims[rank] = cin / spec.groups();
        dims[rank + 1] = filters;
        return Shape.of(dims);
    }

    /** The output shape, with the op's geometry checks. */
    Shape outputShape(Shape input) {
        Shape w = kernel(input);
        return Spatial.probe(layer, input, spec.dataFormat(),
                x -> ConvOp.conv(x, SourceOp.input("w", w, DType.FLOAT64), spec));
    }

    /** The kernel and, with {@code useBias}, the bias, after checking the input. */
    List<ParamSpec> params(Shape input, boolean useBias, Initializer kernelInitializer, Initializer biasInitializer,
            Regularizer kernelRegularizer, Regularizer biasRegularizer, Constraint kernelConstraint,
            Constraint biasConstraint) {
        outputShape(input);
        List<ParamSpec> specs = new ArrayList<>();
        specs.add(weight("kernel", kernel(input), kernelInitializer, kernelRegularizer, kernelConstraint));
        specs.addAll(bias(filters, useBias, biasInitializer, biasRegularizer, biasConstraint));
        return specs;
    }

    /** The trainable weight {@code name} drawn by {@code initializer}, with a penalty and a projection unless null. */
    static ParamSpec weight(String name, Shape shape, Initializer initializer, Regularizer penalty,
            Constraint projection) {
        return ParamSpec.trainable(name, shape, initializer).withRegularizer(penalty).withConstraint(projection);
    }

    /** The bias {@code [channels]} with {@code useBias}, else nothing. */
    static List<ParamSpec> bias(int channels, boolean useBias, Initializer biasInitializer,
            Regularizer biasRegularizer, Constraint biasConstraint) {
        return useBias ? List.of(weight("bias", Shape.of(channels), biasInitializer, biasRegularizer, biasConstraint))
                : List.of();
    }

    /** {@code activation(conv(x, kernel) + bias)}. */
    Node apply(Node x, LayerContext context, boolean useBias, Activation activation) {
        return finish(ConvOp.conv(x, context.param("kernel"), spec), context, useBias, activation,
                spec.dataFormat());
    }

    /** {@code activation(y + bias)}, the bias added per channel when {@code useBias}. */
    static Node finish(Node y, LayerContext context, boolean useBias, Activation activation, DataFormat format) {
        Node z = useBias ? y.add(Spatial.perChannel(context.param("bias"), y.rank(), format)) : y;
        return activation.apply(z);
    }

    /**
     * Checks the components that may not be null, naming the layer by {@code type} and {@code name} and the
     * kernel's initializer as {@code kernelArgument} ({@code depthwiseInitializer} for depthwise kernels).
     */
    static void requireComponents(String type, String name, Activation activation, String kernelArgument,
            Initializer kernelInitializer, Initializer biasInitializer) {
        LayerArguments.nonNull(activation, type, name, "activation", "use new Linear() for none");
        LayerArguments.nonNull(kernelInitializer, type, name, kernelArgument);
        LayerArguments.nonNull(biasInitializer, type, name, "biasInitializer");
    }
}
