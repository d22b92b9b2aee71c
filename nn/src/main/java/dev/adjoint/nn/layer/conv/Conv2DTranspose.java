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
import dev.adjoint.nn.activation.Linear;
import dev.adjoint.nn.init.GlorotUniform;
import dev.adjoint.nn.init.Initializer;
import dev.adjoint.nn.init.Zeros;
import dev.adjoint.nn.layer.Masks;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.LayerContext;
import dev.adjoint.nn.layer.ParamSpec;
import dev.adjoint.nn.regularizer.Regularizer;
import java.util.ArrayList;
import java.util.List;

/**
 * A transposed 2-D convolution, Keras's {@code Conv2DTranspose}: {@code y = activation(convTranspose(x, kernel)
 * + bias)}, the input gradient of a {@link Conv2D} with the same geometry, so it maps {@code [N, H, W, C]} to
 * {@code [N, H·s, W·s, filters]} with {@code "same"} padding and to
 * {@code [N, H·s + max(k_d - s, 0), ..., filters]} with {@code "valid"}, {@code k_d = (k - 1)·dilation + 1}
 * (Keras's sizes; {@code (H - 1)·s + k_d} unless the window is narrower than the stride). Kernel
 * {@code [kh, kw, filters, C]} (Keras's layout: the transposed convolution's output channels first), bias
 * {@code [filters]}. Keras's defaults: strides 1, valid padding, channels last, dilation 1, linear activation,
 * a bias, Glorot-uniform kernel, zero bias, no {@code outputPadding} (Keras's {@code output_padding}: null).
 *
 * @param filters the output channels
 * @param kernelSize the window, one entry per spatial axis (or one for both)
 * @param strides the step between windows of the convolution this transposes
 * @param padding {@code "valid"} or {@code "same"}
 * @param dataFormat {@code "channels_last"} or {@code "channels_first"}
 * @param dilationRate the step between a window's taps; above 1 only with all strides 1, as Keras requires
 * @param outputPadding Keras's {@code output_padding}, one entry per axis, or null for none
 * @param activation applied to the result
 * @param useBias whether to add the bias
 * @param kernelInitializer draws the kernel
 * @param biasInitializer draws the bias
 * @param kernelRegularizer the penalty on the kernel, or null
 * @param biasRegularizer the penalty on the bias, or null
 * @param name the layer's name, or null
 */
public record Conv2DTranspose(int filters, List<Integer> kernelSize, List<Integer> strides, String padding,
        String dataFormat, List<Integer> dilationRate, List<Integer> outputPadding, Activation activation,
        boolean useBias, Initializer kernelInitializer, Initializer biasInitializer, Regularizer kernelRegularizer,
        Regularizer biasRegularizer, String name) implements Layer {

    /** Validates the configuration; one-entry lists are expanded to both axes. */
    public Conv2DTranspose {
        Convolution c = convolution(filters, kernelSize, strides, padding, dataFormat, dilationRate);
        kernelSize = c.kernelSize();
        strides = c.spec().strides();
        dilationRate = c.spec().dilations();
        if (outputPadding != null) {
            outputPadding = Spatial.sizes("Conv2DTranspose", "outputPadding", outputPadding, 2, 0);
            for (int a = 0; a < 2; a++) {
                if (outputPadding.get(a) >= strides.get(a)) {
                    throw new IllegalArgumentException("Conv2DTranspose: outputPadding must be smaller than the"
                            + " stride on each axis (Keras), got outputPadding " + outputPadding + " and strides "
                            + strides);
                }
            }
        }
        Convolution.requireComponents("Conv2DTranspose", activation, kernelInitializer, biasInitializer);
    }

    /**
     * Keras's {@code Conv2DTranspose(filters, kernel_size)}: {@code filters} channels from square windows of
     * {@code kernelSize}, Keras's defaults otherwise (strides 1, {@code "valid"} padding, channels last, no dilation).
     */
    public static Conv2DTranspose of(int filters, int kernelSize) {
        return of(filters, List.of(kernelSize));
    }

    /**
     * Keras's positional {@code Conv2DTranspose(filters, kernel_size, strides)}: {@code filters} channels from square
     * windows of {@code kernelSize} moved by {@code strides} on every axis; {@code of(32, 3, 2)} is 3 x 3 windows at
     * stride 2, as in Keras. For a window of other sizes per axis, use {@link #of(int, List)}.
     */
    public static Conv2DTranspose of(int filters, int kernelSize, int strides) {
        return of(filters, kernelSize).strides(strides);
    }

    /**
     * Keras's {@code Conv2DTranspose(filters, kernel_size=(kh, kw))}: {@code filters} channels from windows of
     * {@code kernelSize}, one entry per spatial axis (height then width; one entry: every axis), Keras's defaults
     * otherwise.
     */
    public static Conv2DTranspose of(int filters, List<Integer> kernelSize) {
        return new Conv2DTranspose(filters, kernelSize, List.of(1), "valid", "channels_last",
                List.of(1), null, new Linear(), true, new GlorotUniform(), new Zeros(), null, null, null);
    }

    /** With these strides (one entry: both axes). */
    public Conv2DTranspose strides(int... s) {
        return new Conv2DTranspose(filters, kernelSize, Spatial.list(s), padding, dataFormat, dilationRate,
                outputPadding, activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer,
                biasRegularizer, name);
    }

    /** With {@code "valid"} or {@code "same"} padding. */
    public Conv2DTranspose padding(String p) {
        return new Conv2DTranspose(filters, kernelSize, strides, p, dataFormat, dilationRate, outputPadding,
                activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, name);
    }

    /**
     * With Keras's {@code output_padding} (one entry: both axes), each smaller than the stride: the output size
     * per axis is then {@code (in - 1)·s + k_d - 2·pad + outputPadding}, {@code pad = k_d / 2} (rounded down)
     * for same padding, 0 for valid; it picks which of the sizes whose convolution gives {@code in} back. With
     * same padding the cells sit where Keras (TensorFlow) puts them: {@code floor(total / 2)} cells cut before,
     * {@code total} the same padding of the output size; PyTorch's {@code ConvTranspose2d(padding=k_d / 2,
     * output_padding=p)} cuts {@code k_d / 2}, so its result is shifted by the difference ({@code ceil(p / 2)}
     * cells while {@code p <= 2·(k_d / 2)}).
     */
    public Conv2DTranspose outputPadding(int... p) {
        return new Conv2DTranspose(filters, kernelSize, strides, padding, dataFormat, dilationRate, Spatial.list(p),
                activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, name);
    }

    /** With {@code "channels_last"} or {@code "channels_first"}. */
    public Conv2DTranspose dataFormat(String f) {
        return new Conv2DTranspose(filters, kernelSize, strides, padding, f, dilationRate, outputPadding,
                activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, name);
    }

    /** With another activation. */
    public Conv2DTranspose activation(Activation a) {
        return new Conv2DTranspose(filters, kernelSize, strides, padding, dataFormat, dilationRate, outputPadding, a,
                useBias, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, name);
    }

    /** With or without bias. */
    public Conv2DTranspose useBias(boolean use) {
        return new Conv2DTranspose(filters, kernelSize, strides, padding, dataFormat, dilationRate, outputPadding,
                activation, use, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, name);
    }

    /** With this dilation (one entry: both axes). */
    public Conv2DTranspose dilationRate(int... d) {
        return new Conv2DTranspose(filters, kernelSize, strides, padding, dataFormat, Spatial.list(d), outputPadding,
                activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, name);
    }

    /** With another kernel initializer. */
    public Conv2DTranspose kernelInitializer(Initializer init) {
        return new Conv2DTranspose(filters, kernelSize, strides, padding, dataFormat, dilationRate, outputPadding,
                activation, useBias, init, biasInitializer, kernelRegularizer, biasRegularizer, name);
    }

    /** With another bias initializer. */
    public Conv2DTranspose biasInitializer(Initializer init) {
        return new Conv2DTranspose(filters, kernelSize, strides, padding, dataFormat, dilationRate, outputPadding,
                activation, useBias, kernelInitializer, init, kernelRegularizer, biasRegularizer, name);
    }

    /** With a penalty on the kernel. */
    public Conv2DTranspose kernelRegularizer(Regularizer penalty) {
        return new Conv2DTranspose(filters, kernelSize, strides, padding, dataFormat, dilationRate, outputPadding,
                activation, useBias, kernelInitializer, biasInitializer, penalty, biasRegularizer, name);
    }

    /** With a penalty on the bias. */
    public Conv2DTranspose biasRegularizer(Regularizer penalty) {
        return new Conv2DTranspose(filters, kernelSize, strides, padding, dataFormat, dilationRate, outputPadding,
                activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer, penalty, name);
    }

    /** With a name. */
    public Conv2DTranspose named(String newName) {
        return new Conv2DTranspose(filters, kernelSize, strides, padding, dataFormat, dilationRate, outputPadding,
                activation, useBias, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, newName);
    }

    private static Convolution convolution(int filters, List<Integer> kernelSize, List<Integer> strides,
            String padding, String dataFormat, List<Integer> dilationRate) {
        return Convolution.of("Conv2DTranspose", 2, filters, kernelSize, strides, padding, dataFormat, dilationRate,
                1);
    }

    private ConvSpec spec() {
        return convolution(filters, kernelSize, strides, padding, dataFormat, dilationRate).spec();
    }

    /** {@code [kh, kw, filters, C]}. */
    private Shape kernel(Shape input) {
        int c = Spatial.channels("Conv2DTranspose", input, 2, spec().dataFormat());
        return Shape.of(kernelSize.get(0), kernelSize.get(1), filters, c);
    }

    @Override
    public String kind() {
        return "conv2d_transpose";
    }

    @Override
    public Shape outputShape(Shape input) {
        Shape w = kernel(input);
        if (outputPadding != null) {
            requireInverse(input);
        }
        return Spatial.probe("Conv2DTranspose", input, spec().dataFormat(),
                x -> transposed(x, SourceOp.input("w", w, DType.FLOAT64)));
    }

    /** The transposed convolution of x by w, at Keras's output size for {@link #outputPadding} when given. */
    private Node transposed(Node x, Node w) {
        ConvSpec spec = spec();
        if (outputPadding == null) {
            return ConvOp.convTranspose(x, w, spec);
        }
        int first = spec.dataFormat() == DataFormat.CHANNELS_LAST ? 1 : 2;
        int[] size = new int[2];
        for (int a = 0; a < 2; a++) { // in long: a size past the int range must not wrap to a wrong one
            long window = (long) (kernelSize.get(a) - 1) * dilationRate.get(a) + 1;
            long pad = spec.padding() instanceof Padding.Same ? window / 2 : 0;
            long cells = (x.shape().dim(first + a) - 1L) * strides.get(a) + window - 2 * pad + outputPadding.get(a);
            if (cells > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("convTranspose2d: the output must have at most " + Integer.MAX_VALUE
                        + " cells per spatial axis, got " + cells + " on spatial axis " + a + " for input "
                        + x.shape() + ", kernelSize " + kernelSize + ", strides " + strides + ", dilationRate "
                        + dilationRate + " and outputPadding " + outputPadding);
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
        int first = spec().dataFormat() == DataFormat.CHANNELS_LAST ? 1 : 2;
        for (int a = 0; a < 2; a++) {
            long in = input.dim(first + a);
            long s = strides.get(a);
            long window = (long) (kernelSize.get(a) - 1) * dilationRate.get(a) + 1;
            long cells = (in - 1) * s + window - 2 * (same ? window / 2 : 0) + outputPadding.get(a);
            long back = same ? Math.floorDiv(cells + s - 1, s) : cells >= window ? (cells - window) / s + 1 : 0;
            if (in < 1 || cells > Integer.MAX_VALUE || cells >= 1 && back == in) {
                continue; // a size past the int range is refused by transposed, naming the range
            }
            throw new IllegalArgumentException("Conv2DTranspose: outputPadding " + outputPadding + " with kernelSize "
                    + kernelSize + ", strides " + strides + ", dilationRate " + dilationRate + " and padding '"
                    + padding + "' gives Keras's output size (in - 1)·s + k_d - 2·pad + outputPadding = " + cells
                    + " on the " + (a == 0 ? "height" : "width") + " axis for input " + input + ", whose " + padding
                    + " convolution has " + back + " cells, expected the input's " + in + "; use another"
                    + " outputPadding, an odd kernel, or outputPadding null (the size "
                    + (same ? in * s : (in - 1) * s + Math.max(window, s)) + ")");
        }
    }

    @Override
    public List<ParamSpec> params(Shape input) {
        outputShape(input);
        List<ParamSpec> specs = new ArrayList<>();
        specs.add(ParamSpec.trainable("kernel", kernel(input), kernelInitializer).withRegularizer(kernelRegularizer));
        specs.addAll(Convolution.bias(filters, useBias, biasInitializer, biasRegularizer));
        return specs;
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        Masks.drop("Conv2DTranspose", name, context);
        ConvSpec spec = spec();
        return Convolution.finish(transposed(x, context.param("kernel")), context, useBias, activation,
                spec.dataFormat());
    }
}
