package dev.adjoint.nn.layer;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.RandomOp;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.init.GlorotUniform;
import dev.adjoint.nn.init.Initializer;
import dev.adjoint.nn.init.Zeros;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Multi-head scaled dot-product attention (Vaswani et al. 2017), with Keras 3's weight layout. For a query
 * sequence {@code x : [N, Tq, F]}, a value sequence {@code s : [N, Tk, Fv]} and a key sequence
 * {@code k : [N, Tk, Fk]} (the key is the value by default; self-attention when only x is given), per head h:
 *
 * <pre>
 * Q_h = x Wq[:, h, :] + bq[h]       Wq : [F, heads, keyDim]     (query/kernel, query/bias : [heads, keyDim])
 * K_h = k Wk[:, h, :] + bk[h]       Wk : [Fk, heads, keyDim]    (key/kernel, key/bias)
 * V_h = s Wv[:, h, :] + bv[h]       Wv : [Fv, heads, valueDim]  (value/kernel, value/bias)
 * A_h = Dropout(softmax(Q_h K_hᵀ / sqrt(keyDim) + M))           [N, Tq, Tk], softmax over the keys
 * y   = sum_h (A_h V_h) Wo[h] + bo   Wo : [heads, valueDim, F]  (attention_output/kernel, attention_output/bias : [F])
 * </pre>
 *
 * M is 0 where query i may attend to key j and -1e9 elsewhere (as Keras does): j must be present in the input's
 * mask ({@link LayerContext#mask()}, e.g. from an {@link Embedding} with {@code maskZero}), i present too, and, with
 * {@code useCausalMask}, {@code j <= i}. A row with no allowed key (a masked query) gets -1e9 on every score, as in
 * Keras: in float32 the scores round to -1e9 and the row attends uniformly; in float64 they keep their
 * differences, and since softmax ignores a common shift the row attends as if unmasked. In
 * self-attention the mask is the input's; with a separate value sequence only the query's mask applies (the
 * value's is not known to the layer). The key and value may have other feature counts than the query (Keras's
 * {@code query_shape}, {@code key_shape}, {@code value_shape}); the output has the query's F features. While
 * training, the attention weights go through inverted dropout as in Keras ({@code dropout} applies to A_h): each
 * weight kept with probability {@code 1 - dropout} and scaled by {@code 1 / (1 - dropout)}, drawn from the step's
 * key and each example's index as {@link Dropout} draws; at inference nothing is dropped. Defaults as in Keras:
 * Glorot-uniform kernels, zero biases, {@code valueDim = keyDim}, no dropout.
 *
 * @param numHeads the number of heads
 * @param keyDim the size of each head's queries and keys
 * @param valueDim the size of each head's values
 * @param dropout the rate of dropout on the attention weights while training, in [0, 1)
 * @param useBias whether the projections add biases
 * @param useCausalMask whether query i attends only to keys {@code j <= i}
 * @param kernelInitializer draws the four kernels
 * @param biasInitializer draws the four biases
 * @param name the layer's name, or null
 */
public record MultiHeadAttention(int numHeads, int keyDim, int valueDim, double dropout, boolean useBias,
        boolean useCausalMask, Initializer kernelInitializer, Initializer biasInitializer, String name)
        implements Layer {

    /** Keras's constant for a forbidden score (float32 and float64). */
    static final double FORBIDDEN = -1e9;

    /** Validates the configuration. */
    public MultiHeadAttention {
        if (numHeads <= 0 || keyDim <= 0 || valueDim <= 0) {
            throw new IllegalArgumentException("MultiHeadAttention: numHeads, keyDim and valueDim must be > 0, got "
                    + numHeads + ", " + keyDim + ", " + valueDim);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("MultiHeadAttention: dropout must be in [0, 1), got " + dropout);
        }
        Objects.requireNonNull(kernelInitializer, "kernelInitializer is null");
        Objects.requireNonNull(biasInitializer, "biasInitializer is null");
    }

    /** {@code numHeads} heads of size {@code keyDim}, Keras's defaults, no causal mask. */
    public static MultiHeadAttention of(int numHeads, int keyDim) {
        return new MultiHeadAttention(numHeads, keyDim, keyDim, 0, true, false, new GlorotUniform(), new Zeros(),
                null);
    }

    /** With or without the causal mask. */
    public MultiHeadAttention causal(boolean causal) {
        return new MultiHeadAttention(numHeads, keyDim, valueDim, dropout, useBias, causal, kernelInitializer,
                biasInitializer, name);
    }

    /** With another size of each head's values. */
    public MultiHeadAttention valueDim(int size) {
        return new MultiHeadAttention(numHeads, keyDim, size, dropout, useBias, useCausalMask, kernelInitializer,
                biasInitializer, name);
    }

    /** With dropout of the given rate on the attention weights while training. */
    public MultiHeadAttention dropout(double rate) {
        return new MultiHeadAttention(numHeads, keyDim, valueDim, rate, useBias, useCausalMask, kernelInitializer,
                biasInitializer, name);
    }

    /** With a name. */
    public MultiHeadAttention named(String newName) {
        return new MultiHeadAttention(numHeads, keyDim, valueDim, dropout, useBias, useCausalMask, kernelInitializer,
                biasInitializer, newName);
    }

    @Override
    public String kind() {
        return "multi_head_attention";
    }

    @Override
    public Shape outputShape(Shape input) {
        return outputShapes(List.of(input)).get(0);
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        if (inputs.isEmpty() || inputs.size() > 3) {
            throw new IllegalArgumentException("MultiHeadAttention: takes a query and optionally a value and a key,"
                    + " got " + inputs.size() + " inputs");
        }
        Shape q = inputs.get(0);
        checkSequence(q);
        for (int i = 1; i < inputs.size(); i++) {
            Shape s = inputs.get(i);
            checkSequence(s);
            if (s.dim(0) != q.dim(0)) {
                throw new IllegalArgumentException("MultiHeadAttention: the value and key must have the query's batch,"
                        + " got " + s + " for " + q);
            }
        }
        if (inputs.size() == 3 && inputs.get(1).dim(1) != inputs.get(2).dim(1)) {
            throw new IllegalArgumentException("MultiHeadAttention: the value and key must have the same length,"
                    + " got " + inputs.get(1) + " and " + inputs.get(2));
        }
        return List.of(q);
    }

    private static void checkSequence(Shape s) {
        if (s.rank() != 3 || s.dim(1) == Shape.BATCH || s.dim(2) == Shape.BATCH) {
            throw new IllegalArgumentException("MultiHeadAttention: inputs must be sequences [N, T, features], got "
                    + s);
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
        int fk = inputs.get(inputs.size() - 1).dim(2);
        List<ParamSpec> specs = new ArrayList<>();
        String[] parts = {"query", "key", "value"};
        int[] features = {f, fk, fv};
        for (int i = 0; i < 3; i++) {
            String part = parts[i];
            int size = part.equals("value") ? valueDim : keyDim;
            specs.add(ParamSpec.trainable(part + "/kernel", Shape.of(features[i], numHeads, size),
                    kernelInitializer));
            if (useBias) {
                specs.add(ParamSpec.trainable(part + "/bias", Shape.of(numHeads, size), biasInitializer));
            }
        }
        specs.add(ParamSpec.trainable("attention_output/kernel", Shape.of(numHeads, valueDim, f), kernelInitializer));
        if (useBias) {
            specs.add(ParamSpec.trainable("attention_output/bias", Shape.of(f), biasInitializer));
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
        Node allowed = allowed(query, key, inputs.size() == 1 ? context.mask() : null, context.mask());
        if (allowed != null) {
            scores = scores.add(allowed.sub(1.0).mul(-FORBIDDEN));
        }
        Node weights = scores.softmax(-1);
        if (context.training() && dropout > 0) {
            Node kept = RandomOp.bernoulliByRow(context.key(), context.rows(), weights.shape(), weights.dtype(),
                    1 - dropout, context.salt());
            weights = weights.mul(kept.cast(weights.dtype())).mul(1 / (1 - dropout));
        }
        Node attended = weights.matmul(v).permute(0, 2, 1, 3);
        int n = query.shape().dim(0);
        int tq = query.shape().dim(1);
        int f = query.shape().dim(2);
        Node y = attended.reshape(n, tq, numHeads * valueDim)
                .matmul(context.param("attention_output/kernel").reshape(numHeads * valueDim, f));
        return List.of(useBias ? y.add(context.param("attention_output/bias")) : y);
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
     * Where query i may attend to key j, {@code [N or 1, 1, Tq, Tk]} (1 allowed, 0 not), or null when all may.
     *
     * @param keyMask the keys' mask {@code [N, Tk]}, or null
     * @param queryMask the queries' mask {@code [N, Tq]}, or null
     */
    private Node allowed(Node query, Node key, Node keyMask, Node queryMask) {
        int tq = query.shape().dim(1);
        int tk = key.shape().dim(1);
        Node allowed = null;
        if (useCausalMask) {
            // [j <= i] from the two index vectors, broadcast: a graph of tq + tk constants, not tq·tk (a model
            // file declaring long sequences must not make its loading allocate their square)
            allowed = positions(query, tk, Shape.of(1, 1, 1, tk)).lessEqual(positions(query, tq, Shape.of(1, 1, tq, 1)))
                    .cast(query.dtype());
        }
        if (keyMask != null) {
            Node keys = keyMask.cast(query.dtype()).unsqueeze(1).unsqueeze(1);
            allowed = allowed == null ? keys : allowed.mul(keys);
        }
        if (queryMask != null) {
            Node queries = queryMask.cast(query.dtype()).unsqueeze(1).unsqueeze(3);
            allowed = allowed == null ? queries : allowed.mul(queries);
        }
        return allowed;
    }
}
