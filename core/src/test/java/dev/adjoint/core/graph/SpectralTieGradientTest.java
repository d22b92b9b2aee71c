package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.check.GradCheck;
import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Gradients through {@code svd} and {@code eigh} where two singular values or eigenvalues tie, exactly or up to
 * rounding, as {@link DecompositionOp.Svd} and {@link DecompositionOp.Eigh} document them. The functions checked
 * are smooth at the tie (the polar factor {@code U·Vh} of a full-rank matrix, the projector onto the span of
 * tied vectors), so central differences at the tie itself are a reference; where a reference was pinned, the
 * comment names the call (NumPy 1.24, mpmath 1.2). PyTorch 1.13 is no reference here: it gives zeros for the
 * polar factor at a rotation, NaN at {@code diag(3, 3)}, and finite values of order 1 that central differences
 * contradict at eigenvalues split by rounding.
 */
class SpectralTieGradientTest {

    private static final double THETA = 0.5;
    private static final Tensor ROTATION = Tensor.matrix(new double[][] {
        {Math.cos(THETA), -Math.sin(THETA)}, {Math.sin(THETA), Math.cos(THETA)}});
    private static final Tensor C2 = Tensor.matrix(new double[][] {{1, 2}, {3, 4}});
    private static final Tensor C3 = Tensor.matrix(new double[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}});

    private static double[] gradient(UnaryOperator<Node> loss, Tensor at) {
        Node x = SourceOp.input("x", at.shape(), at.dtype());
        return Function.of(List.of(x), List.of(Autodiff.grad(loss.apply(x), x))).call(at).get(0).toDoubleArray();
    }

    private static void assertMatchesCentralDifferences(UnaryOperator<Node> loss, Tensor at) {
        Node x = SourceOp.input("x", at.shape(), at.dtype());
        GradCheck.check(loss.apply(x), List.of(x), Bindings.of(x, at)).assertPassed();
    }

    /** {@code sum(U·Vh ∘ c)}, c broadcast over the leading dimensions. */
    private static UnaryOperator<Node> polar(Tensor c) {
        return a -> {
            DecompositionOp.SvdFactors f = a.svd();
            return f.u().matmul(f.vh()).mul(SourceOp.constant(c)).sum();
        };
    }

    /** {@code sum(U diag(s) Vh ∘ c)}, which is {@code sum(A ∘ c)}. */
    private static UnaryOperator<Node> reconstruction(Tensor c) {
        return a -> {
            DecompositionOp.SvdFactors f = a.svd();
            return f.u().mul(f.s().unsqueeze(-2)).matmul(f.vh()).mul(SourceOp.constant(c)).sum();
        };
    }

    /**
     * At a rotation Q (s = (1, 1)) the polar factor is Q itself, and the gradient of {@code sum(Q ∘ C)} is
     * {@code (C - Q Cᵀ Q) / 2}: evaluated with NumPy 1.24 at θ = 0.5. Dropping the whole coupling term at the tie
     * gave zeros (as PyTorch 1.13 does).
     */
    @Test
    void polarFactorGradientAtARotationIsTheAnalyticOne() {
        double[] expected = {0.36425437146285145, 0.666763154542836, -0.666763154542835, 0.3642543714628519};
        assertArrayEquals(expected, gradient(polar(C2), ROTATION), 1e-15);
        assertMatchesCentralDifferences(polar(C2), ROTATION);
    }

    /**
     * {@code A = Q diag(1, 1 + gap)}: at the tie, 1e-9 and 1e-6 from it the gradient agrees with central
     * differences and moves continuously (by about the gap, plus the rounding of the coupling's numerator divided
     * by the gap: 1e-7 at a gap of 1e-9).
     */
    @Test
    void polarFactorGradientIsContinuousAcrossTheTie() {
        double[] atTie = gradient(polar(C2), ROTATION);
        for (double gap : new double[] {0, 1e-9, 1e-6}) {
            double[] q = ROTATION.toDoubleArray();
            Tensor a = Tensor.of(Shape.of(2, 2), q[0], q[1] * (1 + gap), q[2], q[3] * (1 + gap));
            assertMatchesCentralDifferences(polar(C2), a);
            assertArrayEquals(atTie, gradient(polar(C2), a), 2 * gap + 1e-6, "gap " + gap);
        }
    }

    /**
     * The polar factor of a wide {@code [[3, 0, 0], [0, 3, 0]]} (its extra column enters through
     * {@code S⁻¹ V̄ᵀ (I - V Vᵀ)}), and of a stack whose first matrix is {@code diag(5, 5)} and second has distinct
     * values: {@code [[0, -1/3, 1], [1/3, 0, 2]]} for the wide one (numpy.linalg.svd, central differences with
     * h = 1e-6 gave it to 1e-9), and central differences everywhere.
     */
    @Test
    void polarFactorGradientIsExactAtWideAndBatchedTies() {
        Tensor wide = Tensor.matrix(new double[][] {{3, 0, 0}, {0, 3, 0}});
        Tensor c = Tensor.matrix(new double[][] {{1, 2, 3}, {4, 5, 6}});
        assertArrayEquals(new double[] {0, -1.0 / 3, 1, 1.0 / 3, 0, 2}, gradient(polar(c), wide), 1e-15);
        assertMatchesCentralDifferences(polar(c), wide);
        Tensor tall = Tensor.matrix(new double[][] {{3, 0}, {0, 3}, {0, 0}});
        assertMatchesCentralDifferences(polar(Tensor.matrix(new double[][] {{1, 4}, {2, 5}, {3, 6}})), tall);
        Tensor stack = Tensor.of(Shape.of(2, 2, 2), 5, 0, 0, 5, 0.3, -1.2, 0.8, 0.4);
        assertMatchesCentralDifferences(polar(C2), stack);
        // off the diagonal (c_ij - c_ji) / (s_i + s_j)
        assertArrayEquals(new double[] {0, -0.1, 0.1, 0}, Arrays.copyOf(gradient(polar(C2), stack), 4), 1e-15);
    }

    /**
     * {@code sum(U diag(s) Vh ∘ C) = sum(A ∘ C)} has the gradient C everywhere, but at a tie between nonzero values
     * the VJP cannot give it: the coupling's part {@code ½ (p + q)_ij / (s_j - s_i)} tends to the symmetric part of
     * {@code M = Uᵀ C V} on the tied pair, a limit the cotangents at the tie do not carry (see
     * {@link DecompositionOp.Svd}). What is kept is exact: the diagonal and the antisymmetric part
     * {@code (C_ij - C_ji) / 2} off it, here {@code [[1, -0.5], [0.5, 4]]} at {@code diag(3, 3)} (exact: C).
     */
    @Test
    void reconstructionAtATieKeepsTheAntisymmetricPartOfTheCoupling() {
        Tensor diag = Tensor.matrix(new double[][] {{3, 0}, {0, 3}});
        assertArrayEquals(new double[] {1, -0.5, 0.5, 4}, gradient(reconstruction(C2), diag), 1e-15);
        double[] distinct = gradient(reconstruction(C2), Tensor.matrix(new double[][] {{3, 0}, {0, 2}}));
        assertArrayEquals(C2.toDoubleArray(), distinct, 1e-14);
    }

    /**
     * The same for eigh: {@code sum(V diag(w) Vᵀ ∘ C)} is {@code sum(S ∘ C)}, S the symmetric matrix of A's lower
     * triangle, whose gradient holds {@code C_ij + C_ji} below the diagonal. At {@code diag(2, 2, 5)} the tied
     * pair's entry (1, 0) is the missing {@code N_10 f'(w)} ({@code N = Vᵀ (C + Cᵀ) V}, f the identity): 0 where it
     * is 6; at {@code diag(2, 2.5, 5)} it is 6.
     */
    @Test
    void eigenReconstructionAtATieMissesTheTiedPairsEntry() {
        UnaryOperator<Node> reconstruction = a -> {
            DecompositionOp.EighFactors e = a.eigh();
            Node v = e.eigenvectors();
            return v.mul(e.eigenvalues().unsqueeze(-2)).matmul(v.transpose()).mul(SourceOp.constant(C3)).sum();
        };
        double[] lower = {1, 0, 0, 6, 5, 0, 10, 14, 9};
        double[] tied = lower.clone();
        tied[3] = 0;
        assertArrayEquals(tied, gradient(reconstruction, Tensor.matrix(new double[][] {{2, 0, 0}, {0, 2, 0},
            {0, 0, 5}})), 1e-14);
        assertArrayEquals(lower, gradient(reconstruction, Tensor.matrix(new double[][] {{2, 0, 0}, {0, 2.5, 0},
            {0, 0, 5}})), 1e-14);
    }

    /**
     * In float32 the tie tolerance is float32's ({@code 2 · 2⁻²³ · s_max}): the polar factor's gradient at the
     * rotation is the float64 one (above) within float32's precision.
     */
    @Test
    void float32TiesAreTiesToo() {
        Tensor rotation = ROTATION.cast(DType.FLOAT32);
        double[] expected = {0.36425437146285145, 0.666763154542836, -0.666763154542835, 0.3642543714628519};
        assertArrayEquals(expected, gradient(polar(C2.cast(DType.FLOAT32)), rotation), 1e-6);
    }

    /**
     * A singular value exactly 0 of a tall A: {@code 0.5 ΣY² + ΣY} of {@code Y = U diag(s) Vh} at
     * {@code [[1, 0], [0, 0], [0, 0]]} has the gradient {@code Y + 1 = [[2, 1], [1, 1], [1, 1]]}; the term
     * {@code (I - UUᵀ) Ū S⁻¹ Vᵀ} tends to {@code Ȳ v_i} as {@code s_i -> 0}, but {@code Ū = Ȳ V S} is 0 in that
     * column at {@code s_i = 0}, so the VJP reads 0 where the complement of U meets {@code v_i}: the last entry.
     * PyTorch 1.13 gives NaN in every entry.
     */
    @Test
    void aZeroSingularValueDropsTheLimitItsCotangentDoesNotCarry() {
        Tensor a = Tensor.matrix(new double[][] {{1, 0}, {0, 0}, {0, 0}});
        double[] got = gradient(x -> {
            DecompositionOp.SvdFactors f = x.svd();
            Node y = f.u().mul(f.s().unsqueeze(-2)).matmul(f.vh());
            return y.square().sum().mul(0.5).add(y.sum());
        }, a);
        // U's second column is e2 (the kernel completes the null space with a unit vector); the entry (2, 1) of the
        // exact [[2, 1], [1, 1], [1, 1]] is the one dropped
        assertArrayEquals(new double[] {2, 1, 1, 1, 1, 0}, got, 1e-15);
    }

    /**
     * Eigenvalues 2, 2, 5 of {@code Q diag(2, 2, 5) Qᵀ} (Q from numpy.linalg.qr of a standard normal 3 × 3 matrix,
     * default_rng(7), the fourth draw; the lower triangle mirrored) come out of the Jacobi kernel as
     * 1.9999999999999998 and 2.0000000000000013: a difference below {@code 3 ε max|w|}, a tie at working
     * precision. The gradient of {@code sum(P ∘ C)}, P the projector onto their eigenspace, is the central
     * difference of mpmath 1.2 at 50 digits (h = 1e-15, {@code mp.eigsy} of the matrix the lower triangle
     * gives); with {@code 1 / 1.5e-15} as the pair's coupling it was off by order 1 (PyTorch 1.13: -0.117 where
     * the difference is -0.307).
     */
    @Test
    void eigenvaluesSplitByRoundingAreTreatedAsTied() {
        Tensor a = Tensor.matrix(new double[][] {
            {4.725662150215259, -0.8282837714290355, -0.2483913998450937},
            {-0.8282837714290355, 2.2517017767438734, 0.07548204954087293},
            {-0.2483913998450937, 0.07548204954087293, 2.02263607304087}});
        Node x = SourceOp.input("x", Shape.of(3, 3));
        Tensor w = Function.of(List.of(x), List.of(x.eigvalsh())).call(a).get(0);
        double[] values = w.toDoubleArray();
        assertTrue(values[0] < values[1] && values[1] - values[0] < 3 * 0x1p-52 * values[2],
                "split by rounding: " + w);
        UnaryOperator<Node> projector = m -> {
            Node v = m.eigh().eigenvectors().slice(-1, 0, 2);
            return v.matmul(v.transpose()).mul(SourceOp.constant(C3)).sum();
        };
        double[] expected = {-0.2235165586232391, 0, 0, -0.30695311732257674, 0.1139186676457559, 0,
            -1.1822763840336143, 0.3996268695860936, 0.1095978909774832};
        assertArrayEquals(expected, gradient(projector, a), 1e-12);
    }

    /**
     * Singular values 5, 2, 2 of {@code Q1 diag(5, 2, 2) Q2ᵀ} (Q1, Q2 from numpy.linalg.qr of standard normal
     * 3 × 3 matrices, default_rng(11), the seventeenth pair) come out as 2.0000000000000004 and 1.999999999999999.
     * The gradients of {@code sum(P ∘ C)}, P the projector onto their left singular vectors, and of the polar
     * factor's {@code sum(U·Vh ∘ C)} are the central differences of mpmath 1.2 at 50 digits (h = 1e-15,
     * {@code mp.svd_r}); PyTorch 1.13 gives NaN and infinities for the first.
     */
    @Test
    void singularValuesSplitByRoundingAreTreatedAsTied() {
        Tensor a = Tensor.matrix(new double[][] {
            {-1.3244775604121235, 0.6794362138587666, -1.5549538734638961},
            {0.2886990295202144, 1.889271679507126, 0.9813401286322515},
            {2.3487584691483963, 0.013278292369685994, -4.27009114171109}});
        Node x = SourceOp.input("x", Shape.of(3, 3));
        double[] s = Function.of(List.of(x), List.of(x.svdvals())).call(a).get(0).toDoubleArray();
        assertTrue(s[2] < s[1] && s[1] - s[2] < 3 * 0x1p-52 * s[0], "split by rounding: " + Arrays.toString(s));
        UnaryOperator<Node> projector = m -> {
            Node u = m.svd().u().slice(-1, 1, 3);
            return u.matmul(u.transpose()).mul(SourceOp.constant(C3)).sum();
        };
        double[] expected = {-0.5992314901813949, -0.22140260243317975, 1.385651504579104, -1.4833800070097987,
            0.41812237354882353, 3.387033359839892, -0.15302035897811808, -1.5436383140272014, 0.4201875044347557};
        assertArrayEquals(expected, gradient(projector, a), 1e-12);
        double[] polar = {0.960010221139004, 1.6156676560916838, -0.31670194400058727, 0.1861215253702599,
            -0.6981587873077812, 2.3748707318300775, 1.1631737247046376, 1.396325364443358, 0.9682510931873174};
        assertArrayEquals(polar, gradient(polar(C3), a), 1e-12);
    }

    /**
     * A 3 × 3 orthogonal matrix (NumPy 1.24's QR of a seeded normal matrix) whose computed singular values spread
     * by 8e-16, more than {@code max(m, n)·ε·s_max} (the tolerance before): still a tie (relative to the pair), so
     * the polar factor's gradient is {@code (C - R Cᵀ R) / 2} (mpmath central differences at 50 digits agree;
     * PyTorch 1.13 gives NaN), not rounding noise over 1e-15 (errors of order 1 with the narrower tolerance).
     */
    @Test
    void singularValuesSplitByAFewUlpsOfThePairAreTied() {
        double[] r = {-0.03824031281851803, -0.5727453441707441, -0.8188409181314018, -0.1880787012333127,
            -0.8006695805365958, 0.5688186221861431, -0.9814092319812014, 0.1757583384482444, -0.0771033452450689};
        Tensor q = Tensor.of(Shape.of(3, 3), r);
        double[] expected = new double[9];
        double[] c = C3.toDoubleArray();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double rcr = 0;
                for (int k = 0; k < 3; k++) {
                    for (int l = 0; l < 3; l++) {
                        rcr += r[3 * i + k] * c[3 * l + k] * r[3 * l + j]; // (R Cᵀ R)_ij
                    }
                }
                expected[3 * i + j] = (c[3 * i + j] - rcr) / 2;
            }
        }
        assertArrayEquals(expected, gradient(polar(C3), q), 1e-12);
    }

    /**
     * {@code diag(1, 1.0001, 1e12)}: 1 and 1.0001 are distinct eigenvalues of a graded matrix, computed exactly, and
     * not tied although their gap is below {@code n·ε·max|w|} (6.7e-4, the tolerance before, which dropped the
     * entry): the gradient of {@code sum(V diag(sqrt(w)) Vᵀ ∘ C)} at [1, 0] is PyTorch 1.13's 2.999925
     * ({@code torch.linalg.eigh} of the same matrix, the same loss, {@code .backward()}), also the base build's.
     */
    @Test
    void distinctSmallValuesOfAGradedMatrixAreNotTied() {
        Tensor graded = Tensor.of(Shape.of(3, 3), 1, 0, 0, 0, 1.0001, 0, 0, 0, 1e12);
        double[] g = gradient(a -> {
            DecompositionOp.EighFactors e = a.eigh();
            Node v = e.eigenvectors();
            return v.matmul(e.eigenvalues().sqrt().diag(0)).matmul(v.transpose()).mul(SourceOp.constant(C3)).sum();
        }, graded);
        assertTrue(Math.abs(g[3] - 2.999925) < 1e-5, "entry [1, 0]: " + Arrays.toString(g));
    }
}
