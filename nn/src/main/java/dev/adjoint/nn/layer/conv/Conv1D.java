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
 * A 1-D convolution layer, Keras's {@code Conv1D}: {@code y = activation(conv(x, kernel) + bias)} with
 * {@code x : [N, L, C]} (or {@code [N, C, L]} with {@code data_format="channels_first"}), kernel
 * {@code [k, C / groups, filters]} and bias {@code [filters]}; see {@code ConvSpec} for the formula.
 * Keras's defaults: strides 1, {@code "valid"} padding ({@code "same"} pads the extra cell of an odd total at the
 * end; {@code "causal"} pads {@code (k - 1)·dilation} zeros before the sequence only, so that {@code y[t]}
 * reads {@code x[0..t]}: {@code y[t] = sum_j x[t - (k - 1 - j)·d] · kernel[j]}), channels last, dilation 1, one
 * group, linear activation, a bias, Glorot-uniform kernel (fans {@code k·C} and {@code k·filters}), zero bias.
 *
 * @param filters the output channels
 * @param kernelSize the window, one entry per spatial axis
 * @param strides the step between windows
 * @param padding {@code "valid"}, {@code "same"} or {@code "causal"}
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
public record Conv1D(int filters, List<Integer> kernelSize, List<Integer> strides, String padding, String dataFormat,
        List<Integer> dilationRate, int groups, Activation activation, boolean useBias, Initializer kernelInitializer,
        Initializer biasInitializer, Regularizer kernelRegularizer, Regularizer biasRegularizer,
        Constraint kernelConstraint, Constraint biasConstraint, String name)
        implements Layer {

    /** Validates the configuration. */
    public Conv1D {
        String layer = LayerArguments.describe("Conv1D", name);
        Convolution c = Convolution.of(layer, 1, filters, kernelSize, strides, padding, dataFormat, dilationRate,
                groups);
        kernelSize = c.kernelSize();
        strides = c.spec().strides();
        dilationRate = c.spec().dilations();
        Convolution.requireComponents("Conv1D", name, activation, "kernelInitializer",
                kernelInitializer, biasInitializer);
    }

    /** A Conv1D layer without constraints (the form before it had them). */
    public Conv1D(int filters, List<Integer> kernelSize, List<Integer> strides, String padding, String dataFormat,
            List<Integer> dilationRate, int groups, Activation activation, boolean useBias,
            Initializer kernelInitializer, Initializer biasInitializer, Regularizer kernelRegularizer,
            Regularizer biasRegularizer, String name) {
        this(filters, kernelSize, strides, padding, dataFormat, dilationRate, groups, activation, useBias,
                kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, null, null, name);
    }

    /** With a constraint on the kernel after each update (Keras's {@code kernel_constraint}), or none when null. */
    public Conv1D kernelConstraint(Constraint projection) {
        return Records.with(this, "kernelConstraint", projection);
    }

    /** With a constraint on the bias after each update (Keras's {@code bias_constraint}), or none when null. */
    public Conv1D biasConstraint(Constraint projection) {
        return Records.with(this, "biasConstraint", projection);
    }

    /**
     * Keras's {@code Conv1D(filters, kernel_size)}: {@code filters} channels from windows of {@code kernelSize},
     * Keras's defaults otherwise (strides 1, {@code "valid"} padding, channels last, no dilation).
     */
    public static Conv1D of(int filters, int kernelSize) {
        return new Conv1D(filters, List.of(kernelSize), List.of(1), "valid", "channels_last", List.of(1), 1,
                new Linear(), true, new GlorotUniform(), new Zeros(), null, null, null, null, null);
    }

    /**
     * Keras's positional {@code Conv1D(filters, kernel_size, strides)}: {@code filters} channels from windows of
     * {@code kernelSize} moved by {@code strides} on every axis; {@code of(32, 3, 2)} is a window of 3 at stride 2, as
     * in Keras.
     */
    public static Conv1D of(int filters, int kernelSize, int strides) {
        return of(filters, kernelSize).strides(strides);
    }

    /** With these strides. */
    public Conv1D strides(int... s) {
        return Records.with(this, "strides", LayerArguments.list(s, "Conv1D", name, "strides"));
    }

    /** With {@code "valid"}, {@code "same"} or {@code "causal"} padding. */
    public Conv1D padding(String p) {
        return Records.with(this, "padding", p);
    }

    /** With {@code "channels_last"} or {@code "channels_first"}. */
    public Conv1D dataFormat(String f) {
        return Records.with(this, "dataFormat", f);
    }

    /** With this dilation. */
    public Conv1D dilationRate(int... d) {
        return Records.with(this, "dilationRate", LayerArguments.list(d, "Conv1D", name, "dilationRate"));
    }

    /** With this many channel groups. */
    public Conv1D groups(int g) {
        return Records.with(this, "groups", g);
    }

    /** With another activation. */
    public Conv1D activation(Activation a) {
        return Records.with(this, "activation", a);
    }

    /** With or without bias. */
    public Conv1D useBias(boolean use) {
        return Records.with(this, "useBias", use);
    }

    /** With another kernel initializer. */
    public Conv1D kernelInitializer(Initializer init) {
        return Records.with(this, "kernelInitializer", init);
    }

    /** With another bias initializer. */
    public Conv1D biasInitializer(Initializer init) {
        return Records.with(this, "biasInitializer", init);
    }

    /** With a penalty on the kernel. */
    public Conv1D kernelRegularizer(Regularizer penalty) {
        return Records.with(this, "kernelRegularizer", penalty);
    }

    /** With a penalty on the bias. */
    public Conv1D biasRegularizer(Regularizer penalty) {
        return Records.with(this, "biasRegularizer", penalty);
    }

    /** With a name. */
    public Conv1D named(String newName) {
        return Records.with(this, "name", newName);
    }

    private Convolution convolution() {
        return Convolution.of(LayerArguments.describe("Conv1D", name), 1, filters, kernelSize, strides, padding,
                dataFormat, dilationRate, groups);
    }

    @Override
    public String kind() {
        return "conv1d";
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
        Masks.drop("Conv1D", name, context);
        return convolution().apply(x, context, useBias, activation);
    }
}
