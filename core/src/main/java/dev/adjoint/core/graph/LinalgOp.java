package dev.adjoint.core.graph;

import dev.adjoint.core.kernel.MatmulKernels;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Linear algebra: the matrix product, compositions built on it, and their factories. */
public sealed interface LinalgOp extends Op {

    /**
     * The matrix product {@code a · b}: {@code [..., m, k] · [k, n]} or {@code [..., m, k] · [..., k, n]}.
     *
     * @throws IllegalArgumentException e.g. {@code matmul: inner dimensions must match, got [3, 4] and [5, 2]}
     */
    static Node matmul(Node a, Node b) {
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
    static Node dot(Node a, Node b) {
        Objects.requireNonNull(a, "dot: first operand is null");
        Objects.requireNonNull(b, "dot: second operand is null");
        if (!a.shape().equals(b.shape())) {
            throw new IllegalArgumentException("dot: operands must have equal shapes, got " + a.shape() + " and "
                    + b.shape());
        }
        return a.mul(b).sum();
    }

    /**
     * The matrix product {@code C[..., i, j] = sum_k A[..., i, k] B[..., k, j]}.
     *
     * <p>Shapes: {@code A : [..., m, k]}, and {@code B : [k, n]} (one matrix shared by every matrix of A, as
     * in {@code x · W} for a batch) or {@code B : [..., k, n]} with the same leading dimensions as A.
     *
     * <p>VJP: {@code ABar = CBar · Bᵀ}; {@code BBar = Aᵀ · CBar}, summed over A's leading dimensions when B
     * is shared.
     */
    record MatMul() implements LinalgOp {
        @Override
        public String name() {
            return "matmul";
        }

        @Override public Notation notation(List<Node> in) { return Notation.MATRIX_PRODUCT; }

        @Override
        public Shape shape(List<Node> inputs) {
            if (inputs.size() != 2) {
                throw new IllegalArgumentException("matmul: takes two inputs, got " + inputs.size());
            }
            Shape a = inputs.get(0).shape();
            Shape b = inputs.get(1).shape();
            if (a.rank() < 2 || b.rank() < 2) {
                throw new IllegalArgumentException("matmul: operands must have rank >= 2, got " + a + " and " + b
                        + "; unsqueeze a vector to a matrix");
            }
            if (a.dim(-1) != b.dim(-2)) {
                throw new IllegalArgumentException("matmul: inner dimensions must match, got " + a + " and " + b);
            }
            if (b.rank() > 2) {
                boolean sameLeading = a.rank() == b.rank();
                for (int i = 0; sameLeading && i < a.rank() - 2; i++) {
                    sameLeading = a.dim(i) == b.dim(i);
                }
                if (!sameLeading) {
                    throw new IllegalArgumentException("matmul: batched operands must have equal leading dimensions,"
                            + " got " + a + " and " + b + "; or make B 2-D to share it");
                }
            }
            return a.with(-1, b.dim(-1));
        }

        @Override
        public Tensor forward(List<Tensor> inputs, Shape out) {
            return MatmulKernels.matmul(inputs.get(0), inputs.get(1), out);
        }

        @Override
        public List<Node> vjp(Node y, Node yBar) {
            Node a = y.inputs().get(0);
            Node b = y.inputs().get(1);
            Node aBar = yBar.matmul(b.transpose());
            Node bBar = a.transpose().matmul(yBar);
            if (b.rank() == 2 && a.rank() > 2) {
                List<Integer> leading = new ArrayList<>();
                for (int i = 0; i < a.rank() - 2; i++) {
                    leading.add(i);
                }
                bBar = Node.apply(new ReduceOp.Sum(leading, false), bBar);
            }
            return List.of(aBar, bBar);
        }
    }
}
