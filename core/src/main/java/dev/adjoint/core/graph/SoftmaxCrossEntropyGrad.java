package dev.adjoint.core.graph;

import dev.adjoint.core.kernel.BufferSafe;
import dev.adjoint.core.kernel.CrossEntropyKernels;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;

/**
 * The gradient of {@link SoftmaxCrossEntropy} with respect to the logits, fused: for logits
 * {@code z : [N, C]}, labels {@code y : [N]} and the loss's cotangent {@code b : [N]},
 * {@code G[n, j] = (s[n, j] − [j = y_n]) · b_n} with {@code s = softmax(z)} per row. One pass per row (max,
 * exponentials, their sum, the output) instead of the softmax's five kernels, the one-hot and two more
 * elementwise ops; the row is shifted by its maximum, so any magnitude of logits is safe.
 *
 * <p>The cotangent {@code b} is in the logits' dtype; the labels are INT32 or INT64 (or exact integers in a
 * float dtype, a legacy).
 *
 * <p>VJP, so that the loss stays twice differentiable (Hessians, Hessian-vector products): with
 * {@code Ḡ} the cotangent of {@code G} and {@code ∂s_j/∂z_i = s_j (δ_ij − s_i)},
 * <pre>
 *   zBar_n = b_n (s_n ⊙ Ḡ_n − s_n (s_n · Ḡ_n)),   bBar_n = Σ_j (s[n, j] − [j = y_n]) Ḡ[n, j],   yBar = 0,
 * </pre>
 * in graph ops.
 */
public record SoftmaxCrossEntropyGrad() implements CustomOp, BufferSafe {

    /** {@code G} for logits, labels and the loss's cotangent. */
    public static Node of(Node z, Node labels, Node lossBar) {
        return Node.apply(new SoftmaxCrossEntropyGrad(), z, labels, lossBar);
    }

    @Override
    public String name() {
        return "softmaxCrossEntropyGrad";
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
                    + " cotangent [N], got " + Node.describe(inputs));
        }
        return z;
    }

    /** The logits' dtype (floating); the labels are integers (or, as a legacy, exact integers in a float dtype). */
    @Override
    public DType dtype(List<Node> inputs) {
        DType dtype = DTypeSet.FLOATING.require(name(), "logits", inputs.get(0));
        DTypeSet.INDEX.require(name(), "labels", inputs.get(1));
        if (inputs.get(2).dtype() != dtype) {
            throw new IllegalArgumentException(name() + ": the cotangent must have the logits' dtype, got "
                    + Node.describe(inputs) + "; insert a cast");
        }
        return dtype;
    }

    @Override
    public DTypeSet accepts(int i) {
        return i == 1 ? DTypeSet.INDEX : DTypeSet.FLOATING;
    }

    @Override
    public Tensor forward(List<Tensor> inputs, Shape out) {
        return CrossEntropyKernels.softmaxCrossEntropyGrad(inputs.get(0), inputs.get(1), inputs.get(2), out);
    }

    @Override
    public List<Node> vjp(Node out, Node outBar) {
        Node z = out.inputs().get(0);
        Node y = out.inputs().get(1);
        Node b = out.inputs().get(2);
        Node s = z.softmax(-1);
        Node sg = s.mul(outBar);
        Node zBar = b.unsqueeze(1).mul(sg.sub(s.mul(sg.sum(true, 1))));
        Node onehot = y.oneHot(z.shape().dim(1), z.dtype());
        Node bBar = s.sub(onehot).mul(outBar).sum(1);
        return List.of(zBar, SourceOp.zerosLike(y), bBar);
    }
}
