package dev.adjoint.nn.layer;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.constraint.Constraint;
import dev.adjoint.nn.activation.Activation;
import dev.adjoint.nn.activation.Sigmoid;
import dev.adjoint.nn.activation.Tanh;
import dev.adjoint.nn.init.GlorotUniform;
import dev.adjoint.nn.init.Initializer;
import dev.adjoint.nn.init.Orthogonal;
import dev.adjoint.nn.init.Zeros;
import dev.adjoint.nn.regularizer.Regularizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Gated recurrent unit (Cho et al. 2014), with Keras 3's semantics and weight layout (gates in the order z, r,
 * h). With {@code resetAfter} (the default, as in Keras 3 and cuDNN), the reset gate is applied after the
 * recurrent product and the bias is two rows, {@code b : [2, 3H]} (input and recurrent):
 *
 * <pre>
 * x~ = x_t W + b[0]        r~ = h U + b[1]           W : [F, 3H] (kernel), U : [H, 3H] (recurrent_kernel)
 * z = sigma(x~_z + r~_z)   r = sigma(x~_r + r~_r)   h~ = phi(x~_h + r * r~_h)
 * h' = z * h + (1 - z) * h~
 * </pre>
 *
 * Without it, {@code h~ = phi(x~_h + (r * h) U_h)} and the bias is one row {@code [3H]}, added to x~. Defaults as
 * in Keras: tanh, sigmoid, Glorot-uniform kernel, orthogonal recurrent kernel, zero bias. PyTorch's
 * {@code nn.GRU} is the {@code resetAfter} form with its gates in the order r, z, n: reorder the column blocks
 * (z, r, h) to (r, z, n) and transpose. The projections of all steps are one matrix product; the recurrence runs
 * in a scan ({@link Recurrence}).
 *
 * <p>While training, {@code dropout} multiplies {@code x_t} and {@code recurrentDropout} multiplies h where it
 * enters a recurrent product by masks drawn once per sequence, as Keras 3: with {@code recurrentDropout = 0} the
 * three gates share one input mask, {@code x~ = (x_t ∘ m) W + b[0]}; otherwise each gate g has masks of its own,
 * {@code x~_g = (x_t ∘ m_g) W_g + b[0]_g} and {@code r~_g = (h ∘ r_g) U_g + b[1]_g} (without {@code resetAfter},
 * {@code (r * (h ∘ r_h)) U_h} for the candidate); {@code h' = z * h + (1 - z) * h~} mixes the unmasked h
 * ({@link DropoutMasks}).
 *
 * <p>With a mask, a step where a row is absent keeps that row's states; at a row's absent first steps the output is
 * therefore the initial state: {@code h0} when initial states are given, as Keras 3's JAX backend outputs (its
 * TensorFlow backend outputs zeros there), zeros otherwise ({@link Recurrence}).
 *
 * @param units H
 * @param activation phi
 * @param recurrentActivation sigma
 * @param useBias whether to add the bias
 * @param resetAfter whether the reset gate multiplies the recurrent product (true) or the state (false)
 * @param kernelInitializer draws W
 * @param recurrentInitializer draws U
 * @param biasInitializer draws the bias
 * @param kernelRegularizer the penalty on W, or null
 * @param recurrentRegularizer the penalty on U, or null
 * @param biasRegularizer the penalty on the bias, or null
 * @param activityRegularizer the penalty on the outputs ({@link Layer#activityRegularizer()}), or null
 * @param dropout the fraction of the input's units dropped while training, in [0, 1)
 * @param recurrentDropout the fraction of the state's units dropped in the recurrent products while training, in
 *     [0, 1)
 * @param returnSequences return every output {@code [N, T, H]} instead of the last {@code [N, H]}
 * @param returnState also return the final state h
 * @param goBackwards run the sequence from its end
 * @param kernelConstraint the projection of the input kernel after each update, or null
 * @param recurrentConstraint the projection of the recurrent kernel after each update, or null
 * @param biasConstraint the projection of the bias after each update, or null
 * @param name the layer's name, or null
 */
public record GRU(int units, Activation activation, Activation recurrentActivation, boolean useBias,
        boolean resetAfter, Initializer kernelInitializer, Initializer recurrentInitializer,
        Initializer biasInitializer, Regularizer kernelRegularizer, Regularizer recurrentRegularizer,
        Regularizer biasRegularizer, Regularizer activityRegularizer, double dropout, double recurrentDropout,
        boolean returnSequences, boolean returnState, boolean goBackwards, Constraint kernelConstraint,
        Constraint recurrentConstraint, Constraint biasConstraint, String name) implements Recurrent {

    /** Validates the configuration. */
    public GRU {
        if (units <= 0) {
            throw new IllegalArgumentException(LayerArguments.describe("GRU", name)
                    + ": units must be > 0, got " + units);
        }
        LayerArguments.nonNull(activation, "GRU", name, "activation", "use new Linear() for none");
        LayerArguments.nonNull(recurrentActivation, "GRU", name, "recurrentActivation");
        LayerArguments.nonNull(kernelInitializer, "GRU", name, "kernelInitializer");
        LayerArguments.nonNull(recurrentInitializer, "GRU", name, "recurrentInitializer");
        LayerArguments.nonNull(biasInitializer, "GRU", name, "biasInitializer");
        Recurrence.checkRate("GRU", "dropout", dropout);
        Recurrence.checkRate("GRU", "recurrentDropout", recurrentDropout);
    }

    /** A GRU layer without regularizers (the form before it had them). */
    public GRU(int units, Activation activation, Activation recurrentActivation, boolean useBias, boolean resetAfter,
            Initializer kernelInitializer, Initializer recurrentInitializer, Initializer biasInitializer,
            double dropout, double recurrentDropout, boolean returnSequences, boolean returnState,
            boolean goBackwards, Constraint kernelConstraint, Constraint recurrentConstraint, Constraint biasConstraint,
            String name) {
        this(units, activation, recurrentActivation, useBias, resetAfter, kernelInitializer,
                recurrentInitializer, biasInitializer, null, null, null, null, dropout, recurrentDropout,
                returnSequences, returnState, goBackwards, kernelConstraint, recurrentConstraint, biasConstraint, name);
    }

    /** A GRU layer without regularizers and constraints (the form before it had them). */
    public GRU(int units, Activation activation, Activation recurrentActivation, boolean useBias, boolean resetAfter,
            Initializer kernelInitializer, Initializer recurrentInitializer, Initializer biasInitializer,
            double dropout, double recurrentDropout, boolean returnSequences, boolean returnState,
            boolean goBackwards, String name) {
        this(units, activation, recurrentActivation, useBias, resetAfter, kernelInitializer,
                recurrentInitializer, biasInitializer, null, null, null, null, dropout, recurrentDropout,
                returnSequences, returnState, goBackwards, null, null, null, name);
    }

    /** A GRU without dropout: the configuration before {@code dropout} and {@code recurrentDropout}. */
    public GRU(int units, Activation activation, Activation recurrentActivation, boolean useBias, boolean resetAfter,
            Initializer kernelInitializer, Initializer recurrentInitializer, Initializer biasInitializer,
            boolean returnSequences, boolean returnState, boolean goBackwards, String name) {
        this(units, activation, recurrentActivation, useBias, resetAfter, kernelInitializer,
                recurrentInitializer, biasInitializer, null, null, null, null, 0, 0, returnSequences, returnState,
                goBackwards, null, null, null, name);
    }

    /** A GRU of {@code units} units with Keras's defaults ({@code resetAfter}), returning its last output. */
    public static GRU of(int units) {
        return new GRU(units, new Tanh(), new Sigmoid(), true, true, new GlorotUniform(), new Orthogonal(), new Zeros(),
                null, null, null, null, 0, 0, false, false, false, null, null, null, null);
    }

    /** With another activation phi (of the candidate h~; Keras's {@code activation}). */
    public GRU activation(Activation phi) {
        return Records.with(this, "activation", phi);
    }

    /** With another activation sigma of the gates z and r (Keras's {@code recurrent_activation}). */
    public GRU recurrentActivation(Activation sigma) {
        return Records.with(this, "recurrentActivation", sigma);
    }

    /** With or without the bias (Keras's {@code use_bias}). */
    public GRU useBias(boolean use) {
        return Records.with(this, "useBias", use);
    }

    /** Applying the reset gate after the recurrent product (true, the default) or to the state. */
    public GRU resetAfter(boolean after) {
        return Records.with(this, "resetAfter", after);
    }

    /** With another initializer of the input kernel W (Keras's {@code kernel_initializer}). */
    public GRU kernelInitializer(Initializer init) {
        return Records.with(this, "kernelInitializer", init);
    }

    /** With another initializer of the recurrent kernel U (Keras's {@code recurrent_initializer}). */
    public GRU recurrentInitializer(Initializer init) {
        return Records.with(this, "recurrentInitializer", init);
    }

    /** With another initializer of the bias (Keras's {@code bias_initializer}). */
    public GRU biasInitializer(Initializer init) {
        return Records.with(this, "biasInitializer", init);
    }

    /** With a penalty on the input kernel W (Keras's {@code kernel_regularizer}), or none when null. */
    public GRU kernelRegularizer(Regularizer penalty) {
        return Records.with(this, "kernelRegularizer", penalty);
    }

    /** With a penalty on the recurrent kernel U (Keras's {@code recurrent_regularizer}), or none when null. */
    public GRU recurrentRegularizer(Regularizer penalty) {
        return Records.with(this, "recurrentRegularizer", penalty);
    }

    /** With a penalty on the bias (Keras's {@code bias_regularizer}), or none when null. */
    public GRU biasRegularizer(Regularizer penalty) {
        return Records.with(this, "biasRegularizer", penalty);
    }

    /**
     * With a penalty on the outputs (Keras's {@code activity_regularizer}; see {@link Layer#activityRegularizer()}), or
     * none when null.
     */
    public GRU activityRegularizer(Regularizer penalty) {
        return Records.with(this, "activityRegularizer", penalty);
    }

    /**
     * With a constraint on the input kernel after each update (Keras's {@code kernel_constraint}), or none when null.
     */
    public GRU kernelConstraint(Constraint projection) {
        return Records.with(this, "kernelConstraint", projection);
    }

    /**
     * With a constraint on the recurrent kernel after each update (Keras's {@code recurrent_constraint}), or none when
     * null.
     */
    public GRU recurrentConstraint(Constraint projection) {
        return Records.with(this, "recurrentConstraint", projection);
    }

    /** With a constraint on the bias after each update (Keras's {@code bias_constraint}), or none when null. */
    public GRU biasConstraint(Constraint projection) {
        return Records.with(this, "biasConstraint", projection);
    }

    /** Dropping the fraction {@code rate} of the input's units while training (Keras's {@code dropout}). */
    public GRU dropout(double rate) {
        return Records.with(this, "dropout", rate);
    }

    /**
     * Dropping the fraction {@code rate} of the state's units in the recurrent product while training (Keras's {@code
     * recurrent_dropout}).
     */
    public GRU recurrentDropout(double rate) {
        return Records.with(this, "recurrentDropout", rate);
    }

    /** With or without every output. */
    public GRU returnSequences(boolean all) {
        return Records.with(this, "returnSequences", all);
    }

    /** With or without the final states. */
    public GRU returnState(boolean states) {
        return Records.with(this, "returnState", states);
    }

    /** Running forward or backward. */
    @Override
    public GRU goBackwards(boolean backwards) {
        return Records.with(this, "goBackwards", backwards);
    }

    /** With other initializers of W, U and the bias. */
    public GRU initializers(Initializer kernel, Initializer recurrent, Initializer bias) {
        return new GRU(units, activation, recurrentActivation, useBias, resetAfter, kernel, recurrent, bias,
                kernelRegularizer, recurrentRegularizer, biasRegularizer, activityRegularizer, dropout,
                recurrentDropout, returnSequences, returnState, goBackwards, kernelConstraint, recurrentConstraint,
                biasConstraint, name);
    }

    /** With a name. */
    public GRU named(String newName) {
        return Records.with(this, "name", newName);
    }

    @Override
    public int stateCount() {
        return 1;
    }

    @Override
    public String kind() {
        return "gru";
    }

    @Override
    public List<ParamSpec> params(Shape input) {
        List<ParamSpec> specs = new ArrayList<>(Recurrence.kernels(this, input, 3, kernelInitializer,
                recurrentInitializer));
        if (useBias) {
            Shape bias = resetAfter ? Shape.of(2, 3 * units) : Shape.of(3 * units);
            specs.add(ParamSpec.trainable("bias", bias, biasInitializer));
        }
        return Recurrence.penalizedAndConstrained(this, specs);
    }

    @Override
    public List<Node> applyAll(List<Node> inputs, LayerContext context) {
        Node u = context.param("recurrent_kernel");
        Node b = useBias ? context.param("bias") : null;
        Node inputBias = b == null ? null : resetAfter ? b.slice(0, 0, 1).squeeze(0) : b;
        Node recurrentBias = b != null && resetAfter ? b.slice(0, 1, 2).squeeze(0) : null;
        DropoutMasks masks = DropoutMasks.draw(this, context, inputs.get(0), 3);
        Node z = masks.project(inputs.get(0), context.param("kernel"), inputBias);
        int h = units;
        Recurrence.Cell cell = (xt, s) -> {
            Node state = s.get(0);
            Node update;
            Node reset;
            Node candidate;
            if (resetAfter) {
                Node r = masks.product(state, u, 0);
                r = recurrentBias == null ? r : r.add(recurrentBias);
                update = recurrentActivation.apply(xt.slice(-1, 0, h).add(r.slice(-1, 0, h)));
                reset = recurrentActivation.apply(xt.slice(-1, h, 2 * h).add(r.slice(-1, h, 2 * h)));
                candidate = activation.apply(xt.slice(-1, 2 * h, 3 * h).add(reset.mul(r.slice(-1, 2 * h, 3 * h))));
            } else {
                Node r = masks.product(state, u.slice(-1, 0, 2 * h), 0);
                update = recurrentActivation.apply(xt.slice(-1, 0, h).add(r.slice(-1, 0, h)));
                reset = recurrentActivation.apply(xt.slice(-1, h, 2 * h).add(r.slice(-1, h, 2 * h)));
                candidate = activation.apply(xt.slice(-1, 2 * h, 3 * h)
                        .add(reset.mul(masks.state(state, 2)).matmul(u.slice(-1, 2 * h, 3 * h))));
            }
            return List.of(update.mul(state).add(update.neg().add(1.0).mul(candidate)));
        };
        return Recurrence.run(this, inputs, z, context, cell);
    }
}
