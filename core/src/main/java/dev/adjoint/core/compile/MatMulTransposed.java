package dev.adjoint.core.compile;

import dev.adjoint.core.graph.CustomOp;
import dev.adjoint.core.graph.LinalgOp;
import dev.adjoint.core.graph.MovementOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.kernel.BufferSafe;
import dev.adjoint.core.kernel.MatmulKernels;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;

/**
 * {@code C = op(A)·op(B)} with {@code op} a transposition of the last two axes when its flag is set: the op
 * {@link TransposeFolding} puts in place of {@code matmul(permute(A), B)} and friends, so the GEMM reads
 * the operand in its stored layout and no transposed copy is made. Shapes: {@code A : [..., m, k]}
 * ({@code [..., k, m]} with {@code transposeA}), {@code B : [k, n]} or {@code [..., k, n]}
 * ({@code [.., n, k]} with {@code transposeB}); {@code C : [..., m, n]}.
 *
 * <p>VJP: that of {@code matmul} on the transposed operands, transposed back.
 */
public record MatMulTransposed(boolean transposeA, boolean transposeB) implements CustomOp, BufferSafe {

    @Override
    public String name() {
        return "matmul" + (transposeA ? "[Aᵀ]" : "") + (transposeB ? "[Bᵀ]" : "");
    }


    @Override
    public Shape shape(List<Node> inputs) {
        return LinalgOp.matmul(operand(inputs.get(0), transposeA), operand(inputs.get(1), transposeB)).shape();
    }

    @Override
    public Tensor forward(List<Tensor> inputs, Shape out) {
        return MatmulKernels.matmul(inputs.get(0), transposeA, inputs.get(1), transposeB, out);
    }

    @Override
    public List<Node> vjp(Node y, Node yBar) {
        Node a = operand(y.inputs().get(0), transposeA);
        Node b = operand(y.inputs().get(1), transposeB);
        Node product = LinalgOp.matmul(a, b);
        List<Node> bars = product.op().vjp(product, yBar);
        return List.of(operand(bars.get(0), transposeA), operand(bars.get(1), transposeB));
    }

    /** {@code x} or {@code x} with its last two axes swapped. */
    static Node operand(Node x, boolean transpose) {
        if (!transpose) {
            return x;
        }
        int[] perm = new int[x.rank()];
        for (int a = 0; a < perm.length; a++) {
            perm[a] = a;
        }
        perm[perm.length - 2] = perm.length - 1;
        perm[perm.length - 1] = perm.length - 2;
        return MovementOp.permute(x, perm);
    }
}
