package dev.adjoint.core.compile;

import dev.adjoint.core.graph.CustomOp;
import dev.adjoint.core.graph.LinalgOp;
import dev.adjoint.core.graph.MovementOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.ReduceOp;
import dev.adjoint.core.kernel.BiasedMatmulKernels;
import dev.adjoint.core.kernel.BufferSafe;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;

/**
 * {@code C = op(A)·op(B) + b}, a bias {@code b} of the product's last dimension n ({@code [n]}, or
 * {@code [1, ..., 1, n]}) added to every row: the op {@link BiasFolding} puts in place of
 * {@code add(matmul(A, B), broadcastTo(b))}, computed by {@link BiasedMatmulKernels}. The same bits: every
 * element is its dot product, then one exactly rounded addition of {@code b_j}. Shapes and {@code op} as in
 * {@link MatMulTransposed}.
 *
 * <p>VJP: that of the product, and {@code bBar = Σ_rows yBar} (summed over every axis but the last).
 *
 * @param transposeA whether A is stored {@code [..., k, m]} and read transposed
 * @param transposeB whether B is stored {@code [..., n, k]} and read transposed
 */
public record MatMulBias(boolean transposeA, boolean transposeB) implements CustomOp, BufferSafe {

    @Override
    public String name() {
        return "matmul" + (transposeA ? "[Aᵀ]" : "") + (transposeB ? "[Bᵀ]" : "") + "+bias";
    }

    @Override
    public Shape shape(List<Node> inputs) {
        if (inputs.size() != 3) {
            throw new IllegalArgumentException(name() + ": takes A, B and a bias, got " + inputs.size() + " inputs");
        }
        Shape c = product(inputs).shape();
        if (!rowVector(inputs.get(2).shape(), c)) {
            throw new IllegalArgumentException(name() + ": the bias must be a vector of the product's last dimension"
                    + " ([n] or [1, ..., 1, n]), got " + Node.describe(inputs) + " for a product " + c);
        }
        return c;
    }

    @Override
    public Tensor forward(List<Tensor> inputs, Shape out) {
        return BiasedMatmulKernels.matmulBias(inputs.get(0), transposeA, inputs.get(1), transposeB, inputs.get(2),
                out);
    }

    @Override
    public List<Node> vjp(Node y, Node yBar) {
        Node product = product(y.inputs());
        List<Node> bars = product.op().vjp(product, yBar);
        int[] rows = new int[y.rank() - 1];
        for (int a = 0; a < rows.length; a++) {
            rows[a] = a;
        }
        Node biasBar = MovementOp.reshape(ReduceOp.sum(yBar, rows), y.inputs().get(2).shape());
        return List.of(MatMulTransposed.operand(bars.get(0), transposeA),
                MatMulTransposed.operand(bars.get(1), transposeB), biasBar);
    }

    /** Whether {@code bias} is {@code [n]} or {@code [1, ..., 1, n]} for a product {@code [..., n]}. */
    static boolean rowVector(Shape bias, Shape product) {
        int n = product.dim(product.rank() - 1);
        if (bias.rank() < 1 || bias.rank() > product.rank() || n == Shape.BATCH || bias.dim(bias.rank() - 1) != n) {
            return false;
        }
        for (int a = 0; a < bias.rank() - 1; a++) {
            if (bias.dim(a) != 1) {
                return false;
            }
        }
        return true;
    }

    /** {@code op(A)·op(B)} as a plain product node. */
    private Node product(List<Node> inputs) {
        return LinalgOp.matmul(MatMulTransposed.operand(inputs.get(0), transposeA),
                MatMulTransposed.operand(inputs.get(1), transposeB));
    }
}
