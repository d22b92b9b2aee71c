package dev.adjoint.core.compile;

import dev.adjoint.core.graph.LinalgOp;
import dev.adjoint.core.graph.MovementOp;
import dev.adjoint.core.graph.Node;
import java.util.List;

/**
 * {@code matmul(permute(A), B) → matmul[Aᵀ](A, B)}, and the same for B or both, when the permutation swaps
 * the last two axes and keeps the others: the GEMM reads the operand transposed in place. Reverse-mode
 * differentiation of {@code x·W} produces exactly these products ({@code dW = xᵀ·dY}, {@code dx = dY·Wᵀ}),
 * so a training step loses every transposed copy; the permute nodes become dead.
 */
final class TransposeFolding {

    /** This pass as a local rule, for {@link Compiler}'s single walk. */
    Rebuild.Rule rule(Report report) {
        return node -> {
            if (!(node.op() instanceof LinalgOp.MatMul)) {
                return node;
            }
            Node a = node.inputs().get(0);
            Node b = node.inputs().get(1);
            boolean ta = swapsLastTwo(a);
            boolean tb = swapsLastTwo(b);
            if (!ta && !tb) {
                return node;
            }
            report.fired("matmul(transpose) -> transposed GEMM");
            return Node.apply(new MatMulTransposed(ta, tb), ta ? a.inputs().get(0) : a, tb ? b.inputs().get(0) : b);
        };
    }

    private static boolean swapsLastTwo(Node x) {
        if (!(x.op() instanceof MovementOp.Permute p)) {
            return false;
        }
        List<Integer> perm = p.perm();
        int r = perm.size();
        if (r < 2 || perm.get(r - 2) != r - 1 || perm.get(r - 1) != r - 2) {
            return false;
        }
        for (int a = 0; a < r - 2; a++) {
            if (perm.get(a) != a) {
                return false;
            }
        }
        return true;
    }
}
