package dev.adjoint.nn.layer.conv;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.constraint.Constraint;
import dev.adjoint.nn.activation.Activation;
import dev.adjoint.nn.activation.Linear;
import dev.adjoint.nn.init.GlorotUniform;
import dev.adjoint.nn.init.Initializer;
import dev.adjoint.nn.init.Zeros;
import dev.adjoint.nn.layer.Masks;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.LayerArguments;
import dev.adjoint.nn.layer.LayerContext;
import dev.adjoint.nn.layer.ParamSpec;
import dev.adjoint.nn.layer.Records;
import dev.adjoint.nn.regularizer.Regularizer;
import java.util.List;

/**
 * A transposed 3-D convolution, Keras's {@code Conv3DTranspose}: {@code y = activation(convTranspose(x, kernel)
 * + bias)}, the input gradient of a {@link Conv3D} with the same geometry, so it maps {@code [N, D, H, W, C]} (or
 * {@code [N, C, D, H, W]} channels first) to {@code [N, D·s, H·s, W·s, filters]} with {@code "same"} padding and
 * to {@code [N, D·s + max(k_d - s, 0), ..., filters]} with {@code "valid"}, {@code k_d = (k - 1)·dilation + 1}
 * per axis (Keras's sizes; {@code (D - 1)·s + k_d} unless the window is narrower than the stride). Kernel
 * {@code [kd, kh, kw, filters, C]} (Keras's layout: the transposed convolution's output channels first; PyTorch's
 * {@code conv_transpose3d} weight {@code [C, filters, kd, kh, kw]} permuted), bias {@code [filters]}. Keras's
 * defaults: strides 1, valid padding, channels last, dilation 1, linear activation, a bias, Glorot-uniform kernel,
 * zero bias, no {@code outputPadding} (Keras's {@code output_padding}: null).
 *
 * @param filters the output channels
 * @param kernelSize the window, one entry per spatial axis (or one for all)
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
 * @param kernelConstraint the projection of the kernel after each update, or null
 * @param biasConstraint the projection of the bias after each update, or null
 * @param name the layer's name, or null
 */
public record Conv3DTranspose(int filters, List<Integer> kernelSize, List<Integer> strides, String padding,
        String dataFormat, List<Integer> dilationRate, List<Integer> outputPadding, Activation activation,
        boolean useBias, Initializer kernelInitializer, Initializer biasInitializer, Regularizer kernelRegularizer,
        Regularizer biasRegularizer, Constraint kernelConstraint, Constraint biasConstraint,
        String name) implements Layer {

    /** Validates the configuration; one-entry lists are expanded to every axis. */
    public Conv3DTranspose {
        String layer = LayerArguments.describe("Conv3DTranspose", name);
        TransposedConvolution t = TransposedConvolution.of(layer, 3, filters, kernelSize, strides,
                padding, dataFormat, dilationRate, outputPadding);
        kernelSize = t.convolution().kernelSize();
        strides = t.spec().strides();
        dilationRate = t.spec().dilations();
        outputPadding = t.outputPadding();
        Convolution.requireComponents("Conv3DTranspose", name, activation, "kernelInitializer",
                kernelInitializer, biasInitializer);
    }

    /** A Conv3DTranspose layer without constraints (the form before it had them). */
    public Conv3DTranspose(int filters, List<Integer> kernelSize, List<Integer> strides, String padding,
            String dataFormat, List<Integer> dilationRate, List<Integer> outputPadding, Activation activation,
            boolean useBias, Initializer kernelInitializer, Initializer biasInitializer,
            Regularizer kernelRegularizer, Regularizer biasRegularizer, String name) {
        this(filters, kernelSize, strides, padding, dataFormat, dilationRate, outputPadding, activation, useBias,
                kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, null, null, name);
    }

    /** With a constraint on the kernel after each update (Keras's {@code kernel_constraint}), or none when null. */
    public Conv3DTranspose kernelConstraint(Constraint projection) {
        return Records.with(this, "kernelConstraint", projection);
    }

    /** With a constraint on the bias after each update (Keras's {@code bias_constraint}), or none when null. */
    public Conv3DTranspose biasConstraint(Constraint projection) {
        return Records.with(this, "biasConstraint", projection);
    }

    /**
     * Keras's {@code Conv3DTranspose(filters, kernel_size)}: {@code filters} channels from cubic windows of
     * {@code kernelSize}, Keras's defaults otherwise (strides 1, {@code "valid"} padding, channels last, no dilation).
     */
    public static Conv3DTranspose of(int filters, int kernelSize) {
        return of(filters, List.of(kernelSize));
    }

    /**
     * Keras's positional {@code Conv3DTranspose(filters, kernel_size, strides)}: {@code filters} channels from cubic
     * windows of {@code kernelSize} moved by {@code strides} on every axis; {@code of(16, 3, 2)} is 3 x 3 x 3 windows
     * at stride 2, as in Keras. For a window of other sizes per axis, use {@link #of(int, List)}.
     */
    public static Conv3DTranspose of(int filters, int kernelSize, int strides) {
        return of(filters, kernelSize).strides(strides);
    }

    /**
     * Keras's {@code Conv3DTranspose(filters, kernel_size=(kd, kh, kw))}: {@code filters} channels from windows of
     * {@code kernelSize}, one entry per spatial axis (depth, height, width; one entry: every axis), Keras's defaults
     * otherwise.
     */
    public static Conv3DTranspose of(int filters, List<Integer> kernelSize) {
        return new Conv3DTranspose(filters, kernelSize, List.of(1), "valid", "channels_last",
                List.of(1), null, new Linear(), true, new GlorotUniform(), new Zeros(), null, null, null, null, null);
    }

    /** With these strides (one entry: all three axes). */
    public Conv3DTranspose strides(int... s) {
        return Records.with(this, "strides", LayerArguments.list(s, "Conv3DTranspose", name, "strides"));
    }

    /** With {@code "valid"} or {@code "same"} padding. */
    public Conv3DTranspose padding(String p) {
        return Records.with(this, "padding", p);
    }

    /**
     * With Keras's {@code output_padding} (one entry: all three axes), each smaller than the stride: the output
     * size per axis is then {@code (in - 1)·s + k_d - 2·pad + outputPadding}, {@code pad = k_d / 2} (rounded down)
     * for same padding, 0 for valid; it picks which of the sizes whose convolution gives {@code in} back. With
     * same padding the cells sit where Keras (TensorFlow) puts them: {@code floor(total / 2)} cells cut before,
     * {@code total} the same padding of the output size; PyTorch's {@code ConvTranspose3d(padding=k_d / 2,
     * output_padding=p)} cuts {@code k_d / 2}, so its result is shifted by the difference ({@code ceil(p / 2)}
     * cells while {@code p <= 2·(k_d / 2)}).
     */
    public Conv3DTranspose outputPadding(int... p) {
        return Records.with(this, "outputPadding", LayerArguments.list(p, "Conv3DTranspose", name, "outputPadding"));
    }

    /** With {@code "channels_last"} or {@code "channels_first"}. */
    public Conv3DTranspose dataFormat(String f) {
        return Records.with(this, "dataFormat", f);
    }

    /** With another activation. */
    public Conv3DTranspose activation(Activation a) {
        return Records.with(this, "activation", a);
    }

    /** With or without bias. */
    public Conv3DTranspose useBias(boolean use) {
        return Records.with(this, "useBias", use);
    }

    /** With this dilation (one entry: all three axes). */
    public Conv3DTranspose dilationRate(int... d) {
        return Records.with(this, "dilationRate", LayerArguments.list(d, "Conv3DTranspose", name, "dilationRate"));
    }

    /** With another kernel initializer. */
    public Conv3DTranspose kernelInitializer(Initializer init) {
        return Records.with(this, "kernelInitializer", init);
    }

    /** With another bias initializer. */
    public Conv3DTranspose biasInitializer(Initializer init) {
        return Records.with(this, "biasInitializer", init);
    }

    /** With a penalty on the kernel. */
    public Conv3DTranspose kernelRegularizer(Regularizer penalty) {
        return Records.with(this, "kernelRegularizer", penalty);
    }

    /** With a penalty on the bias. */
    public Conv3DTranspose biasRegularizer(Regularizer penalty) {
        return Records.with(this, "biasRegularizer", penalty);
    }

    /** With a name. */
    public Conv3DTranspose named(String newName) {
        return Records.with(this, "name", newName);
    }

    private TransposedConvolution transposition() {
        return TransposedConvolution.of(LayerArguments.describe("Conv3DTranspose", name), 3, filters, kernelSize,
                strides, padding, dataFormat, dilationRate, outputPadding);
    }

    @Override
    public String kind() {
        return "conv3d_transpose";
    }

    @Override
    public Shape outputShape(Shape input) {
        return transposition().outputShape(input);
    }

    @Override
    public List<ParamSpec> params(Shape input) {
        return transposition().params(input, useBias, kernelInitializer, biasInitializer, kernelRegularizer,
                biasRegularizer, kernelConstraint, biasConstraint);
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        Masks.drop("Conv3DTranspose", name, context);
        return transposition().apply(x, context, useBias, activation);
    }
}
