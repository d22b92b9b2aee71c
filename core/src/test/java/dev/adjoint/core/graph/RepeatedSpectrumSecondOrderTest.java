package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.eval.Evaluator;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Second derivatives of eigh and svd where eigenvalues or singular values repeat, or a singular value is 0, as
 * {@link DecompositionOp.Eigh} and {@link DecompositionOp.Svd} document them: finite (PyTorch 1.13 gives NaN in
 * every entry of the Hessian-vector product of {@code sum(eigvalsh(A)^3)} at {@code diag(1, 1, 2)}), exact but
 * for the entries that couple a repeated pair, which are 0.
 */
class RepeatedSpectrumSecondOrderTest {

    private static final Tensor REPEATED = Tensor.matrix(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 2}});
    private static final Tensor SINGULAR = Tensor.matrix(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 0}});
    private static final Tensor TANGENT = Tensor.matrix(new double[][] {{0.3, 0.1, -0.2}, {0.1, 0.5, 0.4},
        {-0.2, 0.4, -0.1}});
    private static final Tensor WEIGHTS = Tensor.matrix(new double[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}});

    private static double[] hvp(Function<Node, Node> f, Tensor at) {
        Node a = SourceOp.input("a", Shape.of(3, 3));
        Node t = SourceOp.input("t", Shape.of(3, 3));
        Node h = Autodiff.hvp(f.apply(a), a, t);
        return Evaluator.evaluateIgnoringUnused(h, Bindings.of(a, at).and(t, TANGENT)).toDoubleArray();
    }

    /**
     * {@code sum(w^3) = tr(S^3)} with S the symmetric matrix of A's lower triangle: its Hessian-vector product
     * is the lower triangle of {@code 3 (S T + T S)}, off-diagonal entries doubled, {@code 3 T_ij (a_i + a_j)}
     * at {@code diag(a)}; the entry (1, 0) couples the repeated eigenvalues 1, 1, and reads 0 (exact: 1.2).
     */
    @Test
    void eigenvalueHessianIsExactButForTheRepeatedPair() {
        double[] got = hvp(a -> {
            Node w = DecompositionOp.eigvalsh(a);
            return w.mul(w).mul(w).sum();
        }, REPEATED);
        double[] exactButPair = {1.8, 0, 0, 0 /* exact 1.2 */, 3.0, 0, -3.6, 7.2, -1.2};
        assertArrayEquals(exactButPair, got, 1e-12);
    }

    @Test
    void secondDerivativesAreFiniteAtRepeatedAndZeroValues() {
        List<Function<Node, Node>> functions = List.of(
                a -> DecompositionOp.eigh(a).eigenvectors().mul(SourceOp.constant(WEIGHTS)).sum().square(),
                a -> {
                    DecompositionOp.EighFactors e = DecompositionOp.eigh(a);
                    return e.eigenvectors().mul(SourceOp.constant(WEIGHTS)).sum().mul(e.eigenvalues().sum());
                },
                a -> DecompositionOp.svd(a).u().mul(SourceOp.constant(WEIGHTS)).sum().square(),
                a -> {
                    DecompositionOp.SvdFactors s = DecompositionOp.svd(a);
                    return s.u().mul(SourceOp.constant(WEIGHTS)).sum().square()
                            .add(s.vh().mul(SourceOp.constant(WEIGHTS)).sum());
                },
                a -> {
                    Node s = DecompositionOp.svdvals(a);
                    return s.mul(s).mul(s).sum();
                },
                a -> DecompositionOp.svdvals(a).sum());
        for (int i = 0; i < functions.size(); i++) {
            for (Tensor at : List.of(REPEATED, SINGULAR)) {
                for (double v : hvp(functions.get(i), at)) {
                    assertTrue(Double.isFinite(v), "function " + i + " at " + at + ": " + v);
                }
            }
        }
    }
}
