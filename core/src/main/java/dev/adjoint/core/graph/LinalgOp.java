package dev.adjoint.core.graph;

import dev.adjoint.core.kernel.MatmulKernels;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.Objects;

/** Linear algebra: the matrix product, compositions built on it, and their factories. */
public sealed interface LinalgOp extends Op {

    /**
     * NumPy's {@code matmul}: {@code [..., m, k] · [..., k, n] -> [..., m, n]}, the leading dimensions broadcast
     * (a 2-D operand is shared by every matrix of the other, unbroadcast). A 1-D first operand is a row
     * ({@code [k] -> [1, k]}), a 1-D second operand a column, and the added axis is removed from the result.
     *
     * @throws IllegalArgumentException e.g. {@code matmul: inner dimensions must match, got x : f64[N, 3] and
     *     W : f64[4, 2]}
     */
    static Node matmul(Node a, Node b) {
        Objects.requireNonNull(a, "matmul: first operand is null");
        Objects.requireNonNull(b, "matmul: second operand is null");
        Node a2 = a.rank() == 1 ? a.unsqueeze(0) : a;
        Node b2 = b.rank() == 1 ? b.unsqueeze(1) : b;
        if (a.rank() == 0 || b.rank() == 0 || a2.shape().dim(-1) != b2.shape().dim(-2)) {
            throw new IllegalArgumentException("matmul: " + (a.rank() == 0 || b.rank() == 0 ? "operands must have"
                    + " rank >= 1" : "inner dimensions must match") + ", got " + Node.describe(List.of(a, b)));
        }
        Node[] ab = a2.rank() == 2 || b2.rank() == 2 ? new Node[] {a2, b2} : broadcastLeading(a2, b2, "matmul");
        Node c = Node.apply(new LinalgOp.MatMul(), ab[0], ab[1]);
        c = b.rank() == 1 ? c.squeeze(-1) : c;
        return a.rank() == 1 ? c.squeeze(b.rank() == 1 ? -1 : -2) : c;
    }

    /** Both operands (rank >= 2) with their leading dimensions broadcast to a common shape, matrices kept. */
    static Node[] broadcastLeading(Node a, Node b, String op) {
        int[] da = a.shape().dims();
        int[] db = b.shape().dims();
        Shape lead;
        try {
            lead = Shape.broadcast(Shape.of(java.util.Arrays.copyOf(da, da.length - 2)),
                    Shape.of(java.util.Arrays.copyOf(db, db.length - 2)), op);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(op + ": leading dimensions must broadcast (equal or 1, aligned on the"
                    + " right), got " + Node.describe(List.of(a, b)));
        }
        int[] l = lead.dims();
        int[] ta = java.util.Arrays.copyOf(l, l.length + 2);
        int[] tb = java.util.Arrays.copyOf(l, l.length + 2);
        System.arraycopy(da, da.length - 2, ta, l.length, 2);
        System.arraycopy(db, db.length - 2, tb, l.length, 2);
        return new Node[] {Broadcasting.to(a, Shape.of(ta)), Broadcasting.to(b, Shape.of(tb))};
    }

    /**
     * The inner product of two vectors of equal length, {@code sum_i a_i b_i} (a composition); tensors of
     * any equal shape give the sum of their elementwise product. No broadcasting: {@code dot} of {@code [3]}
     * and {@code [1]} is an error, not a scaled sum.
     *
     * @throws IllegalArgumentException {@code dot: operands must have equal shapes, got a : f64[3] and b : f64[4]}
     */
    static Node dot(Node a, Node b) {
        Objects.requireNonNull(a, "dot: first operand is null");
        Objects.requireNonNull(b, "dot: second operand is null");
        if (!a.shape().equals(b.shape())) {
            throw new IllegalArgumentException("dot: operands must have equal shapes, got "
                    + Node.describe(List.of(a, b)));
        }
        DTypeSet.FLOATING.common("dot", List.of(a, b)); // named as dot, not as the mul or sum inside
        return a.mul(b).sum();
    }

    /**
     * The matrix product {@code C[..., i, j] = sum_k A[..., i, k] B[..., k, j]}.
     *
     * <p>Shapes: {@code A : [..., m, k]} and {@code B : [..., k, n]} with equal leading dimensions, or one of
     * them 2-D and shared by every matrix of the other (as {@code W} in {@code x · W} for a batch).
     *
     * <p>VJP: {@code ABar = CBar · Bᵀ}; {@code BBar = Aᵀ · CBar}. A shared operand's cotangent is summed over
     * the leading dimensions, as one contraction over them and the inner axis ({@link ContractionOp}): one GEMM
     * with {@code K = leading · m}, never a per-matrix product summed afterwards.
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
                throw new IllegalArgumentException("matmul: operands must have rank >= 2, got "
                        + Node.describe(inputs) + "; unsqueeze a vector to a matrix");
            }
            if (a.dim(-1) != b.dim(-2)) {
                throw new IllegalArgumentException("matmul: inner dimensions must match, got "
                        + Node.describe(inputs));
            }
            if (a.rank() > 2 && b.rank() > 2) {
                boolean sameLeading = a.rank() == b.rank();
                for (int i = 0; sameLeading && i < a.rank() - 2; i++) {
                    sameLeading = a.dim(i) == b.dim(i);
                }
                if (!sameLeading) {
                    throw new IllegalArgumentException("matmul: batched operands must have equal leading dimensions,"
                            + " got " + Node.describe(inputs) + "; LinalgOp.matmul broadcasts them");
                }
            }
            return a.rank() >= b.rank() ? a.with(-1, b.dim(-1)) : b.with(-2, a.dim(-2));
        }

        @Override
        public Tensor forward(List<Tensor> inputs, Shape out) {
            return MatmulKernels.matmul(inputs.get(0), inputs.get(1), out);
        }

        @Override
        public List<Node> vjp(Node y, Node yBar) {
            Node a = y.inputs().get(0);
            Node b = y.inputs().get(1);
            int lead = yBar.rank() - 2;
            int[] none = {};
            int[] rows = new int[lead + 1]; // the leading axes and the row axis m of A and CBar
            int[] cols = new int[lead + 1]; // the leading axes and the column axis n of B and CBar
            for (int i = 0; i <= lead; i++) {
                rows[i] = i;
                cols[i] = i == lead ? lead + 1 : i;
            }
            Node aBar = a.rank() == 2 && lead > 0 ? ContractionOp.contract(yBar, b, none, none, cols, cols)
                    : yBar.matmul(b.transpose());
            Node bBar = b.rank() == 2 && lead > 0 ? ContractionOp.contract(a, yBar, none, none, rows, rows)
                    : a.transpose().matmul(yBar);
            return List.of(aBar, bBar);
        }
    }
}
