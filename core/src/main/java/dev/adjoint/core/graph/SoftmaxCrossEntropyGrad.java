package dev.adjoint.core.graph;

import dev.adjoint.core.kernel.BufferPool;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.core.tensor.TensorInternals;
import java.util.List;

/**
 * The gradient of {@link SoftmaxCrossEntropy} with respect to the logits, fused: for logits
 * {@code z : [N, C]}, labels {@code y : [N]} and the loss's cotangent {@code b : [N]},
 * {@code G[n, j] = (s[n, j] − [j = y_n]) · b_n} with {@code s = softmax(z)} per row. One pass per row (max,
 * exponentials, their sum, the output) instead of the softmax's five kernels, the one-hot and two more
 * elementwise ops; the row is shifted by its maximum, so any magnitude of logits is safe.
 *
 * <p>VJP, so that the loss stays twice differentiable (Hessians, Hessian-vector products): with
 * {@code Ḡ} the cotangent of {@code G} and {@code ∂s_j/∂z_i = s_j (δ_ij − s_i)},
 * <pre>
 *   zBar_n = b_n (s_n ⊙ Ḡ_n − s_n (s_n · Ḡ_n)),   bBar_n = Σ_j (s[n, j] − [j = y_n]) Ḡ[n, j],   yBar = 0,
 * </pre>
 * in graph ops.
 */
public record SoftmaxCrossEntropyGrad() implements CustomOp {

    /** {@code G} for logits, labels (in the logits' dtype) and the loss's cotangent. */
    public static Node of(Node z, Node labels, Node lossBar) {
        return Node.apply(new SoftmaxCrossEntropyGrad(), z, labels, lossBar);
    }

    @Override
    public String name() {
        return "softmaxCrossEntropyGrad";
    }

    /** The kernel keeps no tensors: its inputs and result may be recycled. */
    @Override
    public boolean recyclesBuffers() {
        return true;
    }

    @Override
    public Shape shape(List<Node> inputs) {
        if (inputs.size() != 3) {
            throw new IllegalArgumentException("softmaxCrossEntropyGrad: needs logits, labels and the loss's"
                    + " cotangent, got " + inputs.size() + " inputs");
        }
        Shape z = inputs.get(0).shape();
        Shape y = inputs.get(1).shape();
        Shape b = inputs.get(2).shape();
        if (z.rank() != 2 || !y.equals(b) || y.rank() != 1 || z.dim(0) != y.dim(0)) {
            throw new IllegalArgumentException("softmaxCrossEntropyGrad: needs logits [N, C], labels [N] and a"
                    + " cotangent [N], got " + z + ", " + y + " and " + b);
        }
        return z;
    }

    @Override
    public Tensor forward(List<Tensor> inputs, Shape out) {
        Tensor z = inputs.get(0);
        int n = z.shape().dim(0);
        int c = z.shape().dim(1);
        double[] labels = TensorInternals.doubles(inputs.get(1));
        double[] b = TensorInternals.doubles(inputs.get(2));
        float[] zf = TensorInternals.floats(z);
        if (zf != null) {
            float[] g = BufferPool.floatsForOverwrite(n * c);
            for (int r = 0; r < n; r++) {
                int o = r * c;
                int k = SoftmaxCrossEntropy.label(labels, r, c);
                float m = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < c; j++) {
                    m = Math.max(m, zf[o + j]);
                }
                float sum = 0f;
                for (int j = 0; j < c; j++) {
                    g[o + j] = (float) Math.exp(zf[o + j] - m);
                    sum += g[o + j];
                }
                float br = (float) b[r];
                for (int j = 0; j < c; j++) {
                    g[o + j] = (g[o + j] / sum - (j == k ? 1f : 0f)) * br;
                }
            }
            return TensorInternals.adopt(out, g);
        }
        double[] zd = TensorInternals.doubles(z);
        double[] g = BufferPool.doublesForOverwrite(n * c);
        for (int r = 0; r < n; r++) {
            int o = r * c;
            int k = SoftmaxCrossEntropy.label(labels, r, c);
            double m = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) {
                m = Math.max(m, zd[o + j]);
            }
            double sum = 0;
            for (int j = 0; j < c; j++) {
                g[o + j] = Math.exp(zd[o + j] - m);
                sum += g[o + j];
            }
            for (int j = 0; j < c; j++) {
                g[o + j] = (g[o + j] / sum - (j == k ? 1.0 : 0.0)) * b[r];
            }
        }
        return TensorInternals.adopt(DType.FLOAT64, out, g);
    }

    @Override
    public List<Node> vjp(Node out, Node outBar) {
        Node z = out.inputs().get(0);
        Node y = out.inputs().get(1);
        Node b = out.inputs().get(2);
        Node s = Reductions.softmax(z, -1);
        Node sg = s.mul(outBar);
        Node zBar = Shapes.unsqueeze(b, 1).mul(sg.sub(s.mul(Reductions.sum(sg, true, 1))));
        Node onehot = Indexing.oneHot(y, z.shape().dim(1), z.dtype());
        Node bBar = Reductions.sum(s.sub(onehot).mul(outBar), false, 1);
        return List.of(zBar, Nodes.zerosLike(y), bBar);
    }
}
