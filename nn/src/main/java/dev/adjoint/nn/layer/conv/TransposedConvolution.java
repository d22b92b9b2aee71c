package dev.adjoint.nn.layer.conv;

import dev.adjoint.core.graph.ConvOp;
import dev.adjoint.core.graph.ConvSpec;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.Padding;
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
 * What the transposed convolution layers ({@link Conv1DTranspose}, {@link Conv2DTranspose},
 * {@link Conv3DTranspose}) share: their arguments checked, their kernel {@code [k..., filters, C]} (Keras's layout:
 * the transposed convolution's output channels first) and bias {@code [filters]}, Keras's output size per spatial
 * axis for a dilated window {@code k_d = (k - 1)·dilation + 1}: without {@code outputPadding} {@code in·s} with
 * same padding and {@code in·s + max(k_d - s, 0)} with valid (the core's {@link ConvOp#convTranspose} sizes); with
 * it {@code (in - 1)·s + k_d - 2·pad + outputPadding}, {@code pad = k_d / 2} (rounded down) for same padding, 0 for
 * valid; and {@code y = activation(convTranspose(x, kernel) + bias)}.
 *
 * @param convolution the layer's name, rank, filters, kernel size and the geometry of the convolution it transposes
 * @param outputPadding one entry per spatial axis, each smaller than the stride, or null for none
 */
record TransposedConvolution(Convolution convolution, List<Integer> outputPadding) {

    /** The spatial axes' names in messages, per rank. */
    private static final String[][] AXES = {{"length"}, {"height", "width"}, {"depth", "height", "width"}};

    /**
     * Checks Keras's arguments; one-entry lists are expanded to every axis.
     *
     * @throws IllegalArgumentException naming the layer, the argument, the rule and the values given
     */
    static TransposedConvolution of(String layer, int rank, int filters, List<Integer> kernelSize,
            List<Integer> strides, String padding, String dataFormat, List<Integer> dilationRate,
            List<Integer> outputPadding) {
        Spatial.padding(layer, padding); // "causal" is Conv1D's only: Convolution.of takes it at rank 1
        Convolution c = Convolution.of(layer, rank, filters, kernelSize, strides, padding, dataFormat, dilationRate,
                1);
        List<Integer> extra = null;
        if (outputPadding != null) {
            extra = Spatial.sizes(layer, "outputPadding", outputPadding, rank, 0);
            List<Integer> steps = c.spec().strides();
            for (int a = 0; a < rank; a++) {
                if (extra.get(a) >= steps.get(a)) {
                    throw new IllegalArgumentException(layer + ": outputPadding must be smaller than the stride on"
                            + " each axis (Keras), got outputPadding " + extra + " and strides " + steps);
                }
            }
        }
        return new TransposedConvolution(c, extra);
    }

    /** The layer's name. */
    String layer() {
        return convolution.layer();
    }

    /** The spec of the convolution this transposes. */
    ConvSpec spec() {
        return convolution.spec();
    }

    /** {@code [k..., filters, C]}. */
    Shape kernel(Shape input) {
        int rank = convolution.rank();
        int c = Spatial.channels(layer(), input, rank, spec().dataFormat());
        int[] dims = new int[rank + 2];
        for (int a = 0; a < rank; a++) {
            dims[a] = convolution.kernelSize().get(a);
        }
        dims[rank] = convolution.filters();
        dims[rank + 1] = c;
        return Shape.of(dims);
    }

    /** The output shape, with the op's geometry checks and, for {@code outputPadding}, {@link #requireInverse}. */
    Shape outputShape(Shape input) {
        Shape w = kernel(input);
        if (outputPadding != null) {
            requireInverse(input);
        }
        return Spatial.probe(layer(), input, spec().dataFormat(),
                x -> transposed(x, SourceOp.input("w", w, DType.FLOAT64)));
    }

    /** The kernel and, with {@code useBias}, the bias, after checking the input. */
    List<ParamSpec> params(Shape input, boolean useBias, Initializer kernelInitializer, Initializer biasInitializer,
            Regularizer kernelRegularizer, Regularizer biasRegularizer, Constraint kernelConstraint,
            Constraint biasConstraint) {
        outputShape(input);
        List<ParamSpec> specs = new ArrayList<>();
        specs.add(Convolution.weight("kernel", kernel(input), kernelInitializer, kernelRegularizer, kernelConstraint));
        specs.addAll(Convolution.bias(convolution.filters(), useBias, biasInitializer, biasRegularizer,
                biasConstraint));
        return specs;
    }

    /** {@code activation(convTranspose(x, kernel) + bias)}. */
    Node apply(Node x, LayerContext context, boolean useBias, Activation activation) {
        return Convolution.finish(transposed(x, context.param("kernel")), context, useBias, activation,
                spec().dataFormat());
    }

    /** The window's extent {@code (k - 1)·dilation + 1} on spatial axis a, in long. */
    private long window(int a) {
        return (long) (convolution.kernelSize().get(a) - 1) * spec().dilations().get(a) + 1;
    }

    /** The transposed convolution of x by w, at Keras's output size for {@link #outputPadding} when given. */
    private Node transposed(Node x, Node w) {
        ConvSpec spec = spec();
        if (outputPadding == null) {
            return ConvOp.convTranspose(x, w, spec);
        }
        int rank = convolution.rank();
        int first = Spatial.firstSpatialAxis(spec.dataFormat());
        int[] size = new int[rank];
        for (int a = 0; a < rank; a++) { // in long: a size past the int range must not wrap to a wrong one
            long pad = spec.padding() instanceof Padding.Same ? window(a) / 2 : 0;
            long cells = (x.shape().dim(first + a) - 1L) * spec.strides().get(a) + window(a) - 2 * pad
                    + outputPadding.get(a);
            if (cells > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("convTranspose" + rank + "d: the output must have at most "
                        + Integer.MAX_VALUE + " cells per spatial axis, got " + cells + " on spatial axis " + a
                        + " for input " + x.shape() + ", kernelSize " + convolution.kernelSize() + ", strides "
                        + spec.strides() + ", dilationRate " + spec.dilations() + " and outputPadding "
                        + outputPadding);
            }
            size[a] = (int) cells;
        }
        return ConvOp.convTranspose(x, w, spec, size);
    }

    /**
     * Refuses an {@code outputPadding} whose output size (Keras's formula) the convolution this transposes does
     * not map back to the input's size: on each spatial axis that convolution gives {@code ceil(out / s)} cells
     * with same padding and {@code floor((out - k_d) / s) + 1} with valid, and must give {@code in} (TensorFlow
     * refuses such a size too); an even window with same padding and stride 1 has no such size.
     */
    private void requireInverse(Shape input) {
        boolean same = spec().padding() instanceof Padding.Same;
        int first = Spatial.firstSpatialAxis(spec().dataFormat());
        String padding = same ? "same" : "valid";
        for (int a = 0; a < convolution.rank(); a++) {
            long in = input.dim(first + a);
            long s = spec().strides().get(a);
            long window = window(a);
            long cells = (in - 1) * s + window - 2 * (same ? window / 2 : 0) + outputPadding.get(a);
            long back = same ? Math.floorDiv(cells + s - 1, s) : cells >= window ? (cells - window) / s + 1 : 0;
            if (in < 1 || cells > Integer.MAX_VALUE || cells >= 1 && back == in) {
                continue; // a size past the int range is refused by transposed, naming the range
            }
            throw new IllegalArgumentException(layer() + ": outputPadding " + outputPadding + " with kernelSize "
                    + convolution.kernelSize() + ", strides " + spec().strides() + ", dilationRate "
                    + spec().dilations() + " and padding '" + padding + "' gives Keras's output size (in - 1)·s + k_d"
                    + " - 2·pad + outputPadding = " + cells + " on the " + AXES[convolution.rank() - 1][a]
                    + " axis for input " + input + ", whose " + padding + " convolution has " + back + " cells,"
                    + " expected the input's " + in + "; use another outputPadding, an odd kernel, or outputPadding"
                    + " null (the size " + (same ? in * s : (in - 1) * s + Math.max(window, s)) + ")");
        }
    }
}
