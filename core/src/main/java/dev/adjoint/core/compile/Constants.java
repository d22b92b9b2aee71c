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
        if (n.op() instanceof SourceOp.Constant c && c.value().size() >= 1) {
            // a folded broadcast of a scalar is a constant tensor of equal elements: still uniform, so that
            // x*1 reads the same whether folding reached the broadcast first or not (the compiler applies
            // its local rules node by node)
            double first = c.value().flat(0);
            long bits = Double.doubleToRawLongBits(first);
            int size = c.value().size();
            for (int i = 1; i < size; i++) {
                if (Double.doubleToRawLongBits(c.value().flat(i)) != bits) {
                    return Double.NaN;
                }
            }
            return first;
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
