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
 * A depthwise-separable 2-D convolution, Keras's {@code SeparableConv2D}: a {@link DepthwiseConv2D} step
 * (kernel {@code [kh, kw, C, depthMultiplier]}, with the strides, padding and dilation) followed by a 1x1
 * pointwise convolution (kernel {@code [1, 1, C·depthMultiplier, filters]}), then bias {@code [filters]} and
 * activation. Keras's defaults: strides 1, valid padding, channels last, dilation 1, depth multiplier 1, linear
 * activation, a bias, Glorot-uniform kernels, zero bias.
 *
 * @param filters the output channels
 * @param kernelSize the depthwise window, one entry per spatial axis (or one for both)
 * @param strides the step between windows
 * @param padding {@code "valid"} or {@code "same"}
 * @param dataFormat {@code "channels_last"} or {@code "channels_first"}
 * @param dilationRate the step between a window's taps; above 1 only with all strides 1, as Keras requires
 * @param depthMultiplier the depthwise filters per input channel, >= 1
 * @param activation applied to the result
 * @param useBias whether to add the bias
 * @param depthwiseInitializer draws the depthwise kernel
 * @param pointwiseInitializer draws the pointwise kernel
 * @param biasInitializer draws the bias
 * @param depthwiseRegularizer the penalty on the depthwise kernel, or null
 * @param pointwiseRegularizer the penalty on the pointwise kernel, or null
 * @param biasRegularizer the penalty on the bias, or null
 * @param depthwiseConstraint the projection of the depthwise kernel after each update, or null
 * @param pointwiseConstraint the projection of the pointwise kernel after each update, or null
 * @param biasConstraint the projection of the bias after each update, or null
 * @param name the layer's name, or null
 */
public record SeparableConv2D(int filters, List<Integer> kernelSize, List<Integer> strides, String padding,
        String dataFormat, List<Integer> dilationRate, int depthMultiplier, Activation activation, boolean useBias,
        Initializer depthwiseInitializer, Initializer pointwiseInitializer, Initializer biasInitializer,
        Regularizer depthwiseRegularizer, Regularizer pointwiseRegularizer, Regularizer biasRegularizer,
        Constraint depthwiseConstraint, Constraint pointwiseConstraint, Constraint biasConstraint,
        String name) implements Layer {

    /** Validates the configuration; one-entry lists are expanded to both axes. */
    public SeparableConv2D {
        String layer = LayerArguments.describe("SeparableConv2D", name);
        if (filters <= 0) {
            throw new IllegalArgumentException(LayerArguments.describe("SeparableConv2D", name)
                    + ": filters must be > 0, got " + filters);
        }
        Depthwise d = Depthwise.of(layer, 2, kernelSize, strides, padding, depthMultiplier, dataFormat,
                dilationRate);
        kernelSize = d.kernelSize();
        strides = d.spec().strides();
        dilationRate = d.spec().dilations();
        Convolution.requireComponents("SeparableConv2D", name, activation, "depthwiseInitializer",
                depthwiseInitializer, biasInitializer);
        LayerArguments.nonNull(pointwiseInitializer, "SeparableConv2D", name, "pointwiseInitializer");
    }

    /** A SeparableConv2D layer without constraints (the form before it had them). */
    public SeparableConv2D(int filters, List<Integer> kernelSize, List<Integer> strides, String padding,
            String dataFormat, List<Integer> dilationRate, int depthMultiplier, Activation activation,
            boolean useBias, Initializer depthwiseInitializer, Initializer pointwiseInitializer,
            Initializer biasInitializer, Regularizer depthwiseRegularizer, Regularizer pointwiseRegularizer,
            Regularizer biasRegularizer, String name) {
        this(filters, kernelSize, strides, padding, dataFormat, dilationRate, depthMultiplier, activation, useBias,
                depthwiseInitializer, pointwiseInitializer, biasInitializer, depthwiseRegularizer,
                pointwiseRegularizer, biasRegularizer, null, null, null, name);
    }

    /**
     * With a constraint on the depthwise kernel after each update (Keras's {@code depthwise_constraint}), or none when
     * null.
     */
    public SeparableConv2D depthwiseConstraint(Constraint projection) {
        return Records.with(this, "depthwiseConstraint", projection);
    }

    /**
     * With a constraint on the pointwise kernel after each update (Keras's {@code pointwise_constraint}), or none when
     * null.
     */
    public SeparableConv2D pointwiseConstraint(Constraint projection) {
        return Records.with(this, "pointwiseConstraint", projection);
    }

    /** With a constraint on the bias after each update (Keras's {@code bias_constraint}), or none when null. */
    public SeparableConv2D biasConstraint(Constraint projection) {
        return Records.with(this, "biasConstraint", projection);
    }

    /**
     * Keras's {@code SeparableConv2D(filters, kernel_size)}: {@code filters} channels from square depthwise windows of
     * {@code kernelSize}, Keras's defaults otherwise (strides 1, {@code "valid"} padding, channels last, no dilation).
     */
    public static SeparableConv2D of(int filters, int kernelSize) {
        return of(filters, List.of(kernelSize));
    }

    /**
     * Keras's positional {@code SeparableConv2D(filters, kernel_size, strides)}: {@code filters} channels from square
     * depthwise windows of {@code kernelSize} moved by {@code strides} on every axis; {@code of(32, 3, 2)} is 3 x 3
     * windows at stride 2, as in Keras. For a window of other sizes per axis, use {@link #of(int, List)}.
     */
    public static SeparableConv2D of(int filters, int kernelSize, int strides) {
        return of(filters, kernelSize).strides(strides);
    }

    /**
     * Keras's {@code SeparableConv2D(filters, kernel_size=(kh, kw))}: {@code filters} channels from windows of
     * {@code kernelSize}, one entry per spatial axis (height then width; one entry: every axis), Keras's defaults
     * otherwise.
     */
    public static SeparableConv2D of(int filters, List<Integer> kernelSize) {
        return new SeparableConv2D(filters, kernelSize, List.of(1), "valid", "channels_last",
                List.of(1), 1, new Linear(), true, new GlorotUniform(), new GlorotUniform(), new Zeros(), null, null,
                null, null, null, null, null);
    }

    /** With these strides (one entry: both axes). */
    public SeparableConv2D strides(int... s) {
        return Records.with(this, "strides", LayerArguments.list(s, "SeparableConv2D", name, "strides"));
    }

    /** With {@code "valid"} or {@code "same"} padding. */
    public SeparableConv2D padding(String p) {
        return Records.with(this, "padding", p);
    }

    /** With {@code m} depthwise filters per input channel. */
    public SeparableConv2D depthMultiplier(int m) {
        return Records.with(this, "depthMultiplier", m);
    }

    /** With another activation. */
    public SeparableConv2D activation(Activation a) {
        return Records.with(this, "activation", a);
    }

    /** With {@code "channels_last"} or {@code "channels_first"}. */
    public SeparableConv2D dataFormat(String f) {
        return Records.with(this, "dataFormat", f);
    }

    /** With this dilation (one entry: both axes). */
    public SeparableConv2D dilationRate(int... d) {
        return Records.with(this, "dilationRate", LayerArguments.list(d, "SeparableConv2D", name, "dilationRate"));
    }

    /** With or without bias. */
    public SeparableConv2D useBias(boolean use) {
        return Records.with(this, "useBias", use);
    }

    /** With another depthwise kernel initializer. */
    public SeparableConv2D depthwiseInitializer(Initializer init) {
        return Records.with(this, "depthwiseInitializer", init);
    }

    /** With another pointwise kernel initializer. */
    public SeparableConv2D pointwiseInitializer(Initializer init) {
        return Records.with(this, "pointwiseInitializer", init);
    }

    /** With another bias initializer. */
    public SeparableConv2D biasInitializer(Initializer init) {
        return Records.with(this, "biasInitializer", init);
    }

    /** With a penalty on the depthwise kernel. */
    public SeparableConv2D depthwiseRegularizer(Regularizer penalty) {
        return Records.with(this, "depthwiseRegularizer", penalty);
    }

    /** With a penalty on the pointwise kernel. */
    public SeparableConv2D pointwiseRegularizer(Regularizer penalty) {
        return Records.with(this, "pointwiseRegularizer", penalty);
    }

    /** With a penalty on the bias. */
    public SeparableConv2D biasRegularizer(Regularizer penalty) {
        return Records.with(this, "biasRegularizer", penalty);
    }

    /** With a name. */
    public SeparableConv2D named(String newName) {
        return Records.with(this, "name", newName);
    }

    private Depthwise depthwise() {
        return Depthwise.of(LayerArguments.describe("SeparableConv2D", name), 2, kernelSize, strides, padding,
                depthMultiplier, dataFormat, dilationRate);
    }

    @Override
    public String kind() {
        return "separable_conv2d";
    }

    @Override
    public Shape outputShape(Shape input) {
        return depthwise().separableOutputShape(input, filters);
    }

    @Override
    public List<ParamSpec> params(Shape input) {
        return depthwise().separableParams(input, filters, useBias, depthwiseInitializer, pointwiseInitializer,
                biasInitializer, depthwiseRegularizer, pointwiseRegularizer, biasRegularizer, depthwiseConstraint,
                pointwiseConstraint, biasConstraint);
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        Masks.drop("SeparableConv2D", name, context);
        return depthwise().separable(x, context, useBias, activation);
    }
}
