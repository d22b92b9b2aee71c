package dev.adjoint.nn.layer;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.RandomOp;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.constraint.Constraint;
import dev.adjoint.nn.init.GlorotUniform;
import dev.adjoint.nn.init.Initializer;
import dev.adjoint.nn.init.Zeros;
import dev.adjoint.nn.regularizer.Regularizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Multi-head scaled dot-product attention (Vaswani et al. 2017), with Keras 3's weight layout. For a query
 * sequence {@code x : [N, Tq, F]}, a value sequence {@code s : [N, Tk, Fv]} and a key sequence
 * {@code k : [N, Tk, Fk]} (the key is the value by default; self-attention when only x is given), per head h:
 *
 * <pre>
 * Q_h = x Wq[:, h, :] + bq[h]       Wq : [F, heads, keyDim]     (query/kernel, query/bias : [heads, keyDim])
 * K_h = k Wk[:, h, :] + bk[h]       Wk : [Fk, heads, keyDim]    (key/kernel, key/bias)
 * V_h = s Wv[:, h, :] + bv[h]       Wv : [Fv, heads, valueDim]  (value/kernel, value/bias)
 * A_h = M &middot; softmax(Q_h K_hᵀ / sqrt(keyDim) - 1e9 (1 - M))   [N, Tq, Tk], softmax over the keys
 * y   = sum_h (Dropout(A_h) V_h) Wo[h] + bo   Wo : [heads, valueDim, F]  (attention_output/kernel, /bias : [F])
 * </pre>
 *
 * M[n, i, j] is 1 where query i may attend to key j and 0 elsewhere; as in Keras 3 it is the product of every
 * mask that applies: the query's mask ({@link LayerContext#mask(int)} of input 0, e.g. from an {@link Embedding}
 * with {@code maskZero}) on i, the value's mask (input 1; the query's in self-attention) and the key's (input 2)
 * on j, an explicit attention mask given as a fourth input {@code [N, Tq, Tk]} (Keras's {@code attention_mask},
 * nonzero where allowed; the key must then be given, the value again for the default), and, with
 * {@code useCausalMask}, {@code j <= i}. A masked key thus changes nothing: keys {@code [5, 2, 0, 0]} whose
 * zeros are masked give what keys {@code [5, 2]} give. A row with no allowed key (a masked query, or a query
 * whose keys are all masked) gets all-zero weights and the output bias {@code bo}, as Keras 3's masked softmax
 * gives (it multiplies the softmax by the mask since Keras 3.10; the fused kernel Keras may take at inference
 * attends uniformly there instead). The output keeps the query's mask. The key and value may have other feature
 * counts than the query (Keras's {@code query_shape}, {@code key_shape}, {@code value_shape}); the output has the
 * query's F features. With {@code returnAttentionScores} the layer gives a second output, the weights A
 * {@code [N, heads, Tq, Tk]} before dropout (Keras's {@code return_attention_scores}). While training, the
 * attention weights go through inverted dropout as in Keras: each weight kept with probability
 * {@code 1 - dropout} and scaled by {@code 1 / (1 - dropout)}, drawn from the step's key and each example's index
 * as {@link Dropout} draws; at inference nothing is dropped. Defaults as in Keras: Glorot-uniform kernels, zero
 * biases, {@code valueDim = keyDim}, no dropout. With a {@code kernelRegularizer} R (Keras's
 * {@code kernel_regularizer}, given to each of its four projections) the objective gains
 * {@code R(Wq) + R(Wk) + R(Wv) + R(Wo)}, and with a {@code biasRegularizer} likewise for the four biases.
 *
 * @param numHeads the number of heads
 * @param keyDim the size of each head's queries and keys
 * @param valueDim the size of each head's values
 * @param dropout the rate of dropout on the attention weights while training, in [0, 1)
 * @param useBias whether the projections add biases
 * @param useCausalMask whether query i attends only to keys {@code j <= i}
 * @param returnAttentionScores whether the layer also gives the attention weights A as a second output
 * @param kernelInitializer draws the four kernels
 * @param biasInitializer draws the four biases
 * @param kernelRegularizer the penalty on each of the four kernels, or null
 * @param biasRegularizer the penalty on each of the four biases, or null
 * @param kernelConstraint the projection of each of the four kernels after each update, or null
 * @param biasConstraint the projection of each of the four biases after each update, or null
 * @param name the layer's name, or null
 */
public record MultiHeadAttention(int numHeads, int keyDim, int valueDim, double dropout, boolean useBias,
        boolean useCausalMask, boolean returnAttentionScores, Initializer kernelInitializer,
        Initializer biasInitializer, Regularizer kernelRegularizer, Regularizer biasRegularizer,
        Constraint kernelConstraint, Constraint biasConstraint, String name) implements Layer {

    /** Keras's constant for a forbidden score (float32 and float64). */
    static final double FORBIDDEN = -1e9;

    /** Validates the configuration. */
    public MultiHeadAttention {
        if (numHeads <= 0 || keyDim <= 0 || valueDim <= 0) {
            throw new IllegalArgumentException(LayerArguments.describe("MultiHeadAttention", name)
                    + ": numHeads, keyDim and valueDim must be > 0, got " + numHeads + ", " + keyDim + ", " + valueDim);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException(LayerArguments.describe("MultiHeadAttention", name)
                    + ": dropout must be in [0, 1), got " + dropout);
        }
        LayerArguments.nonNull(kernelInitializer, "MultiHeadAttention", name, "kernelInitializer");
        LayerArguments.nonNull(biasInitializer, "MultiHeadAttention", name, "biasInitializer");
    }

    /** A MultiHeadAttention layer without regularizers (the form before it had them). */
    public MultiHeadAttention(int numHeads, int keyDim, int valueDim, double dropout, boolean useBias,
            boolean useCausalMask, boolean returnAttentionScores, Initializer kernelInitializer,
            Initializer biasInitializer, Constraint kernelConstraint, Constraint biasConstraint, String name) {
        this(numHeads, keyDim, valueDim, dropout, useBias, useCausalMask, returnAttentionScores, kernelInitializer,
                biasInitializer, null, null, kernelConstraint, biasConstraint, name);
    }

    /** A MultiHeadAttention layer without regularizers or constraints (the form before it had them). */
    public MultiHeadAttention(int numHeads, int keyDim, int valueDim, double dropout, boolean useBias,
            boolean useCausalMask, boolean returnAttentionScores, Initializer kernelInitializer,
            Initializer biasInitializer, String name) {
        this(numHeads, keyDim, valueDim, dropout, useBias, useCausalMask, returnAttentionScores, kernelInitializer,
                biasInitializer, null, null, null, null, name);
    }

    /**
     * With a penalty on each of the four kernels (query, key, value, attention_output; Keras's
     * {@code kernel_regularizer}, given to each of its four projections), or none when null.
     */
    public MultiHeadAttention kernelRegularizer(Regularizer penalty) {
        return new MultiHeadAttention(numHeads, keyDim, valueDim, dropout, useBias, useCausalMask,
                returnAttentionScores, kernelInitializer, biasInitializer, penalty, biasRegularizer, kernelConstraint,
                biasConstraint, name);
    }

    /** With a penalty on each of the four biases (Keras's {@code bias_regularizer}), or none when null. */
    public MultiHeadAttention biasRegularizer(Regularizer penalty) {
        return new MultiHeadAttention(numHeads, keyDim, valueDim, dropout, useBias, useCausalMask,
                returnAttentionScores, kernelInitializer, biasInitializer, kernelRegularizer, penalty, kernelConstraint,
                biasConstraint, name);
    }

    /**
     * With a constraint on each of the four kernels (query, key, value, attention_output) after each update (Keras's
     * {@code kernel_constraint}, given to each of its four projections), or none when null.
     */
    public MultiHeadAttention kernelConstraint(Constraint projection) {
        return new MultiHeadAttention(numHeads, keyDim, valueDim, dropout, useBias, useCausalMask,
                returnAttentionScores, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer,
                projection, biasConstraint, name);
    }

    /**
     * With a constraint on each of the four biases after each update (Keras's {@code bias_constraint}), or none when
     * null.
     */
    public MultiHeadAttention biasConstraint(Constraint projection) {
        return new MultiHeadAttention(numHeads, keyDim, valueDim, dropout, useBias, useCausalMask,
                returnAttentionScores, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer,
                kernelConstraint, projection, name);
    }

    /** {@code numHeads} heads of size {@code keyDim}, Keras's defaults, no causal mask. */
    public static MultiHeadAttention of(int numHeads, int keyDim) {
        return new MultiHeadAttention(numHeads, keyDim, keyDim, 0, true, false, false, new GlorotUniform(), new Zeros(),
                null, null, null, null, null);
    }

    /** With or without the causal mask. */
    public MultiHeadAttention causal(boolean causal) {
        return new MultiHeadAttention(numHeads, keyDim, valueDim, dropout, useBias, causal, returnAttentionScores,
                kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, kernelConstraint,
                biasConstraint, name);
    }

    /** With another size of each head's values. */
    public MultiHeadAttention valueDim(int size) {
        return new MultiHeadAttention(numHeads, keyDim, size, dropout, useBias, useCausalMask, returnAttentionScores,
                kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, kernelConstraint,
                biasConstraint, name);
    }

    /** With dropout of the given rate on the attention weights while training. */
    public MultiHeadAttention dropout(double rate) {
        return new MultiHeadAttention(numHeads, keyDim, valueDim, rate, useBias, useCausalMask, returnAttentionScores,
                kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, kernelConstraint,
                biasConstraint, name);
    }

    /** With or without the attention weights {@code [N, heads, Tq, Tk]} as a second output. */
    public MultiHeadAttention returnAttentionScores(boolean scores) {
        return new MultiHeadAttention(numHeads, keyDim, valueDim, dropout, useBias, useCausalMask, scores,
                kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer, kernelConstraint,
                biasConstraint, name);
    }

    /** With a name. */
    public MultiHeadAttention named(String newName) {
        return new MultiHeadAttention(numHeads, keyDim, valueDim, dropout, useBias, useCausalMask,
                returnAttentionScores, kernelInitializer, biasInitializer, kernelRegularizer, biasRegularizer,
                kernelConstraint, biasConstraint, newName);
    }

    @Override
    public String kind() {
        return "multi_head_attention";
    }

    @Override
    public Shape outputShape(Shape input) {
        return outputShapes(List.of(input)).get(0);
    }

    /**
     * The output shape, the query's, and with {@code returnAttentionScores} the weights' {@code [N, heads, Tq, Tk]}.
     *
     * @param inputs the query, and optionally the value, the key and the attention mask {@code [N, Tq, Tk]}
     */
    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        if (inputs.isEmpty() || inputs.size() > 4) {
            throw new IllegalArgumentException(LayerArguments.describe("MultiHeadAttention", name)
                    + ": takes a query and optionally a value, a key and"
                    + " an attention mask, got " + inputs.size() + " inputs");
        }
        Shape q = inputs.get(0);
        checkSequence(q);
        for (int i = 1; i < Math.min(inputs.size(), 3); i++) {
            Shape s = inputs.get(i);
            checkSequence(s);
            if (s.dim(0) != q.dim(0)) {
                throw new IllegalArgumentException(LayerArguments.describe("MultiHeadAttention", name)
                        + ": the value and key must have the query's batch," + " got " + s + " for " + q);
            }
        }
        if (inputs.size() >= 3 && inputs.get(1).dim(1) != inputs.get(2).dim(1)) {
            throw new IllegalArgumentException(LayerArguments.describe("MultiHeadAttention", name)
                    + ": the value and key must have the same length,"
                    + " got " + inputs.get(1) + " and " + inputs.get(2));
        }
        int tk = inputs.get(inputs.size() > 1 ? 1 : 0).dim(1);
        if (inputs.size() == 4) {
            Shape expected = Shape.of(q.dim(0), q.dim(1), tk);
            if (!inputs.get(3).equals(expected)) {
                throw new IllegalArgumentException(LayerArguments.describe("MultiHeadAttention", name)
                        + ": the attention mask must be [N, Tq, Tk] = "
                        + expected + " for the query " + q + " and key " + inputs.get(2) + ", got " + inputs.get(3));
            }
        }
        return returnAttentionScores ? List.of(q, Shape.of(q.dim(0), numHeads, q.dim(1), tk)) : List.of(q);
    }

    private void checkSequence(Shape s) {
        if (s.rank() != 3 || s.dim(1) == Shape.BATCH || s.dim(2) == Shape.BATCH) {
            throw new IllegalArgumentException(LayerArguments.describe("MultiHeadAttention", name)
                    + ": inputs must be sequences [N, T, features], got " + s);
        }
    }

    /** The weights of self-attention over {@code input}. */
    @Override
    public List<ParamSpec> params(Shape input) {
        return params(List.of(input));
    }

    /** The weights for a query, and optionally a value and a key, of these shapes. */
    @Override
    public List<ParamSpec> params(List<Shape> inputs) {
        outputShapes(inputs);
        int f = inputs.get(0).dim(2);
        int fv = inputs.get(inputs.size() > 1 ? 1 : 0).dim(2);
        int fk = inputs.get(Math.min(inputs.size() - 1, 2)).dim(2);
        List<ParamSpec> specs = new ArrayList<>();
        String[] parts = {"query", "key", "value"};
        int[] features = {f, fk, fv};
        for (int i = 0; i < 3; i++) {
            String part = parts[i];
            int size = part.equals("value") ? valueDim : keyDim;
            specs.add(ParamSpec.trainable(part + "/kernel", Shape.of(features[i], numHeads, size),
                    kernelInitializer).withRegularizer(kernelRegularizer).withConstraint(kernelConstraint));
            if (useBias) {
                specs.add(ParamSpec.trainable(part + "/bias", Shape.of(numHeads, size), biasInitializer)
                        .withRegularizer(biasRegularizer).withConstraint(biasConstraint));
            }
        }
        specs.add(ParamSpec.trainable("attention_output/kernel", Shape.of(numHeads, valueDim, f), kernelInitializer)
                .withRegularizer(kernelRegularizer).withConstraint(kernelConstraint));
        if (useBias) {
            specs.add(ParamSpec.trainable("attention_output/bias", Shape.of(f), biasInitializer)
                    .withRegularizer(biasRegularizer).withConstraint(biasConstraint));
        }
        return specs;
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        return applyAll(List.of(x), context).get(0);
    }

    @Override
    public List<Node> applyAll(List<Node> inputs, LayerContext context) {
        Node query = inputs.get(0);
        Node value = inputs.size() > 1 ? inputs.get(1) : query;
        Node key = inputs.size() > 2 ? inputs.get(2) : value;
        Node q = heads(query, "query", keyDim, context);
        Node k = heads(key, "key", keyDim, context);
        Node v = heads(value, "value", valueDim, context);
        Node scores = q.matmul(k.permute(0, 1, 3, 2)).mul(1.0 / Math.sqrt(keyDim));
        Node allowed = allowed(inputs, context);
        Node weights;
        if (allowed == null) {
            weights = scores.softmax(-1);
        } else {
            // the product by M zeroes a row with no allowed key, whose shifted scores alone would give 1/Tk each
            weights = scores.add(allowed.sub(1.0).mul(-FORBIDDEN)).softmax(-1).mul(allowed);
        }
        Node used = weights;
        if (context.training() && dropout > 0) {
            Node kept = RandomOp.bernoulliByRow(context.key(), context.rows(), weights.shape(), weights.dtype(),
                    1 - dropout, context.salt());
            used = weights.mul(kept.cast(weights.dtype())).mul(1 / (1 - dropout));
        }
        Node attended = used.matmul(v).permute(0, 2, 1, 3);
        int n = query.shape().dim(0);
        int tq = query.shape().dim(1);
        int f = query.shape().dim(2);
        Node y = attended.reshape(n, tq, numHeads * valueDim)
                .matmul(context.param("attention_output/kernel").reshape(numHeads * valueDim, f));
        y = useBias ? y.add(context.param("attention_output/bias")) : y;
        return returnAttentionScores ? List.of(y, weights) : List.of(y);
    }

    /** {@code x}'s projection for {@code part}, one sequence per head: {@code [N, heads, T, size]}. */
    private Node heads(Node x, String part, int size, LayerContext context) {
        int f = x.shape().dim(2);
        Node p = x.matmul(context.param(part + "/kernel").reshape(f, numHeads * size));
        if (useBias) {
            p = p.add(context.param(part + "/bias").reshape(numHeads * size));
        }
        return p.reshape(x.shape().dim(0), x.shape().dim(1), numHeads, size).permute(0, 2, 1, 3);
    }

    /** The positions {@code 0 .. count-1} in {@code like}'s dtype, in the given shape (one axis of them). */
    private static Node positions(Node like, int count, Shape shape) {
        double[] index = new double[count];
        for (int i = 0; i < count; i++) {
            index[i] = i;
        }
        return SourceOp.constant(Tensor.of(like.dtype(), shape, index));
    }

    /**
     * M, where query i may attend to key j, {@code [N or 1, 1, Tq, Tk]} (1 allowed, 0 not), or null when all may:
     * the product of the causal mask, the key's, the value's, the query's and the explicit attention mask.
     */
    private Node allowed(List<Node> inputs, LayerContext context) {
        Node query = inputs.get(0);
        int tq = query.shape().dim(1);
        int tk = inputs.get(inputs.size() > 1 ? 1 : 0).shape().dim(1);
        List<Node> factors = new ArrayList<>();
        if (useCausalMask) {
            // [j <= i] from the two index vectors, broadcast: a graph of tq + tk constants, not tq·tk (a model
            // file declaring long sequences must not make its loading allocate their square)
            factors.add(positions(query, tk, Shape.of(1, 1, 1, tk))
                    .lessEqual(positions(query, tq, Shape.of(1, 1, tq, 1))));
        }
        // the value's mask, the query's in self-attention, and the key's, on the keys j
        for (int i = inputs.size() > 1 ? 1 : 0; i < Math.min(inputs.size(), 3); i++) {
            if (context.mask(i) != null) {
                factors.add(context.mask(i).unsqueeze(1).unsqueeze(1));
            }
        }
        if (context.mask(0) != null) {
            factors.add(context.mask(0).unsqueeze(1).unsqueeze(3));
        }
        if (inputs.size() == 4) {
            factors.add(inputs.get(3).unsqueeze(1));
        }
        Node allowed = null;
        for (Node factor : factors) {
            Node present = factor.cast(query.dtype()).notEqual(0.0).cast(query.dtype());
            allowed = allowed == null ? present : allowed.mul(present);
        }
        return allowed;
    }
}
