package dev.adjoint.nn.layer;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.RandomOp;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;

/**
 * What {@link Attention} and {@link AdditiveAttention} share once they have their scores (Keras's
 * {@code BaseDenseAttention}, which Keras 3's {@code Attention} keeps): the inputs' shape rule, and from the scores
 * {@code S : [N, Tq, Tv]} of each query i against each key j,
 *
 * <pre>
 * P = 1 - V ⊙ C                                   V[n, j] the value's mask, C[i, j] = [j &lt;= i] when causal
 * A = softmax_j(S - 1e9 P)                        the attention weights, [N, Tq, Tv]
 * y = Q ⊙ (Dropout(A) · value)                    [N, Tq, Fv], Q[n, i] the query's mask
 * </pre>
 *
 * Each mask counts as 1 where it is nonzero and as 1 where it is absent. As in Keras 3, masked keys get the large
 * negative score, not an exact zero weight: a row whose keys are all masked is a softmax of its shifted scores (uniform
 * in float32, where -1e9 swallows them; in float64 nearly the unmasked weights, the scores keeping their differences to
 * about 1e-7), and only the query's mask zeroes output rows. The key's own mask is not read (Keras reads the query's
 * and the value's). While training, the weights go through inverted dropout as in Keras: each kept with probability
 * {@code 1 - dropout} and scaled by {@code 1 / (1 - dropout)}, drawn from the step's key and each example's index as
 * {@link Dropout} draws; the weights a layer returns as its scores are these, as Keras's.
 */
final class DenseAttention {

    /** Keras's bias on a masked score (float32 and float64). */
    static final double MASKED = 1e9;

    private DenseAttention() {
    }

    /**
     * The output shapes: {@code [N, Tq, Fv]}, and with {@code returnScores} the weights' {@code [N, Tq, Tv]}.
     *
     * @param layer the layer's class name, for messages
     * @param inputs the query {@code [N, Tq, F]}, and optionally the value {@code [N, Tv, Fv]} and the key
     *     {@code [N, Tv, F]}; the value is the query and the key the value when absent
     */
    static List<Shape> outputShapes(String layer, List<Shape> inputs, boolean returnScores) {
        if (inputs.isEmpty() || inputs.size() > 3) {
            throw new IllegalArgumentException(layer + ": takes [query, value] or [query, value, key] (or one"
                    + " sequence, attending to itself), got " + inputs.size() + " inputs");
        }
        for (Shape s : inputs) {
            if (s.rank() != 3 || s.dim(1) == Shape.BATCH || s.dim(2) == Shape.BATCH) {
                throw new IllegalArgumentException(layer + ": inputs must be sequences [N, T, features], got " + s);
            }
            if (s.dim(0) != inputs.get(0).dim(0)) {
                throw new IllegalArgumentException(layer + ": the value and key must have the query's batch, got "
                        + s + " for " + inputs.get(0));
            }
        }
        Shape query = inputs.get(0);
        Shape value = inputs.get(inputs.size() > 1 ? 1 : 0);
        Shape key = inputs.get(inputs.size() - 1);
        if (value.dim(1) != key.dim(1)) {
            throw new IllegalArgumentException(layer + ": the value and key must have the same length, got " + value
                    + " and " + key);
        }
        if (key.dim(2) != query.dim(2)) {
            throw new IllegalArgumentException(layer + ": the query and key must have the same features, got "
                    + query + " and " + key);
        }
        Shape y = Shape.of(query.dim(0), query.dim(1), value.dim(2));
        return returnScores ? List.of(y, Shape.of(query.dim(0), query.dim(1), value.dim(1))) : List.of(y);
    }

    /** The query, value and key among the inputs (the value is the query, the key the value, when absent). */
    static Node[] queryValueKey(List<Node> inputs) {
        Node query = inputs.get(0);
        Node value = inputs.size() > 1 ? inputs.get(1) : query;
        return new Node[] {query, value, inputs.size() > 2 ? inputs.get(2) : value};
    }

    /**
     * The output and, with {@code returnScores}, the weights, from the scores {@code [N, Tq, Tv]}.
     *
     * @param scores S
     * @param inputs the layer's inputs, whose masks the context holds
     * @param dropout the rate of dropout on the weights while training
     * @param causal whether query i attends only to keys {@code j <= i}
     * @param returnScores whether the weights are a second output
     */
    static List<Node> attend(Node scores, List<Node> inputs, LayerContext context, double dropout, boolean causal,
            boolean returnScores) {
        Node value = queryValueKey(inputs)[1];
        int tq = scores.shape().dim(1);
        int tv = scores.shape().dim(2);
        Node allowed = null;
        Node valueMask = context.mask(inputs.size() > 1 ? 1 : 0);
        if (valueMask != null) {
            allowed = present(valueMask, scores).unsqueeze(1);
        }
        if (causal) {
            // [j <= i] of two index vectors, broadcast: tq + tv constants, not tq·tv
            Node lower = positions(scores, tv, Shape.of(1, 1, tv)).lessEqual(positions(scores, tq, Shape.of(1, tq, 1)))
                    .cast(scores.dtype());
            allowed = allowed == null ? lower : allowed.mul(lower);
        }
        Node masked = allowed == null ? scores : scores.sub(allowed.neg().add(1.0).mul(MASKED)); // S - 1e9 P
        Node weights = masked.softmax(2);
        if (context.training() && dropout > 0) {
            Node kept = RandomOp.bernoulliByRow(context.key(), context.rows(), weights.shape(), weights.dtype(),
                    1 - dropout, context.salt());
            weights = weights.mul(kept.cast(weights.dtype())).mul(1 / (1 - dropout));
        }
        Node y = weights.matmul(value);
        if (context.mask(0) != null) {
            y = y.mul(present(context.mask(0), y).unsqueeze(2));
        }
        return returnScores ? List.of(y, weights) : List.of(y);
    }

    /** 1 where the mask is nonzero, 0 elsewhere, in {@code like}'s dtype. */
    private static Node present(Node mask, Node like) {
        return mask.cast(like.dtype()).notEqual(0.0).cast(like.dtype());
    }

    /** The positions {@code 0 .. count-1} in {@code like}'s dtype, in the given shape (one axis of them). */
    private static Node positions(Node like, int count, Shape shape) {
        double[] index = new double[count];
        for (int i = 0; i < count; i++) {
            index[i] = i;
        }
        return SourceOp.constant(Tensor.of(like.dtype(), shape, index));
    }
}
