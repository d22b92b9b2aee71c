package dev.adjoint.nn.layer;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.init.GlorotUniform;
import java.util.List;

/**
 * Additive attention (Bahdanau, Cho and Bengio 2015), as Keras 3's {@code AdditiveAttention}: a query sequence
 * {@code q : [N, Tq, F]} attends to a value sequence {@code v : [N, Tv, Fv]} through keys {@code k : [N, Tv, F]}
 * (the value by default), with no projections. The scores of query i against key j are
 *
 * <pre>
 * S[n, i, j] = sum_f s[f] tanh(q[n, i, f] + k[n, j, f])
 * </pre>
 *
 * with the trainable {@code scale} {@code s : [F]} (Glorot-uniform, only with {@code useScale}; else s = 1); the
 * output is {@code softmax_j(S) · v} with the masks, the causal mask and dropout as {@link DenseAttention} describes:
 * the value's mask (input 1) biases masked keys by -1e9 before the softmax, the query's mask (input 0) zeroes output
 * rows and passes to the output. Inputs as {@link Attention} takes them ({@code [query, value]},
 * {@code [query, value, key]}, or one sequence attending to itself); {@code use_causal_mask} and
 * {@code return_attention_scores} are fields, the scores a second output {@code [N, Tq, Tv]}. Defaults as in Keras:
 * with scale, no dropout.
 *
 * @param useScale whether the scores have the trainable factors {@code scale}
 * @param dropout the rate of dropout on the attention weights while training, in [0, 1)
 * @param useCausalMask whether query i attends only to keys {@code j <= i}
 * @param returnAttentionScores whether the layer also gives the attention weights as a second output
 * @param name the layer's name, or null
 */
public record AdditiveAttention(boolean useScale, double dropout, boolean useCausalMask,
        boolean returnAttentionScores, String name) implements Layer {

    /** Validates the configuration. */
    public AdditiveAttention {
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException(LayerArguments.describe("AdditiveAttention", name)
                    + ": dropout must be in [0, 1), got " + dropout);
        }
    }

    /** Keras's defaults: with scale, no dropout, no causal mask, one output. */
    public static AdditiveAttention of() {
        return new AdditiveAttention(true, 0, false, false, null);
    }

    /** With or without the trainable factors {@code scale}. */
    public AdditiveAttention useScale(boolean use) {
        return new AdditiveAttention(use, dropout, useCausalMask, returnAttentionScores, name);
    }

    /** With dropout of the given rate on the attention weights while training. */
    public AdditiveAttention dropout(double rate) {
        return new AdditiveAttention(useScale, rate, useCausalMask, returnAttentionScores, name);
    }

    /** With or without the causal mask. */
    public AdditiveAttention causal(boolean causal) {
        return new AdditiveAttention(useScale, dropout, causal, returnAttentionScores, name);
    }

    /** With or without the attention weights {@code [N, Tq, Tv]} as a second output. */
    public AdditiveAttention returnAttentionScores(boolean scores) {
        return new AdditiveAttention(useScale, dropout, useCausalMask, scores, name);
    }

    /** With a name. */
    public AdditiveAttention named(String newName) {
        return new AdditiveAttention(useScale, dropout, useCausalMask, returnAttentionScores, newName);
    }

    @Override
    public String kind() {
        return "additive_attention";
    }

    @Override
    public Shape outputShape(Shape input) {
        return outputShapes(List.of(input)).get(0);
    }

    /** {@code [N, Tq, Fv]}, and with {@code returnAttentionScores} {@code [N, Tq, Tv]}. */
    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        return DenseAttention.outputShapes("AdditiveAttention", inputs, returnAttentionScores);
    }

    @Override
    public List<ParamSpec> params(Shape input) {
        return params(List.of(input));
    }

    /** {@code scale : [F]}, F the query's features, with {@code useScale}. */
    @Override
    public List<ParamSpec> params(List<Shape> inputs) {
        outputShapes(inputs);
        return useScale ? List.of(ParamSpec.trainable("scale", Shape.of(inputs.get(0).dim(2)), new GlorotUniform()))
                : List.of();
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        return applyAll(List.of(x), context).get(0);
    }

    @Override
    public List<Node> applyAll(List<Node> inputs, LayerContext context) {
        Node[] qvk = DenseAttention.queryValueKey(inputs);
        Node terms = qvk[0].unsqueeze(2).add(qvk[2].unsqueeze(1)).tanh(); // [N, Tq, Tv, F]
        terms = useScale ? terms.mul(context.param("scale")) : terms;
        return DenseAttention.attend(terms.sum(3), inputs, context, dropout, useCausalMask, returnAttentionScores);
    }
}
