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
 * A depthwise-separable 1-D convolution, Keras's {@code SeparableConv1D}: a {@link DepthwiseConv1D} step on
 * {@code x : [N, L, C]} (or {@code [N, C, L]}; kernel {@code [k, C, depthMultiplier]}, with the strides, padding
 * and dilation) followed by a pointwise convolution (kernel {@code [1, C·depthMultiplier, filters]}),
 * {@code y[n, o, f] = sum_j (sum_t x[n, o·s - before + t·d, c] · k[t, c, m]) · p[0, j, f]} with
 * {@code j = c·M + m}, then bias {@code [filters]} and activation. Padding {@code "valid"} or {@code "same"}
 * (Keras 3 refuses {@code "causal"} here). Keras's defaults: strides 1, valid padding, channels last, dilation 1,
 * depth multiplier 1, linear activation, a bias, Glorot-uniform kernels, zero bias.
 *
 * @param filters the output channels
 * @param kernelSize the depthwise window, one entry
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
public record SeparableConv1D(int filters, List<Integer> kernelSize, List<Integer> strides, String padding,
        String dataFormat, List<Integer> dilationRate, int depthMultiplier, Activation activation, boolean useBias,
        Initializer depthwiseInitializer, Initializer pointwiseInitializer, Initializer biasInitializer,
        Regularizer depthwiseRegularizer, Regularizer pointwiseRegularizer, Regularizer biasRegularizer,
        Constraint depthwiseConstraint, Constraint pointwiseConstraint, Constraint biasConstraint,
        String name) implements Layer {

    /** Validates the configuration. */
    public SeparableConv1D {
        String layer = LayerArguments.describe("SeparableConv1D", name);
        if (filters <= 0) {
            throw new IllegalArgumentException(LayerArguments.describe("SeparableConv1D", name)
                    + ": filters must be > 0, got " + filters);
        }
        Depthwise d = Depthwise.of(layer, 1, kernelSize, strides, padding, depthMultiplier, dataFormat,
                dilationRate);
        kernelSize = d.kernelSize();
        strides = d.spec().strides();
        dilationRate = d.spec().dilations();
        Convolution.requireComponents("SeparableConv1D", name, activation, "depthwiseInitializer",
                depthwiseInitializer, biasInitializer);
        LayerArguments.nonNull(pointwiseInitializer, "SeparableConv1D", name, "pointwiseInitializer");
    }

    /** A SeparableConv1D layer without constraints (the form before it had them). */
    public SeparableConv1D(int filters, List<Integer> kernelSize, List<Integer> strides, String padding,
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
    public SeparableConv1D depthwiseConstraint(Constraint projection) {
        return Records.with(this, "depthwiseConstraint", projection);
    }

    /**
     * With a constraint on the pointwise kernel after each update (Keras's {@code pointwise_constraint}), or none when
     * null.
     */
    public SeparableConv1D pointwiseConstraint(Constraint projection) {
        return Records.with(this, "pointwiseConstraint", projection);
    }

    /** With a constraint on the bias after each update (Keras's {@code bias_constraint}), or none when null. */
    public SeparableConv1D biasConstraint(Constraint projection) {
        return Records.with(this, "biasConstraint", projection);
    }

    /**
     * Keras's {@code SeparableConv1D(filters, kernel_size)}: {@code filters} channels from depthwise windows of
     * {@code kernelSize}, Keras's defaults otherwise.
     */
    public static SeparableConv1D of(int filters, int kernelSize) {
        return new SeparableConv1D(filters, List.of(kernelSize), List.of(1), "valid", "channels_last", List.of(1), 1,
                new Linear(), true, new GlorotUniform(), new GlorotUniform(), new Zeros(), null, null, null, null, null,
                null, null);
    }

    /**
     * Keras's positional {@code SeparableConv1D(filters, kernel_size, strides)}: {@code filters} channels from
     * depthwise windows of {@code kernelSize} moved by {@code strides}.
     */
    public static SeparableConv1D of(int filters, int kernelSize, int strides) {
        return of(filters, kernelSize).strides(strides);
    }

    /** With these strides. */
    public SeparableConv1D strides(int... s) {
        return Records.with(this, "strides", LayerArguments.list(s, "SeparableConv1D", name, "strides"));
    }

    /** With {@code "valid"} or {@code "same"} padding. */
    public SeparableConv1D padding(String p) {
        return Records.with(this, "padding", p);
    }

    /** With {@code m} depthwise filters per input channel. */
    public SeparableConv1D depthMultiplier(int m) {
        return Records.with(this, "depthMultiplier", m);
    }

    /** With another activation. */
    public SeparableConv1D activation(Activation a) {
        return Records.with(this, "activation", a);
    }

    /** With {@code "channels_last"} or {@code "channels_first"}. */
    public SeparableConv1D dataFormat(String f) {
        return Records.with(this, "dataFormat", f);
    }

    /** With this dilation. */
    public SeparableConv1D dilationRate(int... d) {
        return Records.with(this, "dilationRate", LayerArguments.list(d, "SeparableConv1D", name, "dilationRate"));
    }

    /** With or without bias. */
    public SeparableConv1D useBias(boolean use) {
        return Records.with(this, "useBias", use);
    }

    /** With another depthwise kernel initializer. */
    public SeparableConv1D depthwiseInitializer(Initializer init) {
        return Records.with(this, "depthwiseInitializer", init);
    }

    /** With another pointwise kernel initializer. */
    public SeparableConv1D pointwiseInitializer(Initializer init) {
        return Records.with(this, "pointwiseInitializer", init);
    }

    /** With another bias initializer. */
    public SeparableConv1D biasInitializer(Initializer init) {
        return Records.with(this, "biasInitializer", init);
    }

    /** With a penalty on the depthwise kernel. */
    public SeparableConv1D depthwiseRegularizer(Regularizer penalty) {
        return Records.with(this, "depthwiseRegularizer", penalty);
    }

    /** With a penalty on the pointwise kernel. */
    public SeparableConv1D pointwiseRegularizer(Regularizer penalty) {
        return Records.with(this, "pointwiseRegularizer", penalty);
    }

    /** With a penalty on the bias. */
    public SeparableConv1D biasRegularizer(Regularizer penalty) {
        return Records.with(this, "biasRegularizer", penalty);
    }

    /** With a name. */
    public SeparableConv1D named(String newName) {
        return Records.with(this, "name", newName);
    }

    private Depthwise depthwise() {
        return Depthwise.of(LayerArguments.describe("SeparableConv1D", name), 1, kernelSize, strides, padding,
                depthMultiplier, dataFormat, dilationRate);
    }

    @Override
    public String kind() {
        return "separable_conv1d";
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
        Masks.drop("SeparableConv1D", name, context);
        return depthwise().separable(x, context, useBias, activation);
    }
}
