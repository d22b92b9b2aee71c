package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.core.tensor.TensorInternals;
import java.util.List;

/**
 * The fused sparse softmax cross-entropy from logits, per row: for logits {@code z : [N, C]} and integer
 * labels {@code y : [N]} (held in the logits' dtype), {@code l_n = logSumExp(z_n) − z[n, y_n]}, which is
 * {@code −logSoftmax(z)[n, y_n]}. Built by {@link Indexing#softmaxCrossEntropy} (the sparse cross-entropy
 * loss from logits does), and put by the graph compiler's stable rewrites in place of the graph
 * {@code −pickPerRow(logSoftmax z, y)} written out by hand, so the forward is one pass over
 * each row (max, sum of exponentials, the label's logit) in the logits' own precision, instead of five
 * kernels and four intermediate arrays. The row is shifted by its maximum first, as
 * {@code logSoftmax} is, so the result is the same for logits of any magnitude.
 *
 * <p>VJP: {@code zBar = (softmax(z) − onehot(y)) · yBar} (per row), the {@code p − y} gradient, as one fused
 * op ({@link SoftmaxCrossEntropyGrad}, one pass per row, itself differentiable); the labels get zeros. Labels
 * outside {@code [0, C)} or not integers are reported at evaluation.
 */
public record SoftmaxCrossEntropy() implements CustomOp {

    @Override
    public String name() {
        return "softmaxCrossEntropy";
    }

    /** The program keeps no tensors: its inputs and result may be recycled. */
    @Override
    public boolean recyclesBuffers() {
        return true;
    }

    @Override
    public Shape shape(List<Node> inputs) {
        Shape z = inputs.get(0).shape();
        Shape y = inputs.get(1).shape();
        if (inputs.size() != 2 || z.rank() != 2 || y.rank() != 1 || z.dim(0) != y.dim(0)) {
            throw new IllegalArgumentException("softmaxCrossEntropy: needs logits [N, C] and labels [N], got "
                    + z + " and " + y);
        }
        return y;
    }

    @Override
    public Tensor forward(List<Tensor> inputs, Shape out) {
        Tensor z = inputs.get(0);
        Tensor y = inputs.get(1);
        int n = z.shape().dim(0);
        int c = z.shape().dim(1);
        double[] labels = TensorInternals.doubles(y);
        float[] zf = TensorInternals.floats(z);
        if (zf != null) {
            float[] loss = new float[n];
            for (int r = 0; r < n; r++) {
                int o = r * c;
                int k = label(labels, r, c);
                float m = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < c; j++) {
                    m = Math.max(m, zf[o + j]);
                }
                float sum = 0f;
                for (int j = 0; j < c; j++) {
                    sum += (float) Math.exp(zf[o + j] - m);
                }
                // the same float32 steps as logSoftmax's u - logSumExp(u), negated
                float u = zf[o + k] - m;
                loss[r] = -(u - (float) Math.log(sum));
            }
            return TensorInternals.adopt(out, loss);
        }
        double[] zd = TensorInternals.doubles(z);
        double[] loss = new double[n];
        for (int r = 0; r < n; r++) {
            int o = r * c;
            int k = label(labels, r, c);
            double m = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) {
                m = Math.max(m, zd[o + j]);
            }
            double sum = 0;
            for (int j = 0; j < c; j++) {
                sum += Math.exp(zd[o + j] - m);
            }
            loss[r] = -((zd[o + k] - m) - Math.log(sum));
        }
        return TensorInternals.adopt(DType.FLOAT64, out, loss);
    }

    @Override
    public List<Node> vjp(Node out, Node outBar) {
        Node z = out.inputs().get(0);
        Node y = out.inputs().get(1);
        return List.of(SoftmaxCrossEntropyGrad.of(z, y, outBar), Nodes.zerosLike(y));
    }

    /** The fused node for {@code −pickPerRow(logSoftmax z, y)}; labels in the logits' dtype. */
    public static Node of(Node z, Node labels) {
        return Node.apply(new SoftmaxCrossEntropy(), z, labels);
    }

    /** The label of {@code row} as an index in {@code [0, classes)}, or a clear error. */
    static int label(double[] labels, int row, int classes) {
        double v = labels[row];
        int k = (int) v;
        if (k != v || k < 0 || k >= classes) {
            throw new IllegalArgumentException("softmaxCrossEntropy: label " + v + " at row " + row
                    + " is not an integer in [0, " + classes + ")");
        }
        return k;
    }

}
