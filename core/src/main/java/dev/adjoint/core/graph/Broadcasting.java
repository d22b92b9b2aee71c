package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.Shape;

/**
 * NumPy broadcasting, in one place: operands of different shapes are aligned on the right and each is
 * wrapped in an explicit {@code broadcastTo} node when its shape differs from the result's, so the elementwise
 * primitives ({@link UnaryOp}, {@link BinaryOp}, {@link WhereOp}) only ever see equal shapes and the gradient
 * of broadcasting (a sum) lives in one VJP, that of {@link MovementOp.BroadcastTo}.
 */
final class Broadcasting {

    private Broadcasting() {
    }

    /** Both operands broadcast to their common shape. */
    static Node[] pair(Node a, Node b, String op) {
        // messages built only on failure: this runs once per node built, 100,000s of times for a big graph
        if (a == null) {
            throw new NullPointerException(op + ": first operand is null");
        }
        if (b == null) {
            throw new NullPointerException(op + ": second operand is null");
        }
        Shape shape = shape(op, a, b);
        return new Node[] {to(a, shape), to(b, shape)};
    }

    /** The common shape of the operands, or an error naming them all when they do not broadcast. */
    static Shape shape(String op, Node... operands) {
        Shape shape = operands[0].shape();
        try {
            for (int i = 1; i < operands.length; i++) {
                shape = Shape.broadcast(shape, operands[i].shape(), op);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(op + ": shapes must broadcast (equal dimensions or 1, aligned on the"
                    + " right), got " + Node.describe(java.util.Arrays.asList(operands)));
        }
        return shape;
    }

    /** {@code op(a, b)} after broadcasting both operands to their common shape: the two-operand factories. */
    static Node apply(Op op, Node a, Node b) {
        Node[] ab = pair(a, b, op.name());
        return Node.apply(op, ab[0], ab[1]);
    }

    /** {@code x} itself when it has {@code shape}, else {@code broadcastTo(x, shape)}. */
    static Node to(Node x, Shape shape) {
        return x.shape().equals(shape) ? x : MovementOp.broadcastTo(x, shape);
    }
}
