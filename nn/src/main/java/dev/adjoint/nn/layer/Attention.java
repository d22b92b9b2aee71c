package dev.adjoint.nn.layer;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.init.Ones;
import java.util.ArrayList;
import java.util.List;

/**
 * Dot-product attention (Luong, Pham and Manning 2015), as Keras 3's {@code Attention}: a query sequence
 * {@code q : [N, Tq, F]} attends to a value sequence {@code v : [N, Tv, Fv]} through keys {@code k : [N, Tv, F]}
 * (the value by default), with no projections. The scores of query i against key j are
 *
 * <pre>
 * "dot":     S[n, i, j] = s · sum_f q[n, i, f] k[n, j, f]
 * "concat":  S[n, i, j] = w · sum_f tanh(s (q[n, i, f] + k[n, j, f]))
 * </pre>
 *
 * with the trainable scalars {@code s} ({@code scale}, initialized to 1, only with {@code useScale}; else s = 1)
 * and {@code w} ({@code concat_score_weight}, initialized to 1, only in {@code "concat"} mode); the output is
 * {@code softmax_j(S) · v} with the masks, the causal mask and dropout as {@link DenseAttention} describes: the
 * value's mask (input 1) biases masked keys by -1e9 before the softmax, the query's mask (input 0) zeroes output
 * rows and passes to the output. The inputs are {@code [query, value]} or {@code [query, value, key]} as in Keras;
 * one input attends to itself (query = value = key, as {@link MultiHeadAttention} takes one), which is how a
 * {@code Sequential} model holds the layer. Keras's call arguments {@code use_causal_mask} and
 * {@code return_attention_scores} are fields here, as {@link MultiHeadAttention}'s; the scores are a second output
 * {@code [N, Tq, Tv]}. Defaults as in Keras: no scale, {@code "dot"}, no dropout.
 *
 * @param useScale whether the scores have the trainable factor {@code scale}
 * @param scoreMode {@code "dot"} or {@code "concat"}
 * @param dropout the rate of dropout on the attention weights while training, in [0, 1)
 * @param useCausalMask whether query i attends only to keys {@code j <= i}
 * @param returnAttentionScores whether the layer also gives the attention weights as a second output
 * @param name the layer's name, or null
 */
public record Attention(boolean useScale, String scoreMode, double dropout, boolean useCausalMask,
        boolean returnAttentionScores, String name) implements Layer {

    /** Validates the configuration. */
    public Attention {
        LayerArguments.nonNull(scoreMode, "Attention", name, "scoreMode");
        if (!scoreMode.equals("dot") && !scoreMode.equals("concat")) {
            throw new IllegalArgumentException(LayerArguments.describe("Attention", name)
                    + ": scoreMode must be \"dot\" or \"concat\", got \"" + scoreMode + "\"");
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException(LayerArguments.describe("Attention", name)
                    + ": dropout must be in [0, 1), got " + dropout);
        }
    }

    /** Keras's defaults: dot-product scores without scale, no dropout, no causal mask, one output. */
    public static Attention of() {
        return new Attention(false, "dot", 0, false, false, null);
    }

    /** With or without the trainable factor {@code scale}. */
    public Attention useScale(boolean use) {
        return new Attention(use, scoreMode, dropout, useCausalMask, returnAttentionScores, name);
    }

    /** Scoring by {@code "dot"} or {@code "concat"}. */
    public Attention scoreMode(String mode) {
        return new Attention(useScale, mode, dropout, useCausalMask, returnAttentionScores, name);
    }

    /** With dropout of the given rate on the attention weights while training. */
    public Attention dropout(double rate) {
        return new Attention(useScale, scoreMode, rate, useCausalMask, returnAttentionScores, name);
    }

    /** With or without the causal mask. */
    public Attention causal(boolean causal) {
        return new Attention(useScale, scoreMode, dropout, causal, returnAttentionScores, name);
    }

    /** With or without the attention weights {@code [N, Tq, Tv]} as a second output. */
    public Attention returnAttentionScores(boolean scores) {
        return new Attention(useScale, scoreMode, dropout, useCausalMask, scores, name);
    }

    /** With a name. */
    public Attention named(String newName) {
        return new Attention(useScale, scoreMode, dropout, useCausalMask, returnAttentionScores, newName);
    }

    @Override
    public String kind() {
        return "attention";
    }

    @Override
    public Shape outputShape(Shape input) {
        return outputShapes(List.of(input)).get(0);
    }

    /** {@code [N, Tq, Fv]}, and with {@code returnAttentionScores} {@code [N, Tq, Tv]}. */
    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        return DenseAttention.outputShapes("Attention", inputs, returnAttentionScores);
    }

    @Override
    public List<ParamSpec> params(Shape input) {
        return params(List.of(input));
    }

    /** {@code scale} and {@code concat_score_weight}, scalars, when the configuration has them. */
    @Override
    public List<ParamSpec> params(List<Shape> inputs) {
        outputShapes(inputs);
        List<ParamSpec> specs = new ArrayList<>();
        if (useScale) {
            specs.add(ParamSpec.trainable("scale", Shape.scalar(), new Ones()));
        }
        if (scoreMode.equals("concat")) {
            specs.add(ParamSpec.trainable("concat_score_weight", Shape.scalar(), new Ones()));
        }
        return specs;
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        return applyAll(List.of(x), context).get(0);
    }

    @Override
    public List<Node> applyAll(List<Node> inputs, LayerContext context) {
        Node[] qvk = DenseAttention.queryValueKey(inputs);
        Node query = qvk[0];
        Node key = qvk[2];
        Node scores;
        if (scoreMode.equals("dot")) {
            scores = query.matmul(key.permute(0, 2, 1));
            scores = useScale ? scores.mul(context.param("scale")) : scores;
        } else {
            Node sums = query.unsqueeze(2).add(key.unsqueeze(1)); // [N, Tq, Tv, F]
            sums = useScale ? sums.mul(context.param("scale")) : sums;
            scores = sums.tanh().sum(3).mul(context.param("concat_score_weight"));
        }
        return DenseAttention.attend(scores, inputs, context, dropout, useCausalMask, returnAttentionScores);
    }
}
