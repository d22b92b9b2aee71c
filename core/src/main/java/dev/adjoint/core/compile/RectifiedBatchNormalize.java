package dev.adjoint.core.compile;

import dev.adjoint.core.graph.CustomOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.graph.StatisticOp;
import dev.adjoint.core.kernel.BufferSafe;
import dev.adjoint.core.kernel.Standardization;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;

/**
 * {@code y = max(0, batchNormalize(x, gamma, beta, epsilon))}: the op {@link ReluFolding} puts in place of a ReLU
 * of a batch normalization (a convolutional block's normalize-then-rectify), computed in one pass by
 * {@link Standardization} with the bits of the two ops. The normalized values are neither stored nor read back.
 *
 * <p>VJP: the ReLU's, {@code u = yBar · [y > 0]} (the test ReLU's own pullback makes), then batch normalization's
 * closed form on {@code u} ({@link StatisticOp#batchNormalize}).
 *
 * @param epsilon added to each column's variance
 */
public record RectifiedBatchNormalize(double epsilon) implements CustomOp, BufferSafe {

    @Override
    public String name() {
        return "batchNormalize+relu";
    }

    @Override
    public Shape shape(List<Node> inputs) {
        return normalized(inputs).shape();
    }

    @Override
    public Tensor forward(List<Tensor> inputs, Shape out) {
        return Standardization.batchNormalize(inputs.get(0), inputs.get(1), inputs.get(2), epsilon, true);
    }

    @Override
    public List<Node> vjp(Node y, Node yBar) {
        Node normalized = normalized(y.inputs());
        Node passed = yBar.mul(y.greater(SourceOp.scalar(0, y.dtype())).cast(y.dtype()));
        return normalized.op().vjp(normalized, passed);
    }

    /** The batch normalization this op rectifies, as a plain node (its checks are this op's). */
    private Node normalized(List<Node> inputs) {
        if (inputs.size() != 3) {
            throw new IllegalArgumentException(name() + ": takes 3 inputs (x, gamma, beta), got " + inputs.size());
        }
        return StatisticOp.batchNormalize(inputs.get(0), inputs.get(1), inputs.get(2), epsilon);
    }
}
