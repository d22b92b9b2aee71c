package dev.adjoint.core.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A per-step gradient of a value a loop reads at every step, split into matrix products of per-step factors
 * and the rest, so that the sum over the steps of the products is one contraction after the loop. A weight
 * {@code U} read as {@code h_t U} at step t gets the cotangent {@code h_tᵀ · zBar_t} from each step, and
 *
 * <pre>
 * sum_t a_tᵀ b_t  =  contract(A, B) over axes (0, 1),   A = stack_t a_t : [T, R, m],  B = stack_t b_t : [T, R, n]
 * </pre>
 *
 * one GEMM of inner dimension {@code T·R} instead of T products of inner dimension R added one by one: the same
 * value, summed in another order (so it agrees with the step-by-step sum to rounding, not bit for bit).
 */
final class StepProducts {

    /**
     * One term {@code aᵀ · b} of matrices {@code a : [R, m]}, {@code b : [R, n]}.
     *
     * @param a the left factor, transposed in the product
     * @param b the right factor
     */
    record Product(Node a, Node b) {
    }

    /**
     * A gradient {@code g = sum of products + rest}.
     *
     * @param products the terms {@code aᵀ · b}
     * @param rest the other terms summed, a zero of g's type when there are none
     */
    record Split(List<Product> products, Node rest) {
    }

    private StepProducts() {
    }

    /**
     * Splits {@code g} along its sums (additions of two operands of g's shape) into the products
     * {@code transpose(a) · b} of rank-2 factors and the rest.
     */
    static Split split(Node g) {
        List<Product> products = new ArrayList<>();
        Node rest = null;
        Deque<Node> work = new ArrayDeque<>();
        work.push(g);
        while (!work.isEmpty()) {
            Node n = work.pop();
            if (n.op() instanceof BinaryOp.Add && n.inputs().get(0).shape().equals(n.shape())
                    && n.inputs().get(1).shape().equals(n.shape())) {
                work.push(n.inputs().get(1));
                work.push(n.inputs().get(0));
            } else if (isProduct(n)) {
                products.add(new Product(n.inputs().get(0).inputs().get(0), n.inputs().get(1)));
            } else {
                rest = rest == null ? n : rest.add(n);
            }
        }
        return new Split(products, rest == null ? SourceOp.zerosLike(g) : rest);
    }

    /** Whether {@code n} is {@code transpose(a) · b} with a and b matrices. */
    private static boolean isProduct(Node n) {
        if (!(n.op() instanceof LinalgOp.MatMul) || n.rank() != 2) {
            return false;
        }
        Node left = n.inputs().get(0);
        return left.op() instanceof MovementOp.Permute p && p.perm().equals(List.of(1, 0))
                && n.inputs().get(1).rank() == 2;
    }

    /** {@code sum_t a_tᵀ b_t} from the stacked factors {@code as : [T, R, m]} and {@code bs : [T, R, n]}. */
    static Node summed(Node as, Node bs) {
        int[] none = {};
        return ContractionOp.contract(as, bs, none, none, new int[] {0, 1}, new int[] {0, 1});
    }
}
