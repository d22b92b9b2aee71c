package dev.adjoint.core.graph;

import dev.adjoint.core.kernel.BufferSafe;
import dev.adjoint.core.kernel.CrossEntropyKernels;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;

/**
 * The fused sparse softmax cross-entropy from logits, per row: for logits {@code z : [N, C]} and integer
 * labels {@code y : [N]} (INT32 or INT64; exact integers in a float dtype as a legacy),
 * {@code l_n = logSumExp(z_n) − z[n, y_n]}, which is {@code −logSoftmax(z)[n, y_n]}. Built by
 * {@link IndexOp#softmaxCrossEntropy} (the sparse cross-entropy loss from logits does), and put by the graph compiler's
 * stable rewrites in place of the graph {@code −pickPerRow(logSoftmax z, y)} written out by hand, so the forward is one
 * pass over each row (max, sum of exponentials, the label's logit) in the logits' own precision, instead of five
 * kernels and four intermediate arrays. The row is shifted by its maximum first, as
 * {@code logSoftmax} is, so the result is the same for logits of any magnitude.
 *
 * <p>VJP: {@code zBar = (softmax(z) − onehot(y)) · yBar} (per row), the {@code p − y} gradient, as one fused
 * op ({@link SoftmaxCrossEntropyGrad}, one pass per row, itself differentiable); the labels get zeros. Labels
 * outside {@code [0, C)} or not integers are reported at evaluation.
 */
public record SoftmaxCrossEntropy() implements CustomOp, BufferSafe {

    @Override
    public String name() {
        return "softmaxCrossEntropy";
    }


    @Override
    public Shape shape(List<Node> inputs) {
        if (inputs.size() != 2) {
            throw new IllegalArgumentException("softmaxCrossEntropy: needs logits and labels, got " + inputs.size()
                    + " inputs");
        }
        Shape z = inputs.get(0).shape();
        Shape y = inputs.get(1).shape();
        if (z.rank() != 2 || y.rank() != 1 || z.dim(0) != y.dim(0)) {
            throw new IllegalArgumentException("softmaxCrossEntropy: needs logits [N, C] and labels [N], got "
                    + Node.describe(inputs));
        }
        return y;
    }

    /** The logits' dtype (floating); the labels are integers (or, as a legacy, exact integers in a float dtype). */
    @Override
    public DType dtype(List<Node> inputs) {
        DType dtype = DTypeSet.FLOATING.require(name(), "logits", inputs.get(0));
        DTypeSet.INDEX.require(name(), "labels", inputs.get(1));
        return dtype;
    }

    @Override
    public DTypeSet accepts(int i) {
        return i == 1 ? DTypeSet.INDEX : DTypeSet.FLOATING;
    }

    @Override
    public Tensor forward(List<Tensor> inputs, Shape out) {
        return CrossEntropyKernels.softmaxCrossEntropy(inputs.get(0), inputs.get(1), out);
    }

    @Override
    public List<Node> vjp(Node out, Node outBar) {
        Node z = out.inputs().get(0);
        Node y = out.inputs().get(1);
        return List.of(SoftmaxCrossEntropyGrad.of(z, y, outBar), SourceOp.zerosLike(y));
    }

    /** The fused node for {@code −pickPerRow(logSoftmax z, y)}. */
    public static Node of(Node z, Node labels) {
        return Node.apply(new SoftmaxCrossEntropy(), z, labels);
    }

}
