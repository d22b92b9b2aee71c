package dev.adjoint.nn.layer;

import dev.adjoint.core.graph.ControlFlowOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.Scan;
import dev.adjoint.core.tensor.Shape;
import java.util.List;

/**
 * A layer applied to every time step of a sequence with the same weights, as Keras's {@code TimeDistributed}:
 * for {@code x : [N, T, ...]}, {@code y[:, t] = layer(x[:, t])}. The steps run in a {@link Scan} whose body is
 * the layer (the batch axis stays symbolic, so the steps cannot be folded into it). A layer that already works
 * on any leading axes, such as {@link Dense}, gives the same result applied directly, in one matrix product. The
 * layer's random draws (dropout) use the same mask at every step, and a layer with state updates (batch
 * normalization's moving averages) cannot be distributed. A mask of the sequence ({@code [N, T]}, over the steps)
 * is not the wrapped layer's: the layer sees an input without a mask (an LSTM inside reads all of its own steps),
 * and the output keeps the sequence's mask, as Keras's wrapper does. The layer's activity regularizer adds nothing
 * here: Keras 3's wrapper runs the layer's {@code call} on each step, bypassing {@code Layer.__call__}, which is
 * where the activity loss is added ({@link Layer#activityRegularizer()}). Nor do the copies of a
 * {@link Bidirectional} inside (a difference: Keras's {@code Bidirectional.call} calls them as layers, so their
 * penalties add up over the steps there).
 *
 * @param layer the layer applied per step
 * @param name the layer's name, or null
 */
public record TimeDistributed(Layer layer, String name) implements Layer {

    /** Validates the configuration. */
    public TimeDistributed {
        LayerArguments.nonNull(layer, "TimeDistributed", name, "layer");
    }

    /** {@code layer} at every time step. */
    public static TimeDistributed of(Layer layer) {
        return new TimeDistributed(layer, null);
    }

    /** With a name. */
    public TimeDistributed named(String newName) {
        return new TimeDistributed(layer, newName);
    }

    @Override
    public String kind() {
        return "time_distributed";
    }

    private Shape step(Shape input) {
        if (input.rank() < 3 || input.dim(1) == Shape.BATCH) {
            throw new IllegalArgumentException(LayerArguments.describe("TimeDistributed", name)
                    + ": input must be a sequence [N, T, ...], got " + input);
        }
        return input.drop(1);
    }

    /**
     * The shape of the layer's one output for a step of {@code input}; the layer's own errors name the path to it
     * ({@code time_distributed > lstm: ...}, a named wrapper by its type and name, {@code TimeDistributed 'td' >
     * lstm: ...}), as does the error for a layer of several outputs (a recurrent layer with {@code returnState}),
     * which cannot be distributed.
     */
    @Override
    public Shape outputShape(Shape input) {
        Shape step = step(input);
        List<Shape> outputs = LayerPath.within(this, layer, () -> layer.outputShapes(List.of(step)));
        if (outputs.size() != 1) {
            String hint = layer instanceof Recurrent || layer instanceof Bidirectional ? "; build it with"
                    + " returnState(false)" : "";
            throw new IllegalArgumentException(LayerPath.label(this) + " > " + LayerPath.relative(layer, "returns "
                    + outputs.size() + " outputs " + outputs + ", TimeDistributed applies a layer of one output"
                    + hint));
        }
        Shape y = outputs.get(0);
        if (y.rank() < 1 || y.dim(0) != input.dim(0)) {
            throw new IllegalArgumentException(LayerArguments.describe("TimeDistributed", name)
                    + ": the layer must keep the batch axis, got " + y + " for " + step);
        }
        int[] dims = new int[y.rank() + 1];
        dims[0] = input.dim(0);
        dims[1] = input.dim(1);
        System.arraycopy(y.dims(), 1, dims, 2, y.rank() - 1);
        return Shape.of(dims);
    }

    @Override
    public List<ParamSpec> params(Shape input) {
        Shape step = step(input);
        return LayerPath.within(this, layer, () -> layer.params(step));
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        int rank = x.rank();
        int[] timeFirst = new int[rank];
        timeFirst[0] = 1;
        timeFirst[1] = 0;
        for (int a = 2; a < rank; a++) {
            timeFirst[a] = a;
        }
        Scan.Result r = ControlFlowOp.scan(List.of(), List.of(x.permute(timeFirst)),
                (none, xt) -> new Scan.Step(List.of(), List.of(layer.apply(xt.get(0), new Step(context)))));
        Node ys = r.ys().get(0);
        int[] batchFirst = new int[ys.rank()];
        batchFirst[0] = 1;
        batchFirst[1] = 0;
        for (int a = 2; a < ys.rank(); a++) {
            batchFirst[a] = a;
        }
        return ys.permute(batchFirst);
    }

    /** The context of one step: the wrapper's, with no mask in and none set by the wrapped layer. */
    private static final class Step extends ForwardingContext {
        Step(LayerContext outer) {
            super(outer);
        }

        @Override
        public Node mask() {
            return null;
        }

        @Override
        public void maskOutput(Node mask) {
            // the wrapper's output keeps the sequence's mask
        }

        /**
         * Drops an activity loss a layer inside the step adds (a Bidirectional's copies): the step runs in a loop
         * body, whose nodes cannot reach the model's objective, and the wrapper adds no activity loss.
         */
        @Override
        public void addActivityLoss(dev.adjoint.nn.regularizer.Regularizer regularizer, Node y) {
        }
    }
}
