package dev.adjoint.core.compile;

import dev.adjoint.core.graph.MovementOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;

/** Recognizes nodes whose every element is one known number: scalar constants, fills, and their broadcasts. */
final class Constants {

    private Constants() {
    }

    /** The value every element of {@code node} has, or NaN when it is not a known uniform constant. */
    static double uniformValue(Node node) {
        Node n = node;
        while (n.op() instanceof MovementOp.BroadcastTo || n.op() instanceof MovementOp.Reshape) {
            n = n.inputs().get(0);
        }
        if (n.op() instanceof SourceOp.Fill fill) {
            return fill.value();
        }
        if (n.op() instanceof SourceOp.Constant c && c.value().size() == 1) {
            return c.value().flat(0);
        }
        return Double.NaN;
    }

    /** True when {@code node} is known to be {@code value} everywhere (bitwise, so -0 is not 0). */
    static boolean is(Node node, double value) {
        double v = uniformValue(node);
        return Double.doubleToRawLongBits(v) == Double.doubleToRawLongBits(value);
    }

    /** True for a constant source with a concrete shape: a constant tensor or a fill. */
    static boolean isConstant(Node node) {
        return (node.op() instanceof SourceOp.Constant || node.op() instanceof SourceOp.Fill)
                && node.shape().isConcrete();
    }
}
