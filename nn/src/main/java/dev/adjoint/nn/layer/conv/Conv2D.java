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
 * A 2-D convolution layer, Keras's {@code Conv2D}: {@code y = activation(conv(x, kernel) + bias)} with
 * {@code x : [N, H, W, C]} (or {@code [N, C, H, W]} with {@code data_format="channels_first"}), kernel
 * {@code [kh, kw, C / groups, filters]} and bias {@code [filters]}; see {@code ConvSpec} for the formula.
 * Keras's defaults: strides 1, {@code "valid"} padding ({@code "same"} pads the extra cell of an odd total at the
 * end), channels last, dilation 1, one group, linear activation, a bias, Glorot-uniform kernel (fans
 * {@code kh·kw·C} and {@code kh·kw·filters}), zero bias.
 *
 * @param filters the output channels
 * @param kernelSize the window, one entry per spatial axis (or one for both)
 * @param strides the step between windows
 * @param padding {@code "valid"} or {@code "same"}
 * @param dataFormat {@code "channels_last"} or {@code "channels_first"}
 * @param dilationRate the step between a window's taps; above 1 only with all strides 1, as Keras requires
 * @param groups channel groups; input channels and filters must be divisible by it
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
public record Conv2D(int filters, List<Integer> kernelSize, List<Integer> strides, String padding, String dataFormat,
        List<Integer> dilationRate, int groups, Activation activation, boolean useBias, Initializer kernelInitializer,
        Initializer biasInitializer, Regularizer kernelRegularizer, Regularizer biasRegularizer,
        Constraint kernelConstraint, Constraint biasConstraint, String name)
        implements Layer {

    /** Validates the configuration; one-entry lists are expanded to both axes. */
    public Conv2D {
        String layer = LayerArguments.describe("Conv2D", name);
        Convolution c = Convolution.of(layer, 2, filters, kernelSize, strides, padding, dataFormat, dilationRate,
                groups);
        kernelSize = c.kernelSize();
        strides = c.spec().strides();
        dilationRate = c.spec().dilations();
        Convolution.requireComponents("Conv2D", name, activation, "kernelInitializer",
                kernelInitializer, biasInitializer);
    }

    /** A Conv2D layer without constraints (the form before it had them). */
    public Conv2D(int filters, List<Integer> kernelSize, List<Integer> strides, String padding, String dataFormat,
            List<Integer> dilationRate, int groups, Activation activation, boolean useBias,
            Initializer kernelInitializer, Initializer biasInitializer, Regularizer kernelRegularizer,
            Regularizer biasRegularizer, String name) {
        this(filters, kernelSize, strides, padding, dataFormat, dilationRate, groups, activation, useBias,
                kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, null, null, name);
    }

    /** With a constraint on the kernel after each update (Keras's {@code kernel_constraint}), or none when null. */
    public Conv2D kernelConstraint(Constraint projection) {
        return Records.with(this, "kernelConstraint", projection);
    }

    /** With a constraint on the bias after each update (Keras's {@code bias_constraint}), or none when null. */
    public Conv2D biasConstraint(Constraint projection) {
        return Records.with(this, "biasConstraint", projection);
    }

    /**
     * Keras's {@code Conv2D(filters, kernel_size)}: {@code filters} channels from square windows of {@code kernelSize},
     * Keras's defaults otherwise (strides 1, {@code "valid"} padding, channels last, no dilation).
     */
    public static Conv2D of(int filters, int kernelSize) {
        return of(filters, List.of(kernelSize));
    }

    /**
     * Keras's positional {@code Conv2D(filters, kernel_size, strides)}: {@code filters} channels from square windows of
     * {@code kernelSize} moved by {@code strides} on every axis; {@code of(32, 3, 2)} is 3 x 3 windows at stride 2, as
     * in Keras. For a window of other sizes per axis, use {@link #of(int, List)}.
     */
    public static Conv2D of(int filters, int kernelSize, int strides) {
        return of(filters, kernelSize).strides(strides);
    }

    /**
     * Keras's {@code Conv2D(filters, kernel_size=(kh, kw))}: {@code filters} channels from windows of
     * {@code kernelSize}, one entry per spatial axis (height then width; one entry: every axis), Keras's defaults
     * otherwise.
     */
    public static Conv2D of(int filters, List<Integer> kernelSize) {
        return new Conv2D(filters, kernelSize, List.of(1), "valid", "channels_last", List.of(1), 1,
                new Linear(), true, new GlorotUniform(), new Zeros(), null, null, null, null, null);
    }

    /** With these strides (one entry: both axes). */
    public Conv2D strides(int... s) {
        return Records.with(this, "strides", LayerArguments.list(s, "Conv2D", name, "strides"));
    }

    /** With {@code "valid"} or {@code "same"} padding. */
    public Conv2D padding(String p) {
        return Records.with(this, "padding", p);
    }

    /** With {@code "channels_last"} or {@code "channels_first"}. */
    public Conv2D dataFormat(String f) {
        return Records.with(this, "dataFormat", f);
    }

    /** With this dilation (one entry: both axes). */
    public Conv2D dilationRate(int... d) {
        return Records.with(this, "dilationRate", LayerArguments.list(d, "Conv2D", name, "dilationRate"));
    }

    /** With this many channel groups. */
    public Conv2D groups(int g) {
        return Records.with(this, "groups", g);
    }

    /** With another activation. */
    public Conv2D activation(Activation a) {
        return Records.with(this, "activation", a);
    }

    /** With or without bias. */
    public Conv2D useBias(boolean use) {
        return Records.with(this, "useBias", use);
    }

    /** With another kernel initializer. */
    public Conv2D kernelInitializer(Initializer init) {
        return Records.with(this, "kernelInitializer", init);
    }

    /** With another bias initializer. */
    public Conv2D biasInitializer(Initializer init) {
        return Records.with(this, "biasInitializer", init);
    }

    /** With a penalty on the kernel. */
    public Conv2D kernelRegularizer(Regularizer penalty) {
        return Records.with(this, "kernelRegularizer", penalty);
    }

    /** With a penalty on the bias. */
    public Conv2D biasRegularizer(Regularizer penalty) {
        return Records.with(this, "biasRegularizer", penalty);
    }

    /** With a name. */
    public Conv2D named(String newName) {
        return Records.with(this, "name", newName);
    }

    private Convolution convolution() {
        return Convolution.of(LayerArguments.describe("Conv2D", name), 2, filters, kernelSize, strides, padding,
                dataFormat, dilationRate, groups);
    }

    @Override
    public String kind() {
        return "conv2d";
    }

    @Override
    public Shape outputShape(Shape input) {
        return convolution().outputShape(input);
    }

    @Override
    public List<ParamSpec> params(Shape input) {
        return convolution().params(input, useBias, kernelInitializer, biasInitializer, kernelRegularizer,
                biasRegularizer, kernelConstraint, biasConstraint);
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        Masks.drop("Conv2D", name, context);
        return convolution().apply(x, context, useBias, activation);
    }
}
