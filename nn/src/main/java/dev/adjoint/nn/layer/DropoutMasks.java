package dev.adjoint.nn.layer;

import dev.adjoint.core.graph.MovementOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.RandomOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * The dropout masks of a recurrent layer ({@link Recurrent#dropout()}, {@link Recurrent#recurrentDropout()}),
 * with Keras 3's semantics: while training, the input {@code x_t} of every step is multiplied by a mask
 * {@code m : [N, F]} and the state h that enters the recurrent product by a mask {@code r : [N, H]}, both drawn
 * once per sequence, so every step of a sequence sees the same masks (Gal and Ghahramani 2016). Each element is
 * {@code Bernoulli(1 - rate) / (1 - rate)}: 0, or {@code 1 / (1 - rate)}, so that its mean is 1. Row n is drawn
 * from the step's key, the layer's salt and example n's index in the training data (as {@link Dropout} draws),
 * the input masks and the state masks from two streams of the salt.
 *
 * <p>How many masks: as Keras 3's cells, the gate blocks (i, f, c, o of an LSTM; z, r, h of a GRU) share one input
 * mask when {@code recurrentDropout = 0}, so that the input projection stays one matrix product over all steps,
 * {@code (x ∘ m) W}; with {@code recurrentDropout > 0} (Keras's {@code implementation = 1}) each block g has its
 * own input mask {@code m_g} and state mask {@code r_g}: {@code z_g = (x_t ∘ m_g) W_g + b_g + (h ∘ r_g) U_g}. No
 * masks at inference or when both rates are 0: the layer's graph is then the one without dropout.
 *
 * @param input the input masks {@code [N, F]}: none, one shared by the gate blocks, or one per block
 * @param recurrent the state masks {@code [N, H]}: none, or one per gate block
 */
record DropoutMasks(List<Node> input, List<Node> recurrent) {

    /** No masks: inference, or rates of 0. */
    static final DropoutMasks NONE = new DropoutMasks(List.of(), List.of());

    /** Copies the lists. */
    DropoutMasks {
        input = List.copyOf(input);
        recurrent = List.copyOf(recurrent);
    }

    /**
     * The masks of {@code layer}, whose cell has {@code gates} blocks of H columns, for the sequence
     * {@code x : [N, T, F]}: {@link #NONE} unless training with a rate above 0.
     */
    static DropoutMasks draw(Recurrent layer, LayerContext context, Node x, int gates) {
        if (!context.training() || layer.dropout() == 0 && layer.recurrentDropout() == 0) {
            return NONE;
        }
        int count = layer.recurrentDropout() > 0 ? gates : 1;
        int n = x.shape().dim(0);
        return new DropoutMasks(
                masks(context, Shape.of(n, count, x.shape().dim(2)), x.dtype(), layer.dropout(), 0),
                masks(context, Shape.of(n, count, layer.units()), x.dtype(), layer.recurrentDropout(), 1));
    }

    /**
     * {@code shape[1]} masks of {@code shape} without its axis 1 ({@code [N, F]}, or {@code [N, s..., C]}),
     * drawn in one piece from stream {@code stream}: none when {@code rate} is 0.
     */
    static List<Node> masks(LayerContext context, Shape shape, DType dtype, double rate, int stream) {
        if (rate == 0) {
            return List.of();
        }
        long salt = Key.of(context.salt()).fold(stream).seed(); // two streams that meet no other layer's salt
        Node scaled = RandomOp.bernoulliByRow(context.key(), context.rows(), shape, dtype, 1 - rate, salt)
                .cast(dtype).mul(1 / (1 - rate));
        List<Node> masks = new ArrayList<>();
        for (int g = 0; g < shape.dim(1); g++) {
            masks.add(scaled.slice(1, g, g + 1).squeeze(1));
        }
        return masks;
    }

    /**
     * The input projection of every step, time first, {@code [T, N, G]}: {@code x W (+ b)} without input masks
     * ({@link Recurrence#project}), {@code (x ∘ m) W (+ b)} with one, and block g of the columns
     * {@code (x ∘ m_g) W_g} with one per block.
     */
    Node project(Node x, Node kernel, Node bias) {
        if (input.isEmpty()) {
            return Recurrence.project(x, kernel, bias);
        }
        if (input.size() == 1) {
            return Recurrence.project(x.mul(input.get(0).unsqueeze(1)), kernel, bias);
        }
        int block = kernel.shape().dim(1) / input.size();
        List<Node> parts = new ArrayList<>();
        for (int g = 0; g < input.size(); g++) {
            parts.add(Recurrence.project(x.mul(input.get(g).unsqueeze(1)), kernel.slice(-1, g * block,
                    (g + 1) * block), null));
        }
        Node z = MovementOp.concat(-1, parts);
        return bias == null ? z : z.add(bias);
    }

    /** The state h as gate block {@code gate} sees it in its recurrent product: {@code h ∘ r_gate}, or h. */
    Node state(Node h, int gate) {
        return recurrent.isEmpty() ? h : h.mul(recurrent.get(gate));
    }

    /**
     * The recurrent product {@code h U} of the gate blocks {@code first, first + 1, ...} whose columns {@code u}
     * holds ({@code u : [H, blocks * H]}): {@code h U} without state masks, else block k of the columns
     * {@code (h ∘ r_(first + k)) U_k}.
     */
    Node product(Node h, Node u, int first) {
        if (recurrent.isEmpty()) {
            return h.matmul(u);
        }
        int units = h.shape().dim(-1);
        int blocks = u.shape().dim(1) / units;
        if (blocks == 1) {
            return state(h, first).matmul(u);
        }
        List<Node> parts = new ArrayList<>();
        for (int k = 0; k < blocks; k++) {
            parts.add(state(h, first + k).matmul(u.slice(-1, k * units, (k + 1) * units)));
        }
        return MovementOp.concat(-1, parts);
    }
}
