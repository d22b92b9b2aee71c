package dev.adjoint.nn.layer;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.constraint.Constraint;
import dev.adjoint.nn.activation.Activation;
import dev.adjoint.nn.activation.Sigmoid;
import dev.adjoint.nn.activation.Tanh;
import dev.adjoint.nn.init.Constant;
import dev.adjoint.nn.init.GlorotUniform;
import dev.adjoint.nn.init.Initializer;
import dev.adjoint.nn.init.Orthogonal;
import dev.adjoint.nn.init.Zeros;
import dev.adjoint.nn.regularizer.Regularizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Long short-term memory (Hochreiter and Schmidhuber 1997), with Keras 3's semantics and weight layout. For
 * each step, with {@code sigma} the recurrent activation (sigmoid) and {@code phi} the activation (tanh):
 *
 * <pre>
 * z = x_t W + h U + b                    W : [F, 4H] (kernel), U : [H, 4H] (recurrent_kernel), b : [4H]
 * i = sigma(z_i)   f = sigma(z_f)   c~ = phi(z_c)   o = sigma(z_o)     gates in this order: i, f, c, o
 * c' = f * c + i * c~
 * h' = o * phi(c')                       the output; the states are (h, c)
 * </pre>
 *
 * Defaults as in Keras: Glorot-uniform kernel, orthogonal recurrent kernel, zero bias with the forget gate's
 * part set to 1 ({@code unitForgetBias}). The projections {@code x_t W + b} of all steps are one matrix product;
 * the recurrence runs in a scan ({@link Recurrence}, which also says how masks, {@code goBackwards},
 * {@code returnSequences} and {@code returnState} behave). PyTorch's {@code nn.LSTM} computes the same gates in
 * the same order from {@code W_ih = Wᵀ}, {@code W_hh = Uᵀ} and {@code b_ih + b_hh = b}.
 *
 * <p>While training, {@code dropout} multiplies {@code x_t} and {@code recurrentDropout} multiplies h (not c) in
 * {@code h U} by masks drawn once per sequence, as Keras 3: with {@code recurrentDropout = 0} the four gates share
 * one input mask, {@code z = (x_t ∘ m) W + b + h U}; otherwise each gate g has masks of its own,
 * {@code z_g = (x_t ∘ m_g) W_g + b_g + (h ∘ r_g) U_g} ({@link DropoutMasks}).
 *
 * <p>With a mask, a step where a row is absent keeps that row's states; at a row's absent first steps the output is
 * therefore the initial state: {@code h0} when initial states are given, as Keras 3's JAX backend outputs (its
 * TensorFlow backend outputs zeros there), zeros otherwise ({@link Recurrence}).
 *
 * @param units H, the size of the output and of each state
 * @param activation phi
 * @param recurrentActivation sigma
 * @param useBias whether to add b
 * @param unitForgetBias whether b's forget-gate part starts at 1 (the rest from {@code biasInitializer})
 * @param kernelInitializer draws W
 * @param recurrentInitializer draws U
 * @param biasInitializer draws b
 * @param kernelRegularizer the penalty on W, or null
 * @param recurrentRegularizer the penalty on U, or null
 * @param biasRegularizer the penalty on b, or null
 * @param activityRegularizer the penalty on the outputs ({@link Layer#activityRegularizer()}), or null
 * @param dropout the fraction of the input's units dropped while training, in [0, 1)
 * @param recurrentDropout the fraction of the state h's units dropped in {@code h U} while training, in [0, 1)
 * @param returnSequences return every output {@code [N, T, H]} instead of the last {@code [N, H]}
 * @param returnState also return the final states h and c
 * @param goBackwards run the sequence from its end
 * @param kernelConstraint the projection of the input kernel after each update, or null
 * @param recurrentConstraint the projection of the recurrent kernel after each update, or null
 * @param biasConstraint the projection of the bias after each update, or null
 * @param name the layer's name, or null
 */
public record LSTM(int units, Activation activation, Activation recurrentActivation, boolean useBias,
        boolean unitForgetBias, Initializer kernelInitializer, Initializer recurrentInitializer,
        Initializer biasInitializer, Regularizer kernelRegularizer, Regularizer recurrentRegularizer,
        Regularizer biasRegularizer, Regularizer activityRegularizer, double dropout, double recurrentDropout,
        boolean returnSequences, boolean returnState, boolean goBackwards, Constraint kernelConstraint,
        Constraint recurrentConstraint, Constraint biasConstraint, String name) implements Recurrent {

    /** Validates the configuration. */
    public LSTM {
        if (units <= 0) {
            throw new IllegalArgumentException(LayerArguments.describe("LSTM", name)
                    + ": units must be > 0, got " + units);
        }
        LayerArguments.nonNull(activation, "LSTM", name, "activation", "use new Linear() for none");
        LayerArguments.nonNull(recurrentActivation, "LSTM", name, "recurrentActivation");
        LayerArguments.nonNull(kernelInitializer, "LSTM", name, "kernelInitializer");
        LayerArguments.nonNull(recurrentInitializer, "LSTM", name, "recurrentInitializer");
        LayerArguments.nonNull(biasInitializer, "LSTM", name, "biasInitializer");
        Recurrence.checkRate("LSTM", "dropout", dropout);
        Recurrence.checkRate("LSTM", "recurrentDropout", recurrentDropout);
    }

    /** An LSTM layer without regularizers (the form before it had them). */
    public LSTM(int units, Activation activation, Activation recurrentActivation, boolean useBias,
            boolean unitForgetBias, Initializer kernelInitializer, Initializer recurrentInitializer,
            Initializer biasInitializer, double dropout, double recurrentDropout, boolean returnSequences,
            boolean returnState, boolean goBackwards, Constraint kernelConstraint, Constraint recurrentConstraint,
            Constraint biasConstraint, String name) {
        this(units, activation, recurrentActivation, useBias, unitForgetBias, kernelInitializer,
                recurrentInitializer, biasInitializer, null, null, null, null, dropout, recurrentDropout,
                returnSequences, returnState, goBackwards, kernelConstraint, recurrentConstraint, biasConstraint, name);
    }

    /** An LSTM layer without regularizers and constraints (the form before it had them). */
    public LSTM(int units, Activation activation, Activation recurrentActivation, boolean useBias,
            boolean unitForgetBias, Initializer kernelInitializer, Initializer recurrentInitializer,
            Initializer biasInitializer, double dropout, double recurrentDropout, boolean returnSequences,
            boolean returnState, boolean goBackwards, String name) {
        this(units, activation, recurrentActivation, useBias, unitForgetBias, kernelInitializer,
                recurrentInitializer, biasInitializer, null, null, null, null, dropout, recurrentDropout,
                returnSequences, returnState, goBackwards, null, null, null, name);
    }

    /** An LSTM without dropout: the configuration before {@code dropout} and {@code recurrentDropout}. */
    public LSTM(int units, Activation activation, Activation recurrentActivation, boolean useBias,
            boolean unitForgetBias, Initializer kernelInitializer, Initializer recurrentInitializer,
            Initializer biasInitializer, boolean returnSequences, boolean returnState, boolean goBackwards,
            String name) {
        this(units, activation, recurrentActivation, useBias, unitForgetBias, kernelInitializer,
                recurrentInitializer, biasInitializer, null, null, null, null, 0, 0, returnSequences, returnState,
                goBackwards, null, null, null, name);
    }

    /** An LSTM of {@code units} units with Keras's defaults, returning its last output. */
    public static LSTM of(int units) {
        return new LSTM(units, new Tanh(), new Sigmoid(), true, true, new GlorotUniform(), new Orthogonal(),
                new Zeros(), null, null, null, null, 0, 0, false, false, false, null, null, null, null);
    }

    /** With another activation phi (of the candidate c~ and of the output; Keras's {@code activation}). */
    public LSTM activation(Activation phi) {
        return Records.with(this, "activation", phi);
    }

    /** With another activation sigma of the gates i, f and o (Keras's {@code recurrent_activation}). */
    public LSTM recurrentActivation(Activation sigma) {
        return Records.with(this, "recurrentActivation", sigma);
    }

    /** With or without the bias b (Keras's {@code use_bias}). */
    public LSTM useBias(boolean use) {
        return Records.with(this, "useBias", use);
    }

    /** With or without the forget gate's bias starting at 1 (Keras's {@code unit_forget_bias}). */
    public LSTM unitForgetBias(boolean one) {
        return Records.with(this, "unitForgetBias", one);
    }

    /** With another initializer of the input kernel W (Keras's {@code kernel_initializer}). */
    public LSTM kernelInitializer(Initializer init) {
        return Records.with(this, "kernelInitializer", init);
    }

    /** With another initializer of the recurrent kernel U (Keras's {@code recurrent_initializer}). */
    public LSTM recurrentInitializer(Initializer init) {
        return Records.with(this, "recurrentInitializer", init);
    }

    /** With another initializer of the bias (Keras's {@code bias_initializer}). */
    public LSTM biasInitializer(Initializer init) {
        return Records.with(this, "biasInitializer", init);
    }

    /** With a penalty on the input kernel W (Keras's {@code kernel_regularizer}), or none when null. */
    public LSTM kernelRegularizer(Regularizer penalty) {
        return Records.with(this, "kernelRegularizer", penalty);
    }

    /** With a penalty on the recurrent kernel U (Keras's {@code recurrent_regularizer}), or none when null. */
    public LSTM recurrentRegularizer(Regularizer penalty) {
        return Records.with(this, "recurrentRegularizer", penalty);
    }

    /** With a penalty on the bias (Keras's {@code bias_regularizer}), or none when null. */
    public LSTM biasRegularizer(Regularizer penalty) {
        return Records.with(this, "biasRegularizer", penalty);
    }

    /**
     * With a penalty on the outputs (Keras's {@code activity_regularizer}; see {@link Layer#activityRegularizer()}), or
     * none when null.
     */
    public LSTM activityRegularizer(Regularizer penalty) {
        return Records.with(this, "activityRegularizer", penalty);
    }

    /**
     * With a constraint on the input kernel after each update (Keras's {@code kernel_constraint}), or none when null.
     */
    public LSTM kernelConstraint(Constraint projection) {
        return Records.with(this, "kernelConstraint", projection);
    }

    /**
     * With a constraint on the recurrent kernel after each update (Keras's {@code recurrent_constraint}), or none when
     * null.
     */
    public LSTM recurrentConstraint(Constraint projection) {
        return Records.with(this, "recurrentConstraint", projection);
    }

    /** With a constraint on the bias after each update (Keras's {@code bias_constraint}), or none when null. */
    public LSTM biasConstraint(Constraint projection) {
        return Records.with(this, "biasConstraint", projection);
    }

    /** Dropping the fraction {@code rate} of the input's units while training (Keras's {@code dropout}). */
    public LSTM dropout(double rate) {
        return Records.with(this, "dropout", rate);
    }

    /**
     * Dropping the fraction {@code rate} of the state's units in the recurrent product while training (Keras's {@code
     * recurrent_dropout}).
     */
    public LSTM recurrentDropout(double rate) {
        return Records.with(this, "recurrentDropout", rate);
    }

    /** With or without every output. */
    public LSTM returnSequences(boolean all) {
        return Records.with(this, "returnSequences", all);
    }

    /** With or without the final states. */
    public LSTM returnState(boolean states) {
        return Records.with(this, "returnState", states);
    }

    /** Running forward or backward. */
    @Override
    public LSTM goBackwards(boolean backwards) {
        return Records.with(this, "goBackwards", backwards);
    }

    /** With other initializers of W, U and b. */
    public LSTM initializers(Initializer kernel, Initializer recurrent, Initializer bias) {
        return new LSTM(units, activation, recurrentActivation, useBias, unitForgetBias, kernel, recurrent, bias,
                kernelRegularizer, recurrentRegularizer, biasRegularizer, activityRegularizer, dropout,
                recurrentDropout, returnSequences, returnState, goBackwards, kernelConstraint, recurrentConstraint,
                biasConstraint, name);
    }

    /** With a name. */
    public LSTM named(String newName) {
        return Records.with(this, "name", newName);
    }

    @Override
    public int stateCount() {
        return 2;
    }

    @Override
    public String kind() {
        return "lstm";
    }

    @Override
    public List<ParamSpec> params(Shape input) {
        List<ParamSpec> specs = new ArrayList<>(Recurrence.kernels(this, input, 4, kernelInitializer,
                recurrentInitializer));
        if (useBias) {
            Initializer bias = unitForgetBias ? new GateBias(biasInitializer, units, 1, new Constant(1.0))
                    : biasInitializer;
            specs.add(ParamSpec.trainable("bias", Shape.of(4 * units), bias));
        }
        return Recurrence.penalizedAndConstrained(this, specs);
    }

    @Override
    public List<Node> applyAll(List<Node> inputs, LayerContext context) {
        Node u = context.param("recurrent_kernel");
        DropoutMasks masks = DropoutMasks.draw(this, context, inputs.get(0), 4);
        Node z = masks.project(inputs.get(0), context.param("kernel"), useBias ? context.param("bias") : null);
        int h = units;
        Recurrence.Cell cell = (zt, s) -> {
            Node g = zt.add(masks.product(s.get(0), u, 0));
            Node i = recurrentActivation.apply(g.slice(-1, 0, h));
            Node f = recurrentActivation.apply(g.slice(-1, h, 2 * h));
            Node candidate = activation.apply(g.slice(-1, 2 * h, 3 * h));
            Node o = recurrentActivation.apply(g.slice(-1, 3 * h, 4 * h));
            Node c = f.mul(s.get(1)).add(i.mul(candidate));
            return List.of(o.mul(activation.apply(c)), c);
        };
        return Recurrence.run(this, inputs, z, context, cell);
    }
}
