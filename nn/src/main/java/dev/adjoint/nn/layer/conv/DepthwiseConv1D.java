package dev.adjoint.nn.layer.conv;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.activation.Activation;
import dev.adjoint.nn.constraint.Constraint;
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
 * A depthwise 1-D convolution, Keras's {@code DepthwiseConv1D}: each input channel {@code c} of
 * {@code x : [N, L, C]} (or {@code [N, C, L]} channels first) convolved on its own with {@code depthMultiplier}
 * filters, {@code y[n, o, c·M + m] = sum_t x[n, o·s - before + t·d, c] · k[t, c, m]} (a convolution with
 * {@code groups = C}), then bias and activation. Depthwise kernel {@code [k, C, depthMultiplier]}, bias
 * {@code [C·depthMultiplier]}. Padding {@code "valid"} ({@code before = 0}, {@code out = floor((L - d(k-1) - 1)
 * / s) + 1}) or {@code "same"} ({@code out = ceil(L / s)}, the padding's extra cell of an odd total at the end,
 * as TensorFlow); Keras 3 refuses {@code Conv1D}'s {@code "causal"} here, and so does this layer. Keras's
 * defaults: strides 1, valid padding, depth multiplier 1, channels last, dilation 1, linear activation, a bias,
 * Glorot-uniform kernel, zero bias.
 *
 * @param kernelSize the window, one entry
 * @param strides the step between windows
 * @param padding {@code "valid"} or {@code "same"}
 * @param depthMultiplier the filters per input channel, >= 1
 * @param dataFormat {@code "channels_last"} or {@code "channels_first"}
 * @param dilationRate the step between a window's taps; above 1 only with all strides 1, as Keras requires
 * @param activation applied to the result
 * @param useBias whether to add the bias
 * @param depthwiseInitializer draws the depthwise kernel
 * @param biasInitializer draws the bias
 * @param depthwiseRegularizer the penalty on the depthwise kernel, or null
 * @param biasRegularizer the penalty on the bias, or null
 * @param depthwiseConstraint the projection of the depthwise kernel after each update, or null
 * @param biasConstraint the projection of the bias after each update, or null
 * @param name the layer's name, or null
 */
public record DepthwiseConv1D(List<Integer> kernelSize, List<Integer> strides, String padding, int depthMultiplier,
        String dataFormat, List<Integer> dilationRate, Activation activation, boolean useBias,
        Initializer depthwiseInitializer, Initializer biasInitializer, Regularizer depthwiseRegularizer,
        Regularizer biasRegularizer, Constraint depthwiseConstraint, Constraint biasConstraint,
        String name) implements Layer {

    /** Validates the configuration. */
    public DepthwiseConv1D {
        String layer = LayerArguments.describe("DepthwiseConv1D", name);
        Depthwise d = Depthwise.of(layer, 1, kernelSize, strides, padding, depthMultiplier, dataFormat,
                dilationRate);
        kernelSize = d.kernelSize();
        strides = d.spec().strides();
        dilationRate = d.spec().dilations();
        Convolution.requireComponents("DepthwiseConv1D", name, activation, "depthwiseInitializer",
                depthwiseInitializer, biasInitializer);
    }

    /** A DepthwiseConv1D layer without constraints (the form before it had them). */
    public DepthwiseConv1D(List<Integer> kernelSize, List<Integer> strides, String padding, int depthMultiplier,
            String dataFormat, List<Integer> dilationRate, Activation activation, boolean useBias,
            Initializer depthwiseInitializer, Initializer biasInitializer, Regularizer depthwiseRegularizer,
            Regularizer biasRegularizer, String name) {
        this(kernelSize, strides, padding, depthMultiplier, dataFormat, dilationRate, activation, useBias,
                depthwiseInitializer, biasInitializer, depthwiseRegularizer, biasRegularizer, null, null, name);
    }

    /**
     * With a constraint on the depthwise kernel after each update (Keras's {@code depthwise_constraint}), or none when
     * null.
     */
    public DepthwiseConv1D depthwiseConstraint(Constraint projection) {
        return Records.with(this, "depthwiseConstraint", projection);
    }

    /** With a constraint on the bias after each update (Keras's {@code bias_constraint}), or none when null. */
    public DepthwiseConv1D biasConstraint(Constraint projection) {
        return Records.with(this, "biasConstraint", projection);
    }

    /** Keras's {@code DepthwiseConv1D(kernel_size)}: windows of {@code kernelSize}, Keras's defaults otherwise. */
    public static DepthwiseConv1D of(int kernelSize) {
        return new DepthwiseConv1D(List.of(kernelSize), List.of(1), "valid", 1, "channels_last", List.of(1),
                new Linear(), true, new GlorotUniform(), new Zeros(), null, null, null, null, null);
    }

    /**
     * Keras's positional {@code DepthwiseConv1D(kernel_size, strides)}: windows of {@code kernelSize} moved by
     * {@code strides}.
     */
    public static DepthwiseConv1D of(int kernelSize, int strides) {
        return of(kernelSize).strides(strides);
    }

    /** With these strides. */
    public DepthwiseConv1D strides(int... s) {
        return Records.with(this, "strides", LayerArguments.list(s, "DepthwiseConv1D", name, "strides"));
    }

    /** With {@code "valid"} or {@code "same"} padding. */
    public DepthwiseConv1D padding(String p) {
        return Records.with(this, "padding", p);
    }

    /** With {@code m} filters per input channel. */
    public DepthwiseConv1D depthMultiplier(int m) {
        return Records.with(this, "depthMultiplier", m);
    }

    /** With {@code "channels_last"} or {@code "channels_first"}. */
    public DepthwiseConv1D dataFormat(String f) {
        return Records.with(this, "dataFormat", f);
    }

    /** With another activation. */
    public DepthwiseConv1D activation(Activation a) {
        return Records.with(this, "activation", a);
    }

    /** With or without bias. */
    public DepthwiseConv1D useBias(boolean use) {
        return Records.with(this, "useBias", use);
    }

    /** With this dilation. */
    public DepthwiseConv1D dilationRate(int... d) {
        return Records.with(this, "dilationRate", LayerArguments.list(d, "DepthwiseConv1D", name, "dilationRate"));
    }

    /** With another depthwise kernel initializer. */
    public DepthwiseConv1D depthwiseInitializer(Initializer init) {
        return Records.with(this, "depthwiseInitializer", init);
    }

    /** With another bias initializer. */
    public DepthwiseConv1D biasInitializer(Initializer init) {
        return Records.with(this, "biasInitializer", init);
    }

    /** With a penalty on the depthwise kernel. */
    public DepthwiseConv1D depthwiseRegularizer(Regularizer penalty) {
        return Records.with(this, "depthwiseRegularizer", penalty);
    }

    /** With a penalty on the bias. */
    public DepthwiseConv1D biasRegularizer(Regularizer penalty) {
        return Records.with(this, "biasRegularizer", penalty);
    }

    /** With a name. */
    public DepthwiseConv1D named(String newName) {
        return Records.with(this, "name", newName);
    }

    private Depthwise depthwise() {
        return Depthwise.of(LayerArguments.describe("DepthwiseConv1D", name), 1, kernelSize, strides, padding,
                depthMultiplier, dataFormat, dilationRate);
    }

    @Override
    public String kind() {
        return "depthwise_conv1d";
    }

    @Override
    public Shape outputShape(Shape input) {
        return depthwise().outputShape(input);
    }

    @Override
    public List<ParamSpec> params(Shape input) {
        return depthwise().params(input, useBias, depthwiseInitializer, biasInitializer, depthwiseRegularizer,
                biasRegularizer, depthwiseConstraint, biasConstraint);
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        Masks.drop("DepthwiseConv1D", name, context);
        return depthwise().apply(x, context, useBias, activation);
    }
}
