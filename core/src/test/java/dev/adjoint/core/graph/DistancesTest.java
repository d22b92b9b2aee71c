package dev.adjoint.core.graph;

import static dev.adjoint.core.Contract.rejects;
import static dev.adjoint.core.graph.Pinned.gradients;
import static dev.adjoint.core.graph.Pinned.value;
import static dev.adjoint.core.graph.Pinned.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * cdist and cosineSimilarity give PyTorch's values and gradients (printed by PyTorch 1.13:
 * {@code torch.cdist(a, b, p, compute_mode='donot_use_mm_for_euclid_dist')},
 * {@code torch.nn.functional.cosine_similarity(a, b, dim, eps)}, and {@code (f(...) * yBar).sum().backward()}):
 * p = 0, 1, 2, 3, 0.5 and inf with a coincident pair of points (gradient 0, not NaN) and a coordinate where the
 * points agree, broadcast leading axes, and cosine_similarity's eps rule at a zero and a tiny vector; bad
 * arguments are refused naming the op. Random gradients, first and second order: the op table.
 */
class DistancesTest {

    private static final Tensor A = Tensor.of(Shape.of(3, 2), 0, 0, 1, 2, 3, -1); // row 1 is B's row 0
    private static final Tensor B = Tensor.of(Shape.of(4, 2), 1, 2, 0.5, 0.5, -2, 1, 3, 1);
    private static final Tensor Y_BAR = Tensor.of(Shape.of(3, 4), 1, 2, -1, 0.5, 3, -2, 1, 1, 0.5, 1, 2, -1);

    private static double[] cdist(double p) {
        return values(in -> in.get(0).cdist(in.get(1), p), A, B);
    }

    @Test
    void distancesAreTorchs() {
        assertArrayEquals(new double[] {2, 2, 2, 2, 0, 2, 2, 2, 2, 2, 2, 1}, cdist(0), 0.0);
        assertArrayEquals(new double[] {3, 1, 3, 4, 0, 2, 4, 3, 5, 4, 7, 2}, cdist(1), 0.0);
        assertArrayEquals(new double[] {2.23606797749979, 0.7071067811865476, 2.23606797749979, 3.1622776601683795,
            0.0, 1.5811388300841898, 3.1622776601683795, 2.23606797749979, 3.605551275463989, 2.9154759474226504,
            5.385164807134504, 2.0}, cdist(2), 0.0);
        assertArrayEquals(new double[] {2.080083823051904, 0.6299605249474366, 2.080083823051904, 3.0365889718756622,
            0.0, 1.5182944859378311, 3.0365889718756622, 2.080083823051904, 3.2710663101885897, 2.668401648721945,
            5.104468722001463, 2.0}, cdist(3), 1e-15);
        assertArrayEquals(new double[] {5.82842712474619, 2.0000000000000004, 5.82842712474619, 7.464101615137754,
            0.0, 3.7320508075688767, 7.464101615137754, 5.82842712474619, 9.898979485566358, 7.872983346207415,
            13.324555320336758, 2.0000000000000004}, cdist(0.5), 1e-14);
        assertArrayEquals(new double[] {2, 0.5, 2, 3, 0, 1.5, 3, 2, 3, 2.5, 5, 2}, cdist(Double.POSITIVE_INFINITY),
                0.0);
        Tensor a3 = Tensor.of(Shape.of(2, 2, 3), 0, 0, 1, 1, 2, 0, 1, 1, 1, 0, 2, -1);
        Tensor b3 = Tensor.of(Shape.of(3, 3), 1, 2, 0, 0, 0, 0, 1, 0, 1);
        assertArrayEquals(new double[] {2.449489742783178, 1.0, 1.0, 0.0, 2.23606797749979, 2.23606797749979,
            1.4142135623730951, 1.7320508075688772, 1.0, 1.4142135623730951, 2.23606797749979, 3.0},
                values(in -> in.get(0).cdist(in.get(1), 2), a3, b3), 1e-15);
        Tensor none = value(in -> in.get(0).cdist(in.get(1), 2), Tensor.of(Shape.of(2, 0)), Tensor.of(Shape.of(3, 0)));
        assertEquals(Shape.of(2, 3), none.shape());
        assertArrayEquals(new double[6], none.toDoubleArray(), 0.0);
    }

    @Test
    void gradientsAreTorchsAndZeroAtCoincidentPoints() {
        double[][][] torch = {
            {{-4.5, -2.5, -2.0, 0.0, 3.5, -2.5}, {0.5, 1.5, 3.0, 5.0, -2.0, 0.0, 1.5, -1.5}},
            {{-3.2301959978982255, -2.019541040881472, -0.578199424983078, -1.1339252345842317, 2.991796405595678,
                -0.6733022553046557}, {0.16986349738734335, 1.3104523381688378, 1.1891761686942268, 3.826075913901649,
                -1.9112094888211169, -0.020660008808588426, 1.3687688400251727, -1.2890997124915389}},
            {{-2.903546401435472, -2.0075071273147156, -0.16533445616526377, -1.612522879569536, 2.98365497886535,
                -0.043596313139903975}, {0.044202349915625466, 1.3450473675869983, 0.5990565619342243,
                3.528008892471864, -1.970537959871518, -0.032534318320369626, 1.412504926757054, -1.1768956217143367}},
            {{-8.909995478154457, -4.658918622597891, -5.593858127134676, 1.991563831562721, 6.151880169004629,
                -7.361520399368047}, {1.3018411266773005, 2.6153550716504106, 7.689504945896272, 9.445694987115058,
                -3.13515455207043, 0.016013290226406518, 2.49578191578136, -2.0481881585886565}}};
        double[] ps = {1, 2, 3, 0.5};
        for (int k = 0; k < ps.length; k++) {
            double p = ps[k];
            List<double[]> g = gradients(in -> in.get(0).cdist(in.get(1), p), Y_BAR, A, B);
            assertArrayEquals(torch[k][0], g.get(0), 1e-14, "p = " + p);
            assertArrayEquals(torch[k][1], g.get(1), 1e-14, "p = " + p);
        }
        // coincident points alone: 0 for every p, not NaN from the root (torch: zeros); the second derivative, which
        // PyTorch 1.13 does not implement for cdist, is 0 too: the selections keep the root off the gradient graph
        Tensor point = Tensor.of(Shape.of(1, 2), 1, 2);
        for (double p : new double[] {2, 3, 0.5, 1.5}) {
            List<double[]> zero = gradients(in -> in.get(0).cdist(in.get(1), p), Tensor.of(Shape.of(1, 1), 1), point,
                    point);
            assertArrayEquals(new double[] {0, 0}, zero.get(0), 0.0, "p = " + p);
            assertArrayEquals(new double[] {0, 0}, zero.get(1), 0.0, "p = " + p);
            double[] second = gradients(in -> Autodiff.grad(in.get(0).cdist(in.get(1), p)
                    .sum(), in.get(0)), Tensor.of(Shape.of(1, 2), 1, 1), point, point).get(0);
            assertArrayEquals(new double[] {0, 0}, second, 0.0, "p = " + p);
        }
        // p = inf: the cotangent goes to the largest difference (torch: a.grad [[0, -2], [-1, -1]] here)
        List<double[]> g = gradients(in -> in.get(0).cdist(in.get(1), Double.POSITIVE_INFINITY),
                Tensor.of(Shape.of(2, 2), 1, 1, 1, 1), Tensor.of(Shape.of(2, 2), 3, -1, 0, 0),
                Tensor.of(Shape.of(2, 2), 3, 1, 1, 2));
        assertArrayEquals(new double[] {0, -2, -1, -1}, g.get(0), 0.0);
    }

    @Test
    void cosineSimilaritiesFollowTorchsEpsRule() {
        Tensor a = Tensor.of(Shape.of(4, 3), 1, 2, 3, 0, 0, 0, 1e-9, 0, 0, -1, 0.5, 2);
        Tensor b = Tensor.of(Shape.of(4, 3), 3, -1, 2, 1, 2, 2, 1e3, 0, 0, 2, 1, 0);
        // 0.1 at the tiny vector: 1e-9 / max(1e-9, 1e-8); the older rule, a·b / max(|a| |b|, eps), gave 1
        assertArrayEquals(new double[] {0.5, 0.0, 0.1, -0.2927700218845599},
                values(in -> in.get(0).cosineSimilarity(in.get(1), 1, 1e-8), a, b), 1e-15);
        assertArrayEquals(new double[] {0.0007071025385928826, -0.29704426289300234, 0.588348405414552},
                values(in -> in.get(0).cosineSimilarity(in.get(1), 0, 1e-8), a, b), 1e-15);
        assertArrayEquals(new double[] {1.0, 0.0, 0.026726124191242442, 0.6998542122237652},
                values(in -> in.get(0).cosineSimilarity(in.get(1), -1, 1e-8), a, Tensor.vector(1, 2, 3)), 1e-15);
        assertArrayEquals(new double[] {0.125}, values(in -> in.get(0).cosineSimilarity(in.get(1), 1, 1.0),
                Tensor.of(Shape.of(1, 2), 0.5, 0), Tensor.of(Shape.of(1, 2), 0.25, 0)), 0.0);
        List<double[]> g = gradients(in -> in.get(0).cosineSimilarity(in.get(1), 1, 1e-8), Tensor.vector(1, 2, 3, -1),
                a, b);
        // torch at the tiny vector (norm t = 1e-9 < eps): 297000000, (1 - t² / eps²) times the derivative of its
        // own forward 3 · 1e3 / (1e3 eps): its backward differentiates the norm it clamped in place
        assertArrayEquals(new double[] {0.17857142857142858, -0.14285714285714288, 0.035714285714285726,
            66666666.666666664, 133333333.33333333, 133333333.33333333, 3e8, 0.0, 0.0, -0.33459431072521134,
            -0.2230628738168076, -0.1115314369084038}, g.get(0), 1e-6);
        assertArrayEquals(new double[] {-0.03571428571428574, 0.1785714285714286, 0.14285714285714285, 0.0, 0.0, 0.0,
            0.0, 0.0, 0.0, 0.07807200583588265, -0.1561440116717653, -0.39036002917941326}, g.get(1), 1e-15);
    }

    /**
     * {@code torch.nn.functional.cosine_similarity(a, b, dim=1, eps=0.0)} with {@code a = [[0, 0, 0], [1, 2, 3]]},
     * {@code b = [[1, 2, 3], [4, 5, 6]]}: {@code [nan, 0.9746318461970762]}; after {@code y.sum().backward()} both
     * gradients are nan on row 0 (not the ±inf of dividing by the zero norm), a's row 1
     * {@code [0.05221242033198621, 0.013053105082996536, -0.026106210165993182]}, b's
     * {@code [-0.020172980582812854, -0.00237329183327209, 0.015426396916268667]}; the same with the zero vector
     * in b, or in both.
     */
    @Test
    void aZeroVectorWithEpsZeroHasNaNSimilarityAndNaNGradients() {
        Tensor a = Tensor.of(Shape.of(2, 3), 0, 0, 0, 1, 2, 3);
        Tensor b = Tensor.of(Shape.of(2, 3), 1, 2, 3, 4, 5, 6);
        Pinned.Graph f = in -> in.get(0).cosineSimilarity(in.get(1), 1, 0.0);
        double nan = Double.NaN;
        assertArrayEquals(new double[] {nan, 0.9746318461970762}, values(f, a, b), 1e-15);
        double[] aBar = {0.05221242033198621, 0.013053105082996536, -0.026106210165993182};
        double[] bBar = {-0.020172980582812854, -0.00237329183327209, 0.015426396916268667};
        Tensor ones = Tensor.vector(1, 1);
        List<double[]> g = gradients(f, ones, a, b);
        assertArrayEquals(new double[] {nan, nan, nan, aBar[0], aBar[1], aBar[2]}, g.get(0), 1e-15);
        assertArrayEquals(new double[] {nan, nan, nan, bBar[0], bBar[1], bBar[2]}, g.get(1), 1e-15);
        List<double[]> swapped = gradients(f, ones, b, a); // the zero vector second
        assertArrayEquals(new double[] {nan, nan, nan, bBar[0], bBar[1], bBar[2]}, swapped.get(0), 1e-15);
        assertArrayEquals(new double[] {nan, nan, nan, aBar[0], aBar[1], aBar[2]}, swapped.get(1), 1e-15);
        for (double[] both : gradients(f, Tensor.vector(1), Tensor.of(Shape.of(1, 3), 0, 0, 0),
                Tensor.of(Shape.of(1, 3), 0, 0, 0))) {
            assertArrayEquals(new double[] {nan, nan, nan}, both);
        }
    }

    @Test
    void badArgumentsAreRefusedNamingTheOp() {
        Node a = SourceOp.input("a", Shape.of(3, 2));
        rejects(IllegalArgumentException.class, () -> a.cdist(SourceOp.input("b", Shape.of(4, 3)), 2),
                "cdist: operands must be [..., P, M] and [..., R, M] (one vector length M), got a : f64[3, 2] and"
                        + " b : f64[4, 3]");
        rejects(IllegalArgumentException.class, () -> a.cdist(SourceOp.input("v", Shape.of(2)), 2), "cdist");
        rejects(IllegalArgumentException.class, () -> a.cdist(a, -1), "cdist: p must be >= 0 (PyTorch's rule), got -1");
        rejects(IllegalArgumentException.class, () -> a.cdist(a, Double.NaN), "cdist: p must be >= 0");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("s", Shape.of(2, 3, 2)).cdist(
                SourceOp.input("t", Shape.of(3, 4, 2)), 2), "cdist: shapes must broadcast");
        rejects(IllegalArgumentException.class, () -> a.cdist(SourceOp.input("f", Shape.of(4, 2), DType.FLOAT32), 2),
                "cdist: operands must have the same dtype");
        rejects(IllegalArgumentException.class, () -> a.cosineSimilarity(a, 2, 1e-8),
                "cosineSimilarity: axis must be in [-2, 2), got axis 2");
        rejects(IllegalArgumentException.class, () -> a.cosineSimilarity(SourceOp.input("c", Shape.of(3)), 1, 1e-8),
                "cosineSimilarity: shapes must broadcast", "a : f64[3, 2] and c : f64[3]");
        rejects(IllegalArgumentException.class, () -> a.cosineSimilarity(a, 1, -1e-8),
                "cosineSimilarity: eps must be finite and >= 0, got -1.0E-8");
    }
}
