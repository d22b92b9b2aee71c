package dev.adjoint.nn.layer.conv;

import dev.adjoint.nn.activation.Activation;
import dev.adjoint.nn.constraint.Constraint;
import dev.adjoint.nn.activation.Sigmoid;
import dev.adjoint.nn.activation.Tanh;
import dev.adjoint.nn.init.GlorotUniform;
import dev.adjoint.nn.init.Initializer;
import dev.adjoint.nn.init.Orthogonal;
import dev.adjoint.nn.init.Zeros;
import dev.adjoint.nn.layer.LSTM;
import dev.adjoint.nn.layer.LayerArguments;
import dev.adjoint.nn.layer.Records;
import dev.adjoint.nn.regularizer.Regularizer;
import java.util.List;

/**
 * A convolutional LSTM over a sequence of images (Shi et al. 2015), Keras 3's {@code ConvLSTM2D}: the
 * LSTM of {@link LSTM} with its matrix products replaced by convolutions. For the sequence
 * {@code [N, T, H, W, C]} (channels first: {@code [N, T, C, H, W]}), at each step, with {@code sigma} the recurrent
 * activation (sigmoid), {@code phi} the activation (tanh), {@code *} the convolution of the layer's strides,
 * padding and dilation, and {@code ⊛} the convolution of stride 1 and {@code "same"} padding (TensorFlow's
 * placement: an odd total's extra cell at the end), so that the states keep their shape:
 *
 * <pre>
 * z = x_t * W + h ⊛ U + b           kernel W : [kh, kw, C, 4F], recurrent_kernel U : [kh, kw, F, 4F], bias b : [4F]
 * i = sigma(z_i)   f = sigma(z_f)   c~ = phi(z_c)   o = sigma(z_o)     gates in this order: i, f, c, o
 * c' = f ∘ c + i ∘ c~
 * h' = o ∘ phi(c')                       the output; the states h and c are [N, H', W', F]
 * </pre>
 *
 * The states start at zero, or at the initial states given as inputs after the sequence (read the final ones with
 * {@code Layers.applyAll} and {@code returnState}). Masks, {@code goBackwards}, {@code returnSequences} (every
 * output, {@code [N, T, ...]}) and {@code returnState} behave as in {@link LSTM} (the loop is theirs); while
 * training, {@code dropout} multiplies the x_t that gate g reads by a mask {@code m_g} of x_t's shape and
 * {@code recurrentDropout} the h that gate g reads by {@code r_g}, four masks each drawn once per sequence, as
 * Keras 3's {@code ConvLSTMCell}. Keras's defaults: strides 1, {@code "valid"} padding, channels last, dilation 1,
 * tanh, sigmoid, a bias, Glorot-uniform kernel, orthogonal recurrent kernel, zero bias with the forget gate's part
 * at 1 ({@code unitForgetBias}), no dropout, the last output only.
 *
 * @param filters F, the channels of the output and of each state
 * @param kernelSize the window of both convolutions, one entry per spatial axis (or one for both)
 * @param strides the step between the input convolution's windows
 * @param padding {@code "valid"} or {@code "same"}, of the input convolution
 * @param dataFormat {@code "channels_last"} or {@code "channels_first"}
 * @param dilationRate the step between the input convolution's taps; above 1 only with all strides 1, as Keras
 * @param activation phi
 * @param recurrentActivation sigma
 * @param useBias whether to add b
 * @param kernelInitializer draws W
 * @param recurrentInitializer draws U
 * @param biasInitializer draws b
 * @param unitForgetBias whether b's forget-gate part starts at 1 (the rest from {@code biasInitializer})
 * @param kernelRegularizer the penalty on W, or null
 * @param recurrentRegularizer the penalty on U, or null
 * @param biasRegularizer the penalty on b, or null
 * @param activityRegularizer the penalty on the outputs ({@link dev.adjoint.nn.layer.Layer#activityRegularizer()}),
 *     or null
 * @param dropout the fraction of the input's units dropped while training, in [0, 1)
 * @param recurrentDropout the fraction of the state h's units dropped in {@code h ⊛ U} while training, in [0, 1)
 * @param returnSequences return every output instead of the last
 * @param returnState also return the final states h and c
 * @param goBackwards run the sequence from its end
 * @param kernelConstraint the projection of W after each update, or null
 * @param recurrentConstraint the projection of U after each update, or null
 * @param biasConstraint the projection of b after each update, or null
 * @param name the layer's name, or null
 */
public record ConvLSTM2D(int filters, List<Integer> kernelSize, List<Integer> strides, String padding,
        String dataFormat, List<Integer> dilationRate, Activation activation, Activation recurrentActivation,
        boolean useBias, Initializer kernelInitializer, Initializer recurrentInitializer, Initializer biasInitializer,
        boolean unitForgetBias, Regularizer kernelRegularizer, Regularizer recurrentRegularizer,
        Regularizer biasRegularizer, Regularizer activityRegularizer, double dropout, double recurrentDropout,
        boolean returnSequences, boolean returnState, boolean goBackwards, Constraint kernelConstraint,
        Constraint recurrentConstraint, Constraint biasConstraint, String name) implements ConvRecurrent {

    /** Validates the configuration; one-entry lists are expanded to every spatial axis. */
    public ConvLSTM2D {
        String layer = LayerArguments.describe("ConvLSTM2D", name);
        Convolution g = ConvLstm.check(layer, 2, filters, kernelSize, strides, padding, dataFormat,
                dilationRate, dropout, recurrentDropout);
        kernelSize = g.kernelSize();
        strides = g.spec().strides();
        dilationRate = g.spec().dilations();
        ConvLstm.requireComponents("ConvLSTM2D", name, activation, recurrentActivation, kernelInitializer,
                recurrentInitializer, biasInitializer);
    }

    /** A ConvLSTM2D layer without an activity regularizer (the form before it had one). */
    public ConvLSTM2D(int filters, List<Integer> kernelSize, List<Integer> strides, String padding, String dataFormat,
            List<Integer> dilationRate, Activation activation, Activation recurrentActivation, boolean useBias,
            Initializer kernelInitializer, Initializer recurrentInitializer, Initializer biasInitializer,
            boolean unitForgetBias, Regularizer kernelRegularizer, Regularizer recurrentRegularizer,
            Regularizer biasRegularizer, double dropout, double recurrentDropout, boolean returnSequences,
            boolean returnState, boolean goBackwards, Constraint kernelConstraint, Constraint recurrentConstraint,
            Constraint biasConstraint, String name) {
        this(filters, kernelSize, strides, padding, dataFormat, dilationRate, activation, recurrentActivation, useBias,
                kernelInitializer, recurrentInitializer, biasInitializer, unitForgetBias, kernelRegularizer,
                recurrentRegularizer, biasRegularizer, null, dropout, recurrentDropout, returnSequences, returnState,
                goBackwards, kernelConstraint, recurrentConstraint, biasConstraint, name);
    }

    /** A ConvLSTM2D layer without constraints or an activity regularizer (the form before it had them). */
    public ConvLSTM2D(int filters, List<Integer> kernelSize, List<Integer> strides, String padding, String dataFormat,
            List<Integer> dilationRate, Activation activation, Activation recurrentActivation, boolean useBias,
            Initializer kernelInitializer, Initializer recurrentInitializer, Initializer biasInitializer,
            boolean unitForgetBias, Regularizer kernelRegularizer, Regularizer recurrentRegularizer,
            Regularizer biasRegularizer, double dropout, double recurrentDropout, boolean returnSequences,
            boolean returnState, boolean goBackwards, String name) {
        this(filters, kernelSize, strides, padding, dataFormat, dilationRate, activation, recurrentActivation, useBias,
                kernelInitializer, recurrentInitializer, biasInitializer, unitForgetBias, kernelRegularizer,
                recurrentRegularizer, biasRegularizer, null, dropout, recurrentDropout, returnSequences, returnState,
                goBackwards, null, null, null, name);
    }

    /** With a constraint on the kernel W after each update (Keras's {@code kernel_constraint}), or none when null. */
    public ConvLSTM2D kernelConstraint(Constraint projection) {
        return Records.with(this, "kernelConstraint", projection);
    }

    /**
     * With a constraint on the recurrent kernel U after each update (Keras's {@code recurrent_constraint}), or none
     * when null.
     */
    public ConvLSTM2D recurrentConstraint(Constraint projection) {
        return Records.with(this, "recurrentConstraint", projection);
    }

    /** With a constraint on the bias b after each update (Keras's {@code bias_constraint}), or none when null. */
    public ConvLSTM2D biasConstraint(Constraint projection) {
        return Records.with(this, "biasConstraint", projection);
    }

    /**
     * Keras's {@code ConvLSTM2D(filters, kernel_size)}: {@code filters} channels from square windows of
     * {@code kernelSize}, Keras's defaults otherwise.
     */
    public static ConvLSTM2D of(int filters, int kernelSize) {
        return of(filters, List.of(kernelSize));
    }

    /**
     * Keras's positional {@code ConvLSTM2D(filters, kernel_size, strides)}: square windows of {@code kernelSize} moved
     * by {@code strides} on every axis of the input.
     */
    public static ConvLSTM2D of(int filters, int kernelSize, int strides) {
        return of(filters, kernelSize).strides(strides);
    }

    /**
     * Keras's {@code ConvLSTM2D(filters, kernel_size=(kh, kw))}: windows of {@code kernelSize}, one entry per spatial
     * axis (one entry: both), Keras's defaults otherwise.
     */
    public static ConvLSTM2D of(int filters, List<Integer> kernelSize) {
        return new ConvLSTM2D(filters, kernelSize, List.of(1), "valid", "channels_last", List.of(1), new Tanh(),
                new Sigmoid(), true, new GlorotUniform(), new Orthogonal(), new Zeros(), true, null, null, null, null,
                0, 0, false, false, false, null, null, null, null);
    }

    /** With these strides of the input convolution (one entry: every axis). */
    public ConvLSTM2D strides(int... s) {
        return Records.with(this, "strides", LayerArguments.list(s, "ConvLSTM2D", name, "strides"));
    }

    /** With {@code "valid"} or {@code "same"} padding of the input convolution (the recurrent one is same). */
    public ConvLSTM2D padding(String p) {
        return Records.with(this, "padding", p);
    }

    /** With {@code "channels_last"} or {@code "channels_first"}. */
    public ConvLSTM2D dataFormat(String f) {
        return Records.with(this, "dataFormat", f);
    }

    /** With this dilation of the input convolution (one entry: every axis). */
    public ConvLSTM2D dilationRate(int... d) {
        return Records.with(this, "dilationRate", LayerArguments.list(d, "ConvLSTM2D", name, "dilationRate"));
    }

    /** With another activation phi (of the candidate and of the output). */
    public ConvLSTM2D activation(Activation a) {
        return Records.with(this, "activation", a);
    }

    /** With another activation sigma of the gates i, f and o. */
    public ConvLSTM2D recurrentActivation(Activation a) {
        return Records.with(this, "recurrentActivation", a);
    }

    /** With or without the bias b. */
    public ConvLSTM2D useBias(boolean use) {
        return Records.with(this, "useBias", use);
    }

    /** With another initializer of the kernel W. */
    public ConvLSTM2D kernelInitializer(Initializer init) {
        return Records.with(this, "kernelInitializer", init);
    }

    /** With another initializer of the recurrent kernel U. */
    public ConvLSTM2D recurrentInitializer(Initializer init) {
        return Records.with(this, "recurrentInitializer", init);
    }

    /** With another initializer of the bias b. */
    public ConvLSTM2D biasInitializer(Initializer init) {
        return Records.with(this, "biasInitializer", init);
    }

    /** With or without the forget gate's bias starting at 1. */
    public ConvLSTM2D unitForgetBias(boolean one) {
        return Records.with(this, "unitForgetBias", one);
    }

    /** With a penalty on the kernel W (null: none). */
    public ConvLSTM2D kernelRegularizer(Regularizer penalty) {
        return Records.with(this, "kernelRegularizer", penalty);
    }

    /** With a penalty on the recurrent kernel U (null: none). */
    public ConvLSTM2D recurrentRegularizer(Regularizer penalty) {
        return Records.with(this, "recurrentRegularizer", penalty);
    }

    /** With a penalty on the bias b (null: none). */
    public ConvLSTM2D biasRegularizer(Regularizer penalty) {
        return Records.with(this, "biasRegularizer", penalty);
    }

    /**
     * With a penalty on the outputs (Keras's {@code activity_regularizer}; see
     * {@link dev.adjoint.nn.layer.Layer#activityRegularizer()}), or none when null: every output (the final states
     * too with {@code returnState}) adds {@code R(y) / N}.
     */
    public ConvLSTM2D activityRegularizer(Regularizer penalty) {
        return Records.with(this, "activityRegularizer", penalty);
    }

    /** Dropping the fraction {@code rate} of the input's units while training (Keras's {@code dropout}). */
    public ConvLSTM2D dropout(double rate) {
        return Records.with(this, "dropout", rate);
    }

    /** Dropping the fraction {@code rate} of h's units in {@code h ⊛ U} while training. */
    public ConvLSTM2D recurrentDropout(double rate) {
        return Records.with(this, "recurrentDropout", rate);
    }

    /** With or without every output. */
    public ConvLSTM2D returnSequences(boolean all) {
        return Records.with(this, "returnSequences", all);
    }

    /** With or without the final states h and c. */
    public ConvLSTM2D returnState(boolean states) {
        return Records.with(this, "returnState", states);
    }

    /** Running forward or backward. */
    public ConvLSTM2D goBackwards(boolean backwards) {
        return Records.with(this, "goBackwards", backwards);
    }

    /** With a name. */
    public ConvLSTM2D named(String newName) {
        return Records.with(this, "name", newName);
    }


    /** 2 spatial axes. */
    @Override
    public int rank() {
        return 2;
    }

    @Override
    public String kind() {
        return "conv_lstm2d";
    }
}
