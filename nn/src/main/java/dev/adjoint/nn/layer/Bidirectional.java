package dev.adjoint.nn.layer;

import dev.adjoint.core.graph.MovementOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * A recurrent layer run both ways over the sequence, as Keras's {@code Bidirectional}: a forward copy and a
 * backward copy ({@link Recurrent#reversed()}) with weights of their own ({@code forward/kernel},
 * {@code backward/kernel}, ...), their outputs merged. With {@code returnSequences} the backward outputs are put
 * back in time order first, so that output t sees the whole sequence on both sides of t (for a layer that itself
 * {@code goBackwards}, Keras flips the other copy's outputs the same way, so both halves, and the merged output,
 * are in reverse time order: position k is step T-1-k); with a mask, the outputs at absent steps are zeros, as
 * Keras's wrapper makes them ({@code zero_output_for_mask}), wherever those steps sit in that order; the mask
 * passed on to the next layer is the input's, in time order, as Keras's {@code compute_mask} passes it (for a
 * {@code goBackwards} layer, not aligned with the reversed output: Keras's behaviour). Initial states, when
 * given, are the forward layer's then the backward layer's; with {@code returnState} the final states follow in
 * the same order. While training, the two copies draw dropout masks of their own
 * ({@link Recurrent#dropout()}). The layer's weight regularizers and constraints act on both copies' weights, and
 * its activity regularizer R on both copies' outputs, as Keras's two layers each add their own: the objective gains
 * {@code R(y) / N} for every output y of each copy (the sequence, in the copy's own time order and with zeros at
 * absent steps, then the final states with {@code returnState}; {@link LayerContext#addActivityLoss}). A shape
 * error of the layer names the path to it, {@code bidirectional > lstm: ...}, a named wrapper by its type and name,
 * {@code Bidirectional 'bi' > lstm: ...}.
 *
 * @param layer the forward layer
 * @param mergeMode how the two outputs become one
 * @param name the layer's name, or null
 */
public record Bidirectional(Recurrent layer, MergeMode mergeMode, String name) implements Layer {

    /** How the forward and backward outputs are merged (Keras's {@code merge_mode}). */
    public enum MergeMode {
        /** Joined along the last axis (the default): {@code 2 * units} features. */
        CONCAT,
        /** Added. */
        SUM,
        /** Multiplied. */
        MUL,
        /** Averaged. */
        AVE
    }

    /** Validates the configuration. */
    public Bidirectional {
        LayerArguments.nonNull(layer, "Bidirectional", name, "layer");
        LayerArguments.nonNull(mergeMode, "Bidirectional", name, "mergeMode");
    }

    /** {@code layer} run both ways, outputs concatenated. */
    public static Bidirectional of(Recurrent layer) {
        return new Bidirectional(layer, MergeMode.CONCAT, null);
    }

    /** With another merge mode. */
    public Bidirectional mergeMode(MergeMode mode) {
        return new Bidirectional(layer, mode, name);
    }

    /** With a name. */
    public Bidirectional named(String newName) {
        return new Bidirectional(layer, mergeMode, newName);
    }

    @Override
    public String kind() {
        return "bidirectional";
    }

    @Override
    public Shape outputShape(Shape input) {
        return outputShapes(List.of(input)).get(0);
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        int states = layer.stateCount();
        if (inputs.size() != 1 && inputs.size() != 1 + 2 * states) {
            throw new IllegalArgumentException(LayerArguments.describe("Bidirectional", name)
                    + ": takes a sequence and, optionally, " + 2 * states
                    + " initial states (forward, then backward), got " + inputs.size() + " inputs");
        }
        List<Shape> forward = LayerPath.within(this, layer, () -> layer.outputShapes(half(inputs, 0, states)));
        Recurrent reversed = layer.reversed();
        List<Shape> backward = LayerPath.within(this, reversed, () -> reversed.outputShapes(half(inputs, 1, states)));
        Shape out = forward.get(0);
        List<Shape> shapes = new ArrayList<>();
        shapes.add(mergeMode == MergeMode.CONCAT ? out.with(-1, 2 * out.dim(-1)) : out);
        shapes.addAll(forward.subList(1, forward.size()));
        shapes.addAll(backward.subList(1, backward.size()));
        return shapes;
    }

    /** {@code y} with its time axis (axis 1) reversed: a mask {@code [N, T]} or a sequence {@code [N, T, H]}. */
    private static Node flipTime(Node y) {
        int[] timeFirst = y.rank() == 2 ? new int[] {1, 0} : new int[] {1, 0, 2};
        return Recurrence.reversed(y.permute(timeFirst)).permute(timeFirst);
    }

    /** The sequence and the initial states of one direction (0 forward, 1 backward), if any. */
    private static <T> List<T> half(List<T> inputs, int direction, int states) {
        List<T> part = new ArrayList<>(List.of(inputs.get(0)));
        if (inputs.size() > 1) {
            part.addAll(inputs.subList(1 + direction * states, 1 + (direction + 1) * states));
        }
        return part;
    }

    @Override
    public List<ParamSpec> params(Shape input) {
        List<ParamSpec> specs = new ArrayList<>();
        for (ParamSpec p : LayerPath.within(this, layer, () -> layer.params(input))) {
            specs.add(new ParamSpec("forward/" + p.name(), p.shape(), p.initializer(), p.trainable(), p.regularizer(),
                    p.dtype(), p.constraint()));
        }
        for (ParamSpec p : layer.reversed().params(input)) {
            specs.add(new ParamSpec("backward/" + p.name(), p.shape(), p.initializer(), p.trainable(),
                    p.regularizer(), p.dtype(), p.constraint()));
        }
        return specs;
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        return Recurrence.single(this, applyAll(List.of(x), context));
    }

    @Override
    public List<Node> applyAll(List<Node> inputs, LayerContext context) {
        int states = layer.stateCount();
        List<Node> forward = layer.applyAll(half(inputs, 0, states), new Prefixed("forward/", 0, context));
        List<Node> backward = layer.reversed().applyAll(half(inputs, 1, states), new Prefixed("backward/", 1,
                context));
        Node f = forward.get(0);
        Node b = backward.get(0);
        if (layer.returnSequences() && context.mask() != null) {
            // each copy's outputs are in the order it ran: the forward one's in time order unless it goesBackwards
            Node present = context.mask().cast(f.dtype());
            Node flipped = flipTime(present);
            f = f.mul((layer.goBackwards() ? flipped : present).unsqueeze(-1));
            b = b.mul((layer.goBackwards() ? present : flipped).unsqueeze(-1));
        }
        if (layer.activityRegularizer() != null) {
            List<Node> outputs = new ArrayList<>(List.of(f));
            outputs.addAll(forward.subList(1, forward.size()));
            outputs.add(b);
            outputs.addAll(backward.subList(1, backward.size()));
            for (Node y : outputs) {
                context.addActivityLoss(layer.activityRegularizer(), y);
            }
        }
        if (layer.returnSequences()) { // back in the forward copy's order (Keras flips it for a goBackwards layer too)
            b = flipTime(b);
        }
        Node merged = switch (mergeMode) {
            case CONCAT -> MovementOp.concat(-1, f, b);
            case SUM -> f.add(b);
            case MUL -> f.mul(b);
            case AVE -> f.add(b).mul(0.5);
        };
        List<Node> out = new ArrayList<>(List.of(merged));
        out.addAll(forward.subList(1, forward.size()));
        out.addAll(backward.subList(1, backward.size()));
        context.maskOutput(layer.returnSequences() ? context.mask() : null);
        return out;
    }

    /**
     * The context of one direction: its parameters are the wrapper's under a prefix, and its random streams (the
     * layer's dropout masks) are salted by the direction too, so that the two copies draw masks of their own, as
     * Keras's two layers do.
     */
    private static final class Prefixed extends ForwardingContext {
        private final String prefix;
        private final int direction;

        Prefixed(String prefix, int direction, LayerContext outer) {
            super(outer);
            this.prefix = prefix;
            this.direction = direction;
        }

        @Override
        public long salt() {
            return Key.of(outer.salt()).fold(direction).seed();
        }

        @Override
        public Node param(String name) {
            return outer.param(prefix + name);
        }

        @Override
        public void updateState(String name, Node newValue) {
            outer.updateState(prefix + name, newValue);
        }

        @Override
        public void maskOutput(Node mask) {
            // the wrapper decides its own output's mask
        }
    }
}
