package dev.adjoint.core.graph;

import static dev.adjoint.core.Contract.rejects;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.AnomalyException;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * matrixExp gives PyTorch's values and gradients (printed by PyTorch 1.13: {@code torch.linalg.matrix_exp} and
 * autograd through it, float64 and float32), on a general matrix, a batch, the special structures whose
 * exponential is known in closed form, and norms in each range of the Padé degree Higham's rule picks
 * (0.01 for degree 3, 0.2 for 5, 0.9 for 7, 2 for 9, 5 for 13 unscaled, 40 for 13 with 3 squarings). Its
 * gradients on random matrices, first and second order, are checked against central differences by the op table.
 * PyTorch uses another algorithm (Taylor polynomials, Bader, Blanes and Casas 2019), so the two agree to rounding,
 * not bit for bit: relative 1e-13 in float64 against the largest entry, a few float32 ulps in float32.
 */
class MatrixExpTest {

    private static final double[] A = {0.5, -1.0, 0.25, 2.0, 0.1, -0.3, -0.7, 0.4, 1.2};
    private static final double[] W = {1.0, -2.0, 0.5, 0.3, 0.7, -1.1, 2.0, 0.0, 1.5};

    private static double[] exp(Tensor value) {
        return eval(value, Node::matrixExp);
    }

    private static double[] eval(Tensor value, UnaryOperator<Node> f) {
        Node x = SourceOp.input("x", value.shape(), value.dtype());
        return Function.of(List.of(x), List.of(f.apply(x))).call(value).get(0).toDoubleArray();
    }

    /** Entry by entry within {@code rtol} times the largest magnitude of the expected values. */
    private static void assertClose(double[] expected, double[] actual, double rtol) {
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        assertArrayEquals(expected, actual, rtol * scale);
    }

    private static Tensor matrix(double... data) {
        int n = (int) Math.round(Math.sqrt(data.length));
        return Tensor.of(Shape.of(n, n), data);
    }

    @Test
    void valuesArePyTorchs() {
        assertClose(new double[] {0.29740880089295013, -0.801338620384814, 0.6716374827826634, 1.924734173022042,
            -0.011344076568813623, -0.03617036078464533, -0.5923572227818009, 1.1217502552209075, 2.994918654007607},
                exp(matrix(A)), 1e-13);
        Tensor batch = Tensor.of(Shape.of(2, 2, 2), 0.5, -1.0, 2.0, 0.1, -0.3, 0.4, 0.02, -1.5);
        assertClose(new double[] {0.4194627873350354, -0.9501557124630833, 1.9003114249261666, 0.03940050234980319,
            0.7428822215638526, 0.172787520174692, 0.0086393760087346, 0.22451966103977686}, exp(batch), 1e-13);
        // [[1, 30], [-20, 2]] (norm 32, 3 squarings) and Moler and Van Loan's [[-49, 24], [-64, 31]], whose
        // Taylor series cancels catastrophically
        assertClose(new double[] {3.6416996978027174, -3.291609487017668, 2.194406324678446, 3.5319793815688016},
                exp(matrix(1, 30, -20, 2)), 1e-12);
        assertClose(new double[] {-0.7357587581447971, 0.5518190996581323, -1.4715175990883527, 1.1036382407156453},
                exp(matrix(-49, 24, -64, 31)), 1e-12);
    }

    /** A scaled to 1-norm s, {@code A · s / ‖A‖₁}, for s in every range of the Padé degree. */
    @Test
    void valuesArePyTorchsInEachDegreesRange() {
        double[][] expected = {
            {1.0015530880336847, -0.003127430382965053, 0.0007847927768189617, 0.006256866472999866,
                1.0003021892600257, -0.0009369572030891798, -0.0021893969468140496, 0.0012559619610181085,
                1.0037555954559791},
            {1.0273915180861772, -0.063386645329949, 0.017062535612616683, 0.12760413808465312, 1.002067256811201,
                -0.018489114744261945, -0.04445171001630625, 0.027421644408199636, 1.0772741332203948},
            {1.0561501369476338, -0.2922861018848213, 0.10081014634908841, 0.6035269280361961, 0.9399291617156526,
                -0.07566576151836371, -0.20644951271123382, 0.1640700962463298, 1.3864988229134123},
            {0.8591242232162273, -0.6189033881330098, 0.3152458252871474, 1.3474954280728475, 0.6155758674193695,
                -0.11611235919654833, -0.4439337035766998, 0.5204453182848254, 2.020047162993657},
            {-0.9769781687707205, -0.4283563395548462, 1.440943711246642, 1.768180007120944, -1.1149743389337117,
                0.44949676955531515, -0.38877307944559036, 2.438895400630419, 5.369678908406957},
            {7345.847415817615, 68988.38707344672, 190792.63079935475, 4183.706357712686, 40142.19543438925,
                110847.064734711, 34422.55578023118, 326072.18203573907, 902167.4081047194}};
        double[] norms = {0.01, 0.2, 0.9, 2.0, 5.0, 40.0};
        double normA = 0.5 + 2.0 + 0.7; // ‖A‖₁, its first column's absolute sum, as torch.linalg.matrix_norm(A, 1)
        for (int k = 0; k < norms.length; k++) {
            double[] scaled = A.clone();
            for (int i = 0; i < scaled.length; i++) {
                scaled[i] *= norms[k] / normA;
            }
            assertClose(expected[k], exp(matrix(scaled)), 1e-13);
        }
    }

    @Test
    void structuredMatricesHaveTheirClosedForms() {
        assertArrayEquals(new double[] {1, 0, 0, 1}, exp(Tensor.zeros(Shape.of(2, 2))), 0.0); // e^0 = I
        // diag(d) -> diag(e^d): PyTorch's values, and Math.exp's exactly (the diagonal of a triangular matrix is set)
        double[] diagonal = exp(matrix(-2, 0, 0, 0, 0.5, 0, 0, 0, 3));
        assertClose(new double[] {0.1353352832366127, 0, 0, 0, 1.648721270700128, 0, 0, 0, 20.08553692318767},
                diagonal, 1e-15);
        assertArrayEquals(new double[] {Math.exp(-2), 0, 0, 0, Math.exp(0.5), 0, 0, 0, Math.exp(3)}, diagonal, 0.0);
        // nilpotent N (N^3 = 0): I + N + N^2 / 2, exactly
        assertArrayEquals(new double[] {1, 1, 3.5, 0, 1, 3, 0, 0, 1}, exp(matrix(0, 1, 2, 0, 0, 3, 0, 0, 0)), 1e-15);
        // skew-symmetric S: e^S is a rotation, Qᵀ Q = I and det Q = 1
        Tensor skew = matrix(0, 0.3, -1.2, -0.3, 0, 2.5, 1.2, -2.5, 0);
        assertClose(new double[] {0.6187641047791392, 0.7846368684632536, 0.03841831965415923, 0.7104058578930634,
            -0.579761814183175, 0.39899844095717096, 0.3353423619349199, -0.21959331379441302, -0.9161464276133463},
                exp(skew), 1e-13);
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1},
                eval(skew, s -> s.matrixExp().transpose().matmul(s.matrixExp())), 1e-14);
        assertEquals(1.0, eval(skew, s -> s.matrixExp().det())[0], 1e-14);
        // the empty matrix
        assertEquals(0, exp(Tensor.zeros(Shape.of(3, 0, 0))).length);
    }

    /**
     * Norms far beyond θ_13 (many squarings): PyTorch's values where it is right, the closed forms where it is not.
     * PyTorch gives NaN for {@code diag(-1e300, 1)}; both overflow to infinity for {@code diag(710, 0)}.
     */
    @Test
    void extremeNormsKeepTheirClosedForms() {
        assertArrayEquals(new double[] {1, 1e6, 0, 1}, exp(matrix(0, 1e6, 0, 0)), 0.0); // I + N, N nilpotent
        // [[a, b], [0, d]] -> [[e^a, b (e^a - e^d) / (a - d)], [0, e^d]]; PyTorch: 0.0027155662621965
        assertClose(new double[] {0, Math.E / 1001, 0, Math.E}, exp(matrix(-1000, 1, 0, 1)), 1e-13);
        assertArrayEquals(new double[] {Math.exp(700), 0, 0, Math.exp(-700)}, exp(matrix(700, 0, 0, -700)), 0.0);
        assertArrayEquals(new double[] {Double.POSITIVE_INFINITY, 0, 0, 1}, exp(matrix(710, 0, 0, 0)), 0.0);
        assertArrayEquals(new double[] {0, 0, 0, Math.E}, exp(matrix(-1e300, 0, 0, 1)), 0.0);
        // [[0, b], [-1/b, 0]] squares to -I, so e^A = cos(1) I + sin(1) A: its norm 1e60 asked for 200 squarings
        // (1e-8 off), the norms of its powers for none
        assertWithinUlps(new double[] {Math.cos(1), 1e60 * Math.sin(1), -1e-60 * Math.sin(1), Math.cos(1)},
                exp(matrix(0, 1e60, -1e-60, 0)), 4);
        // 2^8 squarings of a general matrix: PyTorch's e^700 to rounding
        Tensor rotated = matrix(700, 1, -1, 700);
        double[] expected = {Math.exp(700) * Math.cos(1), Math.exp(700) * Math.sin(1), -Math.exp(700) * Math.sin(1),
            Math.exp(700) * Math.cos(1)};
        assertClose(expected, exp(rotated), 1e-12);
    }

    /** Entry by entry within {@code ulps} units in the last place of the expected value. */
    private static void assertWithinUlps(double[] expected, double[] actual, double ulps) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], ulps * Math.ulp(expected[i]), "entry " + i);
        }
    }

    /**
     * Results near the top of float64's range keep a few ulps in every entry: mpmath's {@code expm} at 80 digits
     * ({@code mpmath.expm(A)}, cross-checked by its Taylor method), rounded. The trace shift leaves
     * {@code 700 I + S} the squarings of S only (the norm-based rule squared {@code [[700, 1], [-1, 700]]} 8 times,
     * 2,000 ulps off); the bound on the powers instead of the norm spares a non-normal matrix, whose norm 1000
     * overstates its powers' growth ({@code B² = 1.25 I} after the shift), its squarings (40 ulps off before).
     */
    @Test
    void resultsNearTheOverflowThresholdKeepAFewUlps() {
        assertArrayEquals(new double[] {Math.exp(700)}, exp(matrix(700)), 0.0);
        assertArrayEquals(new double[] {Math.exp(700), 0, 0, Math.E}, exp(matrix(700, 0, 0, 1)), 0.0);
        assertWithinUlps(new double[] {5.4799191785870425e+303, 8.534468459216007e+303, -8.534468459216007e+303,
            5.4799191785870425e+303}, exp(matrix(700, 1, -1, 700)), 4);
        assertWithinUlps(new double[] {1.417182917003904e+304, 7.515742714628675e+306, 7.515742714628676e+300,
            6.656086455410363e+303}, exp(matrix(700, 1000, 1e-3, 699)), 4);
        assertWithinUlps(new double[] {9.789570643256314e+307, 5.631593092136738e+307, 2.815796546068369e+307,
            4.157977551119576e+307}, exp(matrix(709, 1, 0.5, 708)), 4);
        assertWithinUlps(new double[] {2.147618532109676e-304, 1.3490984293196053e-304, 2.6981968586392107e-304,
            2.147618532109676e-304}, exp(matrix(-700, 1, 2, -700)), 4);
    }

    /**
     * {@code A = Q [[700, 5e5], [0, -700]] Qᵀ} with {@code Q = [[0.6, -0.8], [0.8, 0.6]]}: {@code e^A} is finite
     * (entries near 2e306), but {@code e^{A/2}} squared has products near 8e308. The squared matrix is kept as a
     * power of two times a matrix near 1, so the result is mpmath's ({@code mpmath.expm}, 80 digits) where the
     * plain squaring gave infinities. The tolerance is the problem's, not the algorithm's: A is so far from
     * normal that changing one of its entries by one ulp moves {@code e^A} by 7.5e-9 relatively (mpmath).
     */
    @Test
    void intermediatePowersDoNotOverflowAFiniteResult() {
        double[] expected = {-1.735032287005819e+306, 1.3088809556648766e+306, -2.3133763826744252e+306,
            1.745174607553169e+306};
        double[] actual = exp(matrix(-240196.0, 180672.0, -319328.0, 240196.0));
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-6 * Math.abs(expected[i]), "entry " + i);
        }
    }

    /** Near float32's overflow threshold e^88.7, float32 gets mpmath's float64 result rounded once. */
    @Test
    void float32NearItsOverflowThresholdIsTheExactResultRounded() {
        double[] exact = {1.449447175968657e+38, 7.918366011287281e+37, -7.918366011287281e+37,
            1.449447175968657e+38}; // mpmath.expm([[88, 0.5], [-0.5, 88]]), 80 digits
        double[] actual = exp(Tensor.of(DType.FLOAT32, Shape.of(2, 2), 88, 0.5, -0.5, 88));
        for (int i = 0; i < exact.length; i++) {
            assertEquals((float) exact[i], actual[i], 0.0, "entry " + i);
        }
    }

    /**
     * The gradient of {@code <W, e^A>} at {@code A = [[700, 1], [-1, 700]]}, entries near 1e304: mpmath's upper
     * right block of {@code expm([[Aᵀ, W], [0, Aᵀ]])} at 80 digits, which agrees with mpmath's central differences
     * (step 1e-30) to 1e-48.
     */
    @Test
    void gradientsNearTheOverflowThresholdKeepAFewUlps() {
        assertWithinUlps(new double[] {7.153070210478562e+303, -9.679924439451868e+303, 1.1813541554255868e+304,
            1.568753866969457e+304}, gradient(matrix(700, 1, -1, 700), matrix(1, 0.5, -0.25, 2)), 8);
    }

    @Test
    void float32IsTheFloat64ResultRounded() {
        Tensor a32 = Tensor.of(DType.FLOAT32, Shape.of(3, 3), A);
        double[] expected = {0.2974092364311218, -0.801338791847229, 0.6716376543045044, 1.9247347116470337,
            -0.011344164609909058, -0.03617037832736969, -0.5923574566841125, 1.1217503547668457, 2.9949193000793457};
        assertClose(expected, exp(a32), 4e-7); // a few float32 ulps of the largest entry, ~3.0
        double[] f64 = exp(Tensor.of(DType.FLOAT32, Shape.of(3, 3), A).cast(DType.FLOAT64));
        double[] f32 = exp(a32);
        for (int i = 0; i < f32.length; i++) {
            assertEquals((float) f64[i], f32[i], 0.0, "entry " + i); // computed in float64, rounded once
        }
    }

    @Test
    void gradientsArePyTorchs() {
        assertClose(new double[] {0.8928190805065884, 0.3890304579526086, -2.616749270911617, -0.25691733140145834,
            1.530915106815604, -0.6046778160983066, 4.3931046981364945, 2.605171829947722, 3.7291009263510793},
                gradient(matrix(A), matrix(W)), 1e-13);
        assertClose(new double[] {4.4243644071692, 4.500267078735711, -6.805260776220523, 4.086887729092652},
                gradient(matrix(1, 30, -20, 2), matrix(1, 0.5, -0.25, 2)), 1e-12);
        Tensor a32 = Tensor.of(DType.FLOAT32, Shape.of(3, 3), A);
        assertClose(new double[] {0.8928195238113403, 0.3890300393104553, -2.6167495250701904, -0.2569173574447632,
            1.5309151411056519, -0.6046779751777649, 4.393105506896973, 2.6051714420318604, 3.7291009426116943},
                gradient(a32, Tensor.of(DType.FLOAT32, Shape.of(3, 3), W)), 4e-7);
    }

    /** The Hessian of {@code <W, e^A>} times V: autograd through autograd in PyTorch. */
    @Test
    void secondDerivativesArePyTorchs() {
        Tensor v = matrix(0.2, 0.1, -0.4, 1.0, -0.5, 0.3, 0.0, 0.6, -0.2);
        Node a = SourceOp.input("a", Shape.of(3, 3));
        Node direction = SourceOp.input("v", Shape.of(3, 3));
        Node f = a.matrixExp().mul(SourceOp.constant(matrix(W))).sum();
        double[] hvp = Function.of(List.of(a, direction), List.of(Autodiff.hvp(f, a, direction)))
                .call(matrix(A), v).get(0).toDoubleArray();
        assertClose(new double[] {0.99967640002, 1.107231765571337, 0.09385142535915014, 1.3204888118753413,
            -0.3208689844220251, 1.6141617494081417, -1.6209509788386915, 1.880723175966343, 0.19886383772291483},
                hvp, 1e-13);
    }

    /** {@code d <W, e^A> / dA}. */
    private static double[] gradient(Tensor a, Tensor w) {
        Node x = SourceOp.input("a", a.shape(), a.dtype());
        Node g = Autodiff.grad(x.matrixExp().mul(SourceOp.constant(w)).sum(), x);
        return Function.of(List.of(x), List.of(g)).call(a).get(0).toDoubleArray();
    }

    @Test
    void anomalyDetectionNamesTheOverflow() {
        Node a = SourceOp.input("a", Shape.of(2, 2));
        Function f = Function.of(List.of(a), List.of(a.matrixExp())).withAnomalyDetection();
        AnomalyException e = assertThrows(AnomalyException.class, () -> f.call(matrix(710, 1, 0, 0)));
        assertTrue(e.getMessage().contains("matrixExp overflows the dtype in 1 entry(ies) of the exponential of %0"),
                e.getMessage());
    }

    @Test
    void badOperandsAreRefusedNamingTheOp() {
        rejects(IllegalArgumentException.class, () -> SourceOp.input("m", Shape.of(2, 3)).matrixExp(),
                "matrixExp: operand must be square matrices [..., n, n], got", "[2, 3]");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("v", Shape.of(3)).matrixExp(),
                "matrixExp: operand must be square matrices [..., n, n], got", "[3]");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("i", Shape.of(2, 2), DType.INT64).matrixExp(),
                "matrixExp", "i64");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("b", Shape.of(2, 2), DType.BOOL).matrixExp(),
                "matrixExp");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("n", Shape.of(Shape.BATCH, Shape.BATCH))
                .matrixExp(), "matrixExp: the matrix dimensions must be concrete");
        rejects(NullPointerException.class, () -> MatrixFunctionOp.matrixExp(null), "matrixExp: operand is null");
    }

    /**
     * The gradient of a non-normal matrix, {@code sum(W * e^X)} for an 8 x 8 upper bidiagonal X (diagonal
     * {@code -2.5 (i + 1)}, superdiagonal 50, other entries {@code N(0, 5e-3)} from {@code java.util.Random(7)}, W
     * uniform in [-1, 1) from the same stream), against the upper-right block of mpmath's {@code expm} of
     * {@code [[X^T, W], [0, X^T]]} at 60 digits. Within 1e-13 of the largest entry (the build before the squarings
     * were chosen from the powers' norms: 2.7e-14; choosing them so for the gradient's block: 9.3e-13).
     */
    @Test
    void theGradientOfANonNormalMatrixKeepsItsAccuracy() {
        int n = 8;
        java.util.Random random = new java.util.Random(7);
        double[] m = new double[n * n];
        double[] w = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m[i * n + j] = j == i + 1 ? 50 : i == j ? -2.5 * (i + 1) : random.nextGaussian() * 5e-3;
                w[i * n + j] = random.nextDouble() * 2 - 1;
            }
        }
        double[] expected = {
        5766.419357001323, 959.8478839158631, 112.44195411583617, -9.365130381223203,
        -14.055170065229161, -8.162046685638993, -4.876102701667089, -4.222074470377748,
        21842.67427227359, 5170.038137068318, 1057.1022124233486, 179.47101384471176,
        17.041899413391793, -7.193034590481566, -10.682690030818181, -13.125352453712818,
        55963.73254574474, 17312.102189051868, 4406.857333202531, 1045.881514338135,
        237.50688326000727, 47.903973000244655, -5.368303056664957, -25.216884496581752,
        92763.32022457155, 42632.069022319505, 13147.723818605044, 3764.2220415295856,
        1070.0229979189787, 314.11191081632296, 70.73339063080617, -8.543151895801337,
        65012.931745192924, 80898.99562702763, 30626.52372470035, 10102.59482356601,
        3243.8243604107274, 1091.4844668639073, 348.63820479500725, 124.27800830550602,
        -199877.46072410955, 114164.62302167884, 58097.90172079082, 22052.259917112246,
        7784.348523086993, 2860.035262313032, 1069.0826418386755, 562.3125631581179,
        -985600.7786492533, 96194.25287783788, 90419.14311299201, 40365.76444544141,
        15536.181112031189, 6121.7090165938125, 2535.3914722689988, 1585.9632342501318,
        -2664681.003998555, -52212.2729082853, 112641.8911688061, 63099.74141091691,
        26613.496456471974, 11189.249564562911, 5032.437934009832, 3523.1397049851944};
        Node x = SourceOp.input("x", Shape.of(n, n));
        Node weights = SourceOp.constant(Tensor.of(DType.FLOAT64, Shape.of(n, n), w));
        Node g = Autodiff.grad(x.matrixExp().mul(weights).sum(), x);
        double[] actual = Function.of(List.of(x), List.of(g)).call(List.of(Tensor.of(DType.FLOAT64, Shape.of(n, n), m)))
                .get(0).toDoubleArray();
        double largest = 0;
        double error = 0;
        for (int k = 0; k < expected.length; k++) {
            largest = Math.max(largest, Math.abs(expected[k]));
            error = Math.max(error, Math.abs(actual[k] - expected[k]));
        }
        assertTrue(error <= 1e-13 * largest, "largest error " + error + " of largest entry " + largest);
    }
}
