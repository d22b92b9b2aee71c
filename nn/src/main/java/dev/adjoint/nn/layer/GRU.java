package dev.adjoint.nn.layer;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.activation.Activation;
import dev.adjoint.nn.activation.Sigmoid;
import dev.adjoint.nn.activation.Tanh;
import dev.adjoint.nn.init.GlorotUniform;
import dev.adjoint.nn.init.Initializer;
import dev.adjoint.nn.init.Orthogonal;
import dev.adjoint.nn.init.Zeros;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

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
 * @param units H
 * @param activation phi
 * @param recurrentActivation sigma
 * @param useBias whether to add the bias
 * @param resetAfter whether the reset gate multiplies the recurrent product (true) or the state (false)
 * @param kernelInitializer draws W
 * @param recurrentInitializer draws U
 * @param biasInitializer draws the bias
 * @param returnSequences return every output {@code [N, T, H]} instead of the last {@code [N, H]}
 * @param returnState also return the final state h
 * @param goBackwards run the sequence from its end
 * @param name the layer's name, or null
 */
public record GRU(int units, Activation activation, Activation recurrentActivation, boolean useBias,
        boolean resetAfter, Initializer kernelInitializer, Initializer recurrentInitializer,
        Initializer biasInitializer, boolean returnSequences, boolean returnState, boolean goBackwards, String name)
        implements Recurrent {

    /** Validates the configuration. */
    public GRU {
        if (units <= 0) {
            throw new IllegalArgumentException("GRU: units must be > 0, got " + units);
        }
        Objects.requireNonNull(activation, "activation is null");
        Objects.requireNonNull(recurrentActivation, "recurrentActivation is null");
        Objects.requireNonNull(kernelInitializer, "kernelInitializer is null");
        Objects.requireNonNull(recurrentInitializer, "recurrentInitializer is null");
        Objects.requireNonNull(biasInitializer, "biasInitializer is null");
    }

    /** A GRU of {@code units} units with Keras's defaults ({@code resetAfter}), returning its last output. */
    public static GRU of(int units) {
        return new GRU(units, new Tanh(), new Sigmoid(), true, true, new GlorotUniform(), new Orthogonal(),
                new Zeros(), false, false, false, null);
    }

    /** With or without every output. */
    public GRU returnSequences(boolean all) {
        return new GRU(units, activation, recurrentActivation, useBias, resetAfter, kernelInitializer,
                recurrentInitializer, biasInitializer, all, returnState, goBackwards, name);
    }

    /** With or without the final state. */
    public GRU returnState(boolean state) {
        return new GRU(units, activation, recurrentActivation, useBias, resetAfter, kernelInitializer,
                recurrentInitializer, biasInitializer, returnSequences, state, goBackwards, name);
    }

    /** Running forward or backward. */
    @Override
    public GRU goBackwards(boolean backwards) {
        return new GRU(units, activation, recurrentActivation, useBias, resetAfter, kernelInitializer,
                recurrentInitializer, biasInitializer, returnSequences, returnState, backwards, name);
    }

    /** Applying the reset gate after the recurrent product (true, the default) or to the state. */
    public GRU resetAfter(boolean after) {
        return new GRU(units, activation, recurrentActivation, useBias, after, kernelInitializer,
                recurrentInitializer, biasInitializer, returnSequences, returnState, goBackwards, name);
    }

    /** With other initializers of W, U and the bias. */
    public GRU initializers(Initializer kernel, Initializer recurrent, Initializer bias) {
        return new GRU(units, activation, recurrentActivation, useBias, resetAfter, kernel, recurrent, bias,
                returnSequences, returnState, goBackwards, name);
    }

    /** With a name. */
    public GRU named(String newName) {
        return new GRU(units, activation, recurrentActivation, useBias, resetAfter, kernelInitializer,
                recurrentInitializer, biasInitializer, returnSequences, returnState, goBackwards, newName);
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
        return specs;
    }

    @Override
    public List<Node> applyAll(List<Node> inputs, LayerContext context) {
        Node u = context.param("recurrent_kernel");
        Node b = useBias ? context.param("bias") : null;
        Node inputBias = b == null ? null : resetAfter ? b.slice(0, 0, 1).squeeze(0) : b;
        Node recurrentBias = b != null && resetAfter ? b.slice(0, 1, 2).squeeze(0) : null;
        Node z = Recurrence.project(inputs.get(0), context.param("kernel"), inputBias);
        int h = units;
        Recurrence.Cell cell = (xt, s) -> {
            Node state = s.get(0);
            Node update;
            Node reset;
            Node candidate;
            if (resetAfter) {
                Node r = state.matmul(u);
                r = recurrentBias == null ? r : r.add(recurrentBias);
                update = recurrentActivation.apply(xt.slice(-1, 0, h).add(r.slice(-1, 0, h)));
                reset = recurrentActivation.apply(xt.slice(-1, h, 2 * h).add(r.slice(-1, h, 2 * h)));
                candidate = activation.apply(xt.slice(-1, 2 * h, 3 * h).add(reset.mul(r.slice(-1, 2 * h, 3 * h))));
            } else {
                Node r = state.matmul(u.slice(-1, 0, 2 * h));
                update = recurrentActivation.apply(xt.slice(-1, 0, h).add(r.slice(-1, 0, h)));
                reset = recurrentActivation.apply(xt.slice(-1, h, 2 * h).add(r.slice(-1, h, 2 * h)));
                candidate = activation.apply(xt.slice(-1, 2 * h, 3 * h)
                        .add(reset.mul(state).matmul(u.slice(-1, 2 * h, 3 * h))));
            }
            return List.of(update.mul(state).add(update.neg().add(1.0).mul(candidate)));
        };
        return Recurrence.run(this, inputs, z, context, cell);
    }
}
