package dev.adjoint.core.graph;

import java.util.Objects;

/** Factories for linear algebra: the matrix product and compositions built on it. */
public final class Linalg {

    private Linalg() {
    }

    /**
     * The matrix product {@code a · b}: {@code [..., m, k] · [k, n]} or {@code [..., m, k] · [..., k, n]}.
     *
     * @throws IllegalArgumentException e.g. {@code matmul: inner dimensions must match, got [3, 4] and [5, 2]}
     */
    public static Node matmul(Node a, Node b) {
        Objects.requireNonNull(a, "matmul: first operand is null");
        Objects.requireNonNull(b, "matmul: second operand is null");
        return Node.apply(new LinalgOp.MatMul(), a, b);
    }

    /**
     * The inner product of two vectors of equal length, {@code sum_i a_i b_i} (a composition); tensors of
     * any equal shape give the sum of their elementwise product. No broadcasting: {@code dot} of {@code [3]}
     * and {@code [1]} is an error, not a scaled sum.
     *
     * @throws IllegalArgumentException {@code dot: operands must have equal shapes, got [3] and [4]}
     */
    public static Node dot(Node a, Node b) {
        Objects.requireNonNull(a, "dot: first operand is null");
        Objects.requireNonNull(b, "dot: second operand is null");
        if (!a.shape().equals(b.shape())) {
            throw new IllegalArgumentException("dot: operands must have equal shapes, got " + a.shape() + " and "
                    + b.shape());
        }
        return Elementwise.mul(a, b).sum();
    }
}
