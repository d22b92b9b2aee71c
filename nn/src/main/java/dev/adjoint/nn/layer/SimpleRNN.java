package dev.adjoint.nn.layer;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.constraint.Constraint;
import dev.adjoint.nn.activation.Activation;
import dev.adjoint.nn.activation.Tanh;
import dev.adjoint.nn.init.GlorotUniform;
import dev.adjoint.nn.init.Initializer;
import dev.adjoint.nn.init.Orthogonal;
import dev.adjoint.nn.init.Zeros;
import dev.adjoint.nn.regularizer.Regularizer;
import java.util.ArrayList;
import java.util.List;

/**
 * The Elman recurrent layer, {@code h' = phi(x_t W + h U + b)} with {@code W : [F, H]} (kernel),
 * {@code U : [H, H]} (recurrent_kernel) and {@code b : [H]}, Keras 3's {@code SimpleRNN}; its output is h.
 * Defaults as in Keras: tanh, Glorot-uniform kernel, orthogonal recurrent kernel, zero bias. The projections of
 * all steps are one matrix product; the recurrence runs in a scan ({@link Recurrence}). While training, with
 * {@code dropout} and {@code recurrentDropout}, {@code h' = phi((x_t ∘ m) W + b + (h ∘ r) U)}, the masks m and r
 * drawn once per sequence ({@link DropoutMasks}).
 *
 * <p>With a mask, a step where a row is absent keeps that row's states; at a row's absent first steps the output is
 * therefore the initial state: {@code h0} when initial states are given, as Keras 3's JAX backend outputs (its
 * TensorFlow backend outputs zeros there), zeros otherwise ({@link Recurrence}).
 *
 * @param units H
 * @param activation phi
 * @param useBias whether to add b
 * @param kernelInitializer draws W
 * @param recurrentInitializer draws U
 * @param biasInitializer draws b
 * @param kernelRegularizer the penalty on W, or null
 * @param recurrentRegularizer the penalty on U, or null
 * @param biasRegularizer the penalty on b, or null
 * @param activityRegularizer the penalty on the outputs ({@link Layer#activityRegularizer()}), or null
 * @param dropout the fraction of the input's units dropped while training, in [0, 1)
 * @param recurrentDropout the fraction of the state's units dropped in {@code h U} while training, in [0, 1)
 * @param returnSequences return every output {@code [N, T, H]} instead of the last {@code [N, H]}
 * @param returnState also return the final state h
 * @param goBackwards run the sequence from its end
 * @param kernelConstraint the projection of the input kernel after each update, or null
 * @param recurrentConstraint the projection of the recurrent kernel after each update, or null
 * @param biasConstraint the projection of the bias after each update, or null
 * @param name the layer's name, or null
 */
public record SimpleRNN(int units, Activation activation, boolean useBias, Initializer kernelInitializer,
        Initializer recurrentInitializer, Initializer biasInitializer, Regularizer kernelRegularizer,
        Regularizer recurrentRegularizer, Regularizer biasRegularizer, Regularizer activityRegularizer,
        double dropout, double recurrentDropout, boolean returnSequences, boolean returnState, boolean goBackwards,
        Constraint kernelConstraint, Constraint recurrentConstraint, Constraint biasConstraint, String name)
        implements Recurrent {

    /** Validates the configuration. */
    public SimpleRNN {
        if (units <= 0) {
            throw new IllegalArgumentException(LayerArguments.describe("SimpleRNN", name)
                    + ": units must be > 0, got " + units);
        }
        LayerArguments.nonNull(activation, "SimpleRNN", name, "activation", "use new Linear() for none");
        LayerArguments.nonNull(kernelInitializer, "SimpleRNN", name, "kernelInitializer");
        LayerArguments.nonNull(recurrentInitializer, "SimpleRNN", name, "recurrentInitializer");
        LayerArguments.nonNull(biasInitializer, "SimpleRNN", name, "biasInitializer");
        Recurrence.checkRate("SimpleRNN", "dropout", dropout);
        Recurrence.checkRate("SimpleRNN", "recurrentDropout", recurrentDropout);
    }

    /** A SimpleRNN layer without regularizers (the form before it had them). */
    public SimpleRNN(int units, Activation activation, boolean useBias, Initializer kernelInitializer,
            Initializer recurrentInitializer, Initializer biasInitializer, double dropout, double recurrentDropout,
            boolean returnSequences, boolean returnState, boolean goBackwards, Constraint kernelConstraint,
            Constraint recurrentConstraint, Constraint biasConstraint, String name) {
        this(units, activation, useBias, kernelInitializer, recurrentInitializer, biasInitializer, null,
                null, null, null, dropout, recurrentDropout, returnSequences, returnState, goBackwards,
                kernelConstraint, recurrentConstraint, biasConstraint, name);
    }

    /** A SimpleRNN layer without regularizers and constraints (the form before it had them). */
    public SimpleRNN(int units, Activation activation, boolean useBias, Initializer kernelInitializer,
            Initializer recurrentInitializer, Initializer biasInitializer, double dropout, double recurrentDropout,
            boolean returnSequences, boolean returnState, boolean goBackwards, String name) {
        this(units, activation, useBias, kernelInitializer, recurrentInitializer, biasInitializer, null,
                null, null, null, dropout, recurrentDropout, returnSequences, returnState, goBackwards, null, null,
                null, name);
    }

    /** A SimpleRNN without dropout: the configuration before {@code dropout} and {@code recurrentDropout}. */
    public SimpleRNN(int units, Activation activation, boolean useBias, Initializer kernelInitializer,
            Initializer recurrentInitializer, Initializer biasInitializer, boolean returnSequences,
            boolean returnState, boolean goBackwards, String name) {
        this(units, activation, useBias, kernelInitializer, recurrentInitializer, biasInitializer, null,
                null, null, null, 0, 0, returnSequences, returnState, goBackwards, null, null, null, name);
    }

    /** A SimpleRNN of {@code units} units with Keras's defaults, returning its last output. */
    public static SimpleRNN of(int units) {
        return new SimpleRNN(units, new Tanh(), true, new GlorotUniform(), new Orthogonal(), new Zeros(), null, null,
                null, null, 0, 0, false, false, false, null, null, null, null);
    }

    /** With another activation phi (Keras's {@code activation}). */
    public SimpleRNN activation(Activation phi) {
        return Records.with(this, "activation", phi);
    }

    /** With or without the bias b (Keras's {@code use_bias}). */
    public SimpleRNN useBias(boolean use) {
        return Records.with(this, "useBias", use);
    }

    /** With another initializer of the input kernel W (Keras's {@code kernel_initializer}). */
    public SimpleRNN kernelInitializer(Initializer init) {
        return Records.with(this, "kernelInitializer", init);
    }

    /** With another initializer of the recurrent kernel U (Keras's {@code recurrent_initializer}). */
    public SimpleRNN recurrentInitializer(Initializer init) {
        return Records.with(this, "recurrentInitializer", init);
    }

    /** With another initializer of the bias (Keras's {@code bias_initializer}). */
    public SimpleRNN biasInitializer(Initializer init) {
        return Records.with(this, "biasInitializer", init);
    }

    /** With a penalty on the input kernel W (Keras's {@code kernel_regularizer}), or none when null. */
    public SimpleRNN kernelRegularizer(Regularizer penalty) {
        return Records.with(this, "kernelRegularizer", penalty);
    }

    /** With a penalty on the recurrent kernel U (Keras's {@code recurrent_regularizer}), or none when null. */
    public SimpleRNN recurrentRegularizer(Regularizer penalty) {
        return Records.with(this, "recurrentRegularizer", penalty);
    }

    /** With a penalty on the bias (Keras's {@code bias_regularizer}), or none when null. */
    public SimpleRNN biasRegularizer(Regularizer penalty) {
        return Records.with(this, "biasRegularizer", penalty);
    }

    /**
     * With a penalty on the outputs (Keras's {@code activity_regularizer}; see {@link Layer#activityRegularizer()}), or
     * none when null.
     */
    public SimpleRNN activityRegularizer(Regularizer penalty) {
        return Records.with(this, "activityRegularizer", penalty);
    }

    /**
     * With a constraint on the input kernel after each update (Keras's {@code kernel_constraint}), or none when null.
     */
    public SimpleRNN kernelConstraint(Constraint projection) {
        return Records.with(this, "kernelConstraint", projection);
    }

    /**
     * With a constraint on the recurrent kernel after each update (Keras's {@code recurrent_constraint}), or none when
     * null.
     */
    public SimpleRNN recurrentConstraint(Constraint projection) {
        return Records.with(this, "recurrentConstraint", projection);
    }

    /** With a constraint on the bias after each update (Keras's {@code bias_constraint}), or none when null. */
    public SimpleRNN biasConstraint(Constraint projection) {
        return Records.with(this, "biasConstraint", projection);
    }

    /** Dropping the fraction {@code rate} of the input's units while training (Keras's {@code dropout}). */
    public SimpleRNN dropout(double rate) {
        return Records.with(this, "dropout", rate);
    }

    /**
     * Dropping the fraction {@code rate} of the state's units in the recurrent product while training (Keras's {@code
     * recurrent_dropout}).
     */
    public SimpleRNN recurrentDropout(double rate) {
        return Records.with(this, "recurrentDropout", rate);
    }

    /** With or without every output. */
    public SimpleRNN returnSequences(boolean all) {
        return Records.with(this, "returnSequences", all);
    }

    /** With or without the final states. */
    public SimpleRNN returnState(boolean states) {
        return Records.with(this, "returnState", states);
    }

    /** Running forward or backward. */
    @Override
    public SimpleRNN goBackwards(boolean backwards) {
        return Records.with(this, "goBackwards", backwards);
    }

    /** With other initializers of W, U and b. */
    public SimpleRNN initializers(Initializer kernel, Initializer recurrent, Initializer bias) {
        return new SimpleRNN(units, activation, useBias, kernel, recurrent, bias, kernelRegularizer,
                recurrentRegularizer, biasRegularizer, activityRegularizer, dropout, recurrentDropout, returnSequences,
                returnState, goBackwards, kernelConstraint, recurrentConstraint, biasConstraint, name);
    }

    /** With a name. */
    public SimpleRNN named(String newName) {
        return Records.with(this, "name", newName);
    }

    @Override
    public int stateCount() {
        return 1;
    }

    @Override
    public String kind() {
        return "simple_rnn";
    }

    @Override
    public List<ParamSpec> params(Shape input) {
        List<ParamSpec> specs = new ArrayList<>(Recurrence.kernels(this, input, 1, kernelInitializer,
                recurrentInitializer));
        if (useBias) {
            specs.add(ParamSpec.trainable("bias", Shape.of(units), biasInitializer));
        }
        return Recurrence.penalizedAndConstrained(this, specs);
    }

    @Override
    public List<Node> applyAll(List<Node> inputs, LayerContext context) {
        Node u = context.param("recurrent_kernel");
        DropoutMasks masks = DropoutMasks.draw(this, context, inputs.get(0), 1);
        Node z = masks.project(inputs.get(0), context.param("kernel"), useBias ? context.param("bias") : null);
        return Recurrence.run(this, inputs, z, context,
                (xt, s) -> List.of(activation.apply(xt.add(masks.product(s.get(0), u, 0)))));
    }
}
