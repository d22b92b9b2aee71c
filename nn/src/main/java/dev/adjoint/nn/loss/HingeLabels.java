package dev.adjoint.nn.loss;

import dev.adjoint.core.graph.BinaryOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.graph.WhereOp;

/** The label convention of the hinge losses, shared by {@link Hinge} and {@link SquaredHinge}. */
final class HingeLabels {

    private HingeLabels() {
    }

    /**
     * Keras's {@code _maybe_convert_labels}: when every label of the batch is 0 or 1, the labels become
     * {@code 2y - 1} in {@code {-1, 1}}; otherwise they are used as given (expected in {@code {-1, 1}}).
     * Decided per evaluated batch, in the graph: {@code where(all(y == 0 || y == 1), 2y - 1, y)}.
     */
    static Node signed(Node y) {
        Node zero = SourceOp.scalar(0.0, y.dtype());
        Node one = SourceOp.scalar(1.0, y.dtype());
        Node allBinary = BinaryOp.equal(y, zero).logicalOr(BinaryOp.equal(y, one)).all();
        return WhereOp.where(allBinary, y.mul(2.0).sub(1.0), y);
    }
}
