package dev.adjoint.core.graph;

import static dev.adjoint.core.Contract.rejects;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@link LinalgFunctions}, luSolve's flags and matrixRank's tensor tolerances give PyTorch 1.13's values, in
 * float64 and float32, batched, and for 1 × 1 and empty matrices, and refuse bad shapes when built, naming the
 * function. The expected values were printed by {@code torch.linalg.vecdot}, {@code multi_dot}, {@code cond},
 * {@code vander}, {@code tensorinv}, {@code tensorsolve}, {@code householder_product}, {@code lu_solve},
 * {@code matrix_rank} and {@code torch.cholesky_inverse} (with its gradient by {@code backward}) on the inputs
 * {@link #seq} builds, the same formula in the script and here. Gradients, first and second order, are checked
 * against central differences by the op table's rows ({@link LinalgFunctionSpecs}).
 */
class LinalgFunctionsTest {

    private static final double F64 = 1e-12;
    private static final double F32 = 1e-5;

    /** {@code ((i · mul) mod modulus - offset) / divisor} for i = 0, 1, ... in row-major order, as the script does. */
    private static Tensor seq(DType dtype, Shape shape, int mul, int modulus, int offset, double divisor) {
        double[] data = new double[(int) shape.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = ((i * mul) % modulus - offset) / divisor;
        }
        return Tensor.of(dtype, shape, data);
    }

    private static Tensor seq(Shape shape) {
        return seq(DType.FLOAT64, shape, 7, 11, 5, 4.0);
    }

    /** {@code t + c I} for a stack of square matrices. */
    private static Tensor shifted(Tensor t, double c) {
        int n = t.shape().dim(-1);
        double[] data = t.toDoubleArray();
        for (int i = 0; i < data.length; i++) {
            data[i] += (i % (n * n)) % (n + 1) == 0 ? c : 0;
        }
        return Tensor.of(t.dtype(), t.shape(), data);
    }

    /** The lower (or upper) triangle of one square matrix, zeros elsewhere: torch.tril / torch.triu. */
    private static Tensor triangle(Tensor t, boolean lower) {
        int n = t.shape().dim(-1);
        double[] data = t.toDoubleArray();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                data[i * n + j] = lower == (j <= i) || i == j ? data[i * n + j] : 0;
            }
        }
        return Tensor.of(t.dtype(), t.shape(), data);
    }

    private static Tensor eval(java.util.function.Function<List<Node>, Node> f, Tensor... values) {
        List<Node> inputs = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            inputs.add(SourceOp.input("x" + i, values[i].shape(), values[i].dtype()));
        }
        return Function.of(inputs, List.of(f.apply(inputs))).call(values).get(0);
    }

    private static void assertValues(Shape shape, double[] expected, Tensor actual, double tolerance) {
        assertEquals(shape, actual.shape());
        double[] got = actual.toDoubleArray();
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], got[i], tolerance * Math.max(1, Math.abs(expected[i])), "at " + i);
        }
    }

    @Test
    void vecdotIsTorchs() {
        Tensor x = seq(Shape.of(2, 3, 4));
        Tensor y = seq(DType.FLOAT64, Shape.of(3, 4), 3, 7, 3, 2.0);
        Tensor y2 = seq(DType.FLOAT64, Shape.of(3, 1), 5, 13, 6, 3.0);
        assertValues(Shape.of(2, 3), new double[] {0.5, 1.5, 0.0, 1.0, -0.25, 0.75},
                eval(in -> in.get(0).vecdot(in.get(1), -1), x, y), F64);
        assertValues(Shape.of(2, 4), new double[] {1.0833333333333333, 0.25, 0.3333333333333334, -4.166666666666666,
            0.25, 0.3333333333333334, -4.166666666666666, 0.49999999999999994},
                eval(in -> in.get(0).vecdot(in.get(1), -2), x, y2), F64);
        assertValues(Shape.of(2, 3), new double[] {0.5, 1.5, 0.0, 1.0, -0.25, 0.75},
                eval(in -> in.get(0).vecdot(in.get(1), -1), x.cast(DType.FLOAT32), y.cast(DType.FLOAT32)), F32);
        Tensor empty = Tensor.of(Shape.of(2, 0));
        assertValues(Shape.of(2), new double[] {0, 0}, eval(in -> in.get(0).vecdot(in.get(1), 1), empty, empty), F64);
    }

    @Test
    void multiDotIsTorchsWithVectorsAtTheEnds() {
        Tensor a = seq(Shape.of(3, 4));
        Tensor b = seq(DType.FLOAT64, Shape.of(4, 2), 3, 7, 3, 2.0);
        Tensor c = seq(DType.FLOAT64, Shape.of(2, 5), 5, 13, 6, 3.0);
        Tensor d = seq(DType.FLOAT64, Shape.of(5, 1), 2, 5, 2, 1.0);
        Tensor v = seq(DType.FLOAT64, Shape.of(3), 1, 3, 1, 1.0);
        Tensor w = seq(DType.FLOAT64, Shape.of(4), 3, 5, 2, 2.0);
        assertValues(Shape.of(3, 1), new double[] {23.45833333333333, -3.958333333333332, 13.999999999999996},
                eval(LinalgFunctions::multiDot, a, b, c, d), F64);
        assertValues(Shape.of(3, 1), new double[] {23.45833396911621, -3.958333969116211, 14.000000953674316},
                eval(LinalgFunctions::multiDot, a.cast(DType.FLOAT32), b.cast(DType.FLOAT32), c.cast(DType.FLOAT32),
                        d.cast(DType.FLOAT32)), F32);
        assertValues(Shape.of(2), new double[] {-1.0, 3.375}, eval(LinalgFunctions::multiDot, v, a, b), F64);
        assertValues(Shape.of(3), new double[] {3.0, -1.125, 0.25}, eval(LinalgFunctions::multiDot, a, w), F64);
        assertValues(Shape.of(), new double[] {-2.75}, eval(LinalgFunctions::multiDot, v, a, w), F64);
        assertValues(Shape.of(1, 1), new double[] {0}, eval(LinalgFunctions::multiDot, Tensor.of(Shape.of(1, 0)),
                Tensor.of(Shape.of(0, 1))), F64);
    }

    /** The textbook chains: the dynamic program's answer, and the product built in that order. */
    @Test
    void multiDotMultipliesInTheCheapestOrder() {
        // Cormen, Leiserson, Rivest and Stein, "Introduction to Algorithms", 15.2: cost 15,125
        assertEquals("((A1(A2A3))((A4A5)A6))", LinalgFunctions.parenthesization(new double[] {30, 35, 15, 5, 10, 20,
            25}));
        // 10 × 100, 100 × 5, 5 × 50: (A1A2)A3 costs 7,500, A1(A2A3) 75,000
        assertEquals("((A1A2)A3)", LinalgFunctions.parenthesization(new double[] {10, 100, 5, 50}));
        assertEquals("(A1(A2A3))", LinalgFunctions.parenthesization(new double[] {50, 5, 100, 10}));
        Node x = SourceOp.input("x", Shape.of(10, 100));
        Node y = SourceOp.input("y", Shape.of(100, 5));
        Node z = SourceOp.input("z", Shape.of(5, 50));
        Node product = LinalgFunctions.multiDot(List.of(x, y, z));
        assertEquals(List.of(x, y), product.inputs().get(0).inputs());
        assertEquals(z, product.inputs().get(1));
    }

    @Test
    void condIsTorchsForEveryOrder() {
        Tensor m = shifted(seq(Shape.of(2, 3, 3)), 3);
        StatisticOp.MatrixNorm[] orders = StatisticOp.MatrixNorm.values();
        // FROBENIUS, NUCLEAR, SPECTRAL, SMALLEST_SINGULAR_VALUE, MAX_COLUMN_SUM, MIN_COLUMN_SUM, MAX_ROW_SUM,
        // MIN_ROW_SUM: torch's 'fro', 'nuc', 2, -2, 1, -1, inf, -inf
        double[][] f64 = {{4.217162721274005, 3.3139230314540806}, {10.78541891982052, 9.467933205402229},
            {2.867894318972979, 1.73541528584166}, {0.3486878834357153, 0.5762309506885607},
            {4.571428571428571, 3.0453879941434847}, {1.5714285714285714, 1.1171303074670569},
            {4.067307692307692, 2.7441434846266475}, {1.9189560439560438, 1.3191800878477307}};
        double[][] f32 = {{4.2171630859375, 3.3139233589172363}, {10.785418510437012, 9.46793270111084},
            {2.867893695831299, 1.7354148626327515}, {0.34868794679641724, 0.5762311220169067},
            {4.5714287757873535, 3.0453882217407227}, {1.571428656578064, 1.1171303987503052},
            {4.067307472229004, 2.744143486022949}, {1.9189560413360596, 1.3191800117492676}};
        Tensor singular = Tensor.of(Shape.of(2, 2), 1, 0, 0, 0);
        for (int o = 0; o < orders.length; o++) {
            StatisticOp.MatrixNorm p = orders[o];
            assertValues(Shape.of(2), f64[o], eval(in -> in.get(0).cond(p), m), F64);
            assertValues(Shape.of(2), f32[o], eval(in -> in.get(0).cond(p), m.cast(DType.FLOAT32)), F32);
            double atSingular = p == StatisticOp.MatrixNorm.SMALLEST_SINGULAR_VALUE ? 0 : Double.POSITIVE_INFINITY;
            assertEquals(atSingular, eval(in -> in.get(0).cond(p), singular).item(), p.toString());
            assertEquals(1.0, eval(in -> in.get(0).cond(p), Tensor.of(Shape.of(1, 1), 0.5)).item(), p.toString());
            assertValues(Shape.of(), new double[] {0}, eval(in -> in.get(0).cond(p), Tensor.of(Shape.of(0, 0))), F64);
        }
        assertValues(Shape.of(2), f64[2], eval(in -> in.get(0).cond(), m), F64);
        assertEquals(2.319939888630332, eval(in -> in.get(0).cond(), seq(Shape.of(3, 2))).item(), F64);
        assertEquals(0.5766849267616131, eval(in -> in.get(0).cond(StatisticOp.MatrixNorm.SMALLEST_SINGULAR_VALUE),
                seq(Shape.of(2, 3))).item(), F64);
    }

    @Test
    void vanderIsTorchs() {
        Tensor x = Tensor.vector(1, 2, -1.5, 0);
        double[] square = {1, 1, 1, 1, 1, 2, 4, 8, 1, -1.5, 2.25, -3.375, 1, 0, 0, 0};
        assertValues(Shape.of(4, 4), square, eval(in -> in.get(0).vander(), x), 0);
        assertValues(Shape.of(4, 4), square, eval(in -> in.get(0).vander(), x.cast(DType.FLOAT32)), 0);
        assertValues(Shape.of(4, 2), new double[] {1, 1, 1, 2, 1, -1.5, 1, 0}, eval(in -> in.get(0).vander(2), x), 0);
        assertValues(Shape.of(2, 3, 4), new double[] {1.0, -1.25, 1.5625, -1.953125, 1.0, 0.5, 0.25, 0.125, 1.0, -0.5,
            0.25, -0.125, 1.0, 1.25, 1.5625, 1.953125, 1.0, 0.25, 0.0625, 0.015625, 1.0, -0.75, 0.5625, -0.421875},
                eval(in -> in.get(0).vander(4), seq(Shape.of(2, 3))), 0);
        assertValues(Shape.of(0, 3), new double[0], eval(in -> in.get(0).vander(3), Tensor.of(Shape.of(0))), 0);
    }

    /**
     * Integers take the doubling path, {@code x^(k + j) = x^k x^j}: exact, and wrapping as the running products of
     * torch.linalg.vander wrap in int64; 7 and 25 columns are not powers of two.
     */
    @Test
    void vanderOfIntegersIsTorchs() {
        // torch.linalg.vander(torch.tensor([2, -3, 0, 1]), N=7)
        long[] seven = {1, 2, 4, 8, 16, 32, 64, 1, -3, 9, -27, 81, -243, 729, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1};
        Tensor x = Tensor.ofLongs(Shape.of(4), 2, -3, 0, 1);
        assertArrayEquals(seven, eval(in -> in.get(0).vander(7), x).toLongArray());
        // torch.linalg.vander(torch.tensor([3, -7]), N=25).ravel()[25:]: (-7)^23 and (-7)^24 wrap in int64
        long[] wrapped = {1, -7, 49, -343, 2401, -16807, 117649, -823543, 5764801, -40353607, 282475249,
            -1977326743, 13841287201L, -96889010407L, 678223072849L, -4747561509943L, 33232930569601L,
            -232630513987207L, 1628413597910449L, -11398895185373143L, 79792266297612001L, -558545864083284007L,
            3909821048582988049L, -8922003266371364727L, 7113790643470898241L};
        long[] got = eval(in -> in.get(0).vander(25), Tensor.ofLongs(Shape.of(2), 3, -7)).toLongArray();
        assertArrayEquals(wrapped, java.util.Arrays.copyOfRange(got, 25, 50));
        assertEquals(282429536481L, got[24], "3^24");
    }

    /**
     * A wide vander is one cumulative product: a handful of nodes whatever the width, its entries the running
     * products of torch.linalg.vander (equal to numpy.vander(x, 4096, increasing=True)) bit for bit; a result past
     * Shape.MAX_SIZE is refused before anything is built.
     */
    @Test
    void wideVanderIsOneCumulativeProduct() {
        Tensor x = Tensor.vector(1.0, -1.0, 0.5, 0.0, 1.001);
        double[] v = eval(in -> in.get(0).vander(4096), x).toDoubleArray();
        // torch.linalg.vander(torch.tensor([1.0, -1.0, 0.5, 0.0, 1.001], dtype=torch.float64), N=4096)[i, j]
        assertEquals(1.0, v[4095]);
        assertEquals(-1.0, v[4096 + 4095]);
        assertEquals(1.0, v[4096 + 4094]);
        assertEquals(5e-324, v[2 * 4096 + 1074]);
        assertEquals(0.0, v[2 * 4096 + 1075]);
        assertEquals(1.0, v[3 * 4096]);
        assertEquals(0.0, v[3 * 4096 + 1]);
        assertEquals(2.7169239322355985, v[4 * 4096 + 1000]);
        assertEquals(59.91661609963208, v[4 * 4096 + 4095]);
        Node in = SourceOp.input("x", Shape.of(5));
        assertEquals(Graphs.topologicalOrder(in.vander(3)).size(),
                Graphs.topologicalOrder(in.vander(1 << 28)).size());
        Node k = SourceOp.input("k", Shape.of(5), DType.INT64);
        int integerNodes = Graphs.topologicalOrder(k.vander(1 << 20)).size();
        assertTrue(integerNodes < 6 * 21, "O(log columns) nodes for integers, got " + integerNodes);
        rejects(IllegalArgumentException.class, () -> in.vander(Integer.MAX_VALUE), "vander: the result",
                "10737418235 elements, more than a tensor holds (2147483639)");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("one", Shape.of(1)).vander(Integer.MAX_VALUE),
                "2147483647 elements");
    }

    @Test
    void tensorinvAndTensorsolveAreTorchs() {
        Tensor t = shifted(seq(Shape.of(24, 24)), 6);
        Tensor inverse = eval(in -> in.get(0).reshape(4, 6, 8, 3).tensorinv(2), t);
        assertEquals(Shape.of(8, 3, 4, 6), inverse.shape());
        assertValues(Shape.of(8, 3), new double[] {0.20958211842708344, 0.18164353385370835, 0.18037013837387614,
            0.16200618445198134, 0.18900894088525563, 0.2623245462797466, 0.09436041676511533, 0.09048555221265454,
            0.10642714296380062, 0.26650389546842024, 0.090620863651691, 0.20958211842708346, 0.1816435338537084,
            0.18037013837387603, 0.16200618445198134, 0.18900894088525558, 0.26232454627974666, 0.09436041676511539,
            0.09048555221265449, 0.10642714296380054, 0.26650389546842024, 0.09062086365169099, 0.2095821184270834,
            0.1816435338537084}, eval(in -> in.get(0).reshape(4, 6, 8, 3).tensorinv(2).sum(false, 2, 3), t), F64);
        Tensor six = shifted(seq(Shape.of(6, 6)), 3);
        assertValues(Shape.of(2, 3, 6), new double[] {0.6719186993535697, -0.15756098060709123, 0.10060135432780469,
            -0.2461557374530031, -0.1263766096728919, 0.13178572526200402, -0.14452992941513937, 0.3358978824541813,
            0.0616482094256571, 0.02186525701836161, 0.03647396692380454, 0.09555762722861366, -0.1352278897278026,
            0.05683669183407947, 0.22335481271278756, -0.002318680230433797, 0.06578700241429591,
            -0.10102821004032933, -0.002417710755739516, 0.07253132267218505, -0.05671375738887238,
            0.37339288824234473, 0.11279235347750811, -0.01645272658354932, 0.13715386270271376,
            -0.11461588108141332, -0.031283401459505054, 0.03255372405997836, 0.2398416877533389,
            -0.010159165958086183, 0.26996404167477683, -0.09892125024330772, 0.021981361772168324,
            0.07493195919942358, -0.04648629451678225, 0.40774965083202713},
                eval(in -> in.get(0).reshape(6, 2, 3).tensorinv(1), six), F64);
        assertValues(Shape.of(1, 1), new double[] {4}, eval(in -> in.get(0).tensorinv(1),
                Tensor.of(Shape.of(1, 1), 0.25)), F64);

        Tensor b = seq(DType.FLOAT64, Shape.of(2, 3), 3, 7, 3, 2.0);
        double[] x = {-0.9920604837470418, 0.23925091944720475, 0.7058486062307275, -0.13889543400981427,
            -0.01893190456189236, -0.863675944802434};
        assertValues(Shape.of(6), x, eval(in -> in.get(0).reshape(2, 3, 6).tensorsolve(in.get(1)), six, b), F64);
        assertValues(Shape.of(6), x, eval(in -> in.get(0).reshape(2, 3, 6).permute(2, 0, 1).tensorsolve(in.get(1), 0),
                six, b), F64);
        assertValues(Shape.of(6), x, eval(in -> in.get(0).reshape(2, 3, 6).tensorsolve(in.get(1)),
                six.cast(DType.FLOAT32), b.cast(DType.FLOAT32)), F32);
        assertValues(Shape.of(1), new double[] {0.5}, eval(in -> in.get(0).tensorsolve(in.get(1)),
                Tensor.of(Shape.of(1, 1), 4), Tensor.vector(2)), F64);
        assertValues(Shape.of(0, 0), new double[0], eval(in -> in.get(0).tensorinv(1), Tensor.of(Shape.of(0, 0))), F64);
    }

    @Test
    void choleskyInverseIsTorchsWithTheGradientOfTheTriangleItReads() {
        Tensor l = shifted(triangle(seq(Shape.of(3, 3)), true), 2);
        Tensor u = shifted(triangle(seq(DType.FLOAT64, Shape.of(3, 3), 5, 13, 6, 3.0), false), 3);
        Tensor weights = seq(DType.FLOAT64, Shape.of(3, 3), 3, 7, 3, 2.0);
        double[] lower = {4.104252400548697, -0.3292181069958847, -1.3333333333333333, -0.3292181069958847,
            0.19753086419753085, -0.0, -1.3333333333333333, -0.0, 1.0};
        assertValues(Shape.of(3, 3), lower, eval(in -> in.get(0).choleskyInverse(), l), F64);
        assertValues(Shape.of(3, 3), lower, eval(in -> in.get(0).choleskyInverse(), l.cast(DType.FLOAT32)), F32);
        assertValues(Shape.of(3, 3), new double[] {2.3324999999999996, 0.5475, -0.8624999999999999, 0.5475, 0.2925,
            -0.33749999999999997, -0.8624999999999999, -0.33749999999999997, 0.5625},
                eval(in -> in.get(0).choleskyInverse(true), u), F64);
        // torch's gradient of sum(cholesky_inverse(F) * W), kept on the triangle F occupies (it fills the other too)
        assertValues(Shape.of(3, 3), new double[] {19.75308641975309, 0, 0, -1.1851851851851847, 0.4096936442615454,
            0, -7.999999999999998, 5.259259259259259, 10.666666666666666},
                eval(in -> Autodiff.grad(in.get(0).choleskyInverse().mul(in.get(1)).sum(), in.get(0)), l, weights),
                F64);
        assertValues(Shape.of(3, 3), new double[] {8.996249999999996, 2.4637499999999997, -3.881249999999999, 0,
            -0.1001249999999998, 0.10687499999999961, 0, 0, 4.381874999999999},
                eval(in -> Autodiff.grad(in.get(0).choleskyInverse(true).mul(in.get(1)).sum(), in.get(0)), u,
                        weights), F64);
        Tensor batch = Tensor.of(Shape.of(2, 1, 1), 2, 0.5);
        assertValues(Shape.of(2, 1, 1), new double[] {0.25, 4}, eval(in -> in.get(0).choleskyInverse(), batch), F64);
        assertValues(Shape.of(0, 0), new double[0], eval(in -> in.get(0).choleskyInverse(), Tensor.of(Shape.of(0, 0))),
                F64);
    }

    @Test
    void householderProductIsTorchs() {
        Tensor a = seq(Shape.of(4, 3));
        Tensor tau = Tensor.vector(1.2, 0.5, -0.3);
        double[] q = {-0.19999999999999996, -0.8624999999999999, -1.162734375, -1.5, -0.578125, -1.5002929687500002,
            -1.2, -0.8624999999999999, 0.13726562499999995, -0.8999999999999999, -0.521875, -1.23533203125};
        assertValues(Shape.of(4, 3), q, eval(in -> in.get(0).householderProduct(in.get(1)), a, tau), F64);
        assertValues(Shape.of(4, 3), q, eval(in -> in.get(0).householderProduct(in.get(1)), a.cast(DType.FLOAT32),
                tau.cast(DType.FLOAT32)), F32);
        assertValues(Shape.of(2, 4, 3), new double[] {-0.10000000000000009, -0.3300000000000001, 0.7700000000000002,
            0.55, 0.765, 0.21499999999999997, -0.55, 0.43500000000000005, 0.485, -1.6500000000000001,
            -0.2950000000000002, 0.8550000000000002, 0.8, -0.38, 0.18, -0.0, -0.8999999999999999, 1.9, -0.2, 1.52,
            -0.72, 0.30000000000000004, 0.5700000000000001, -0.27},
                eval(in -> in.get(0).householderProduct(in.get(1)), seq(DType.FLOAT64, Shape.of(2, 4, 3), 3, 7, 3,
                        2.0), Tensor.of(Shape.of(2, 2), 1.1, 0.4, 0.2, 1.9)), F64);
        assertValues(Shape.of(1, 1), new double[] {-1}, eval(in -> in.get(0).householderProduct(in.get(1)),
                Tensor.of(Shape.of(1, 1), 7), Tensor.vector(2)), F64);
        assertValues(Shape.of(2, 0), new double[0], eval(in -> in.get(0).householderProduct(in.get(1)),
                Tensor.of(Shape.of(2, 0)), Tensor.of(Shape.of(0))), F64);
    }

    @Test
    void luSolveOnTheRightAndWithTheAdjointIsTorchs() {
        Tensor a = shifted(seq(Shape.of(3, 3)), 2);
        Tensor left = seq(DType.FLOAT64, Shape.of(3, 2), 3, 7, 3, 2.0);
        Tensor right = seq(DType.FLOAT64, Shape.of(2, 3), 3, 7, 3, 2.0);
        assertValues(Shape.of(3, 2), new double[] {-4.758620689655173, 1.793103448275862, 1.724137931034483,
            -0.6206896551724139, -0.0862068965517242, -0.5689655172413793},
                eval(in -> LuOp.luSolve(in.get(0).luFactor(), in.get(1), true, true), a, left), F64);
        assertValues(Shape.of(2, 3), new double[] {-3.7241379310344835, 0.8275862068965522, 0.2586206896551728,
            -0.4827586206896554, 0.5517241379310347, -0.8275862068965516},
                eval(in -> LuOp.luSolve(in.get(0).luFactor(), in.get(1), false, false), a, right), F64);
        assertValues(Shape.of(2, 3), new double[] {-1.2413793103448283, 1.6034482758620694, 2.741379310344828,
            -1.3103448275862073, 1.2758620689655173, 0.3103448275862069},
                eval(in -> LuOp.luSolve(in.get(0).luFactor(), in.get(1), false, true), a.cast(DType.FLOAT32),
                        right.cast(DType.FLOAT32)), F32);
        // the default flags are the old overload, and a vector on the right is x A = b
        Tensor old = eval(in -> LuOp.luSolve(in.get(0).luFactor(), in.get(1)), a, left);
        assertArrayEquals(old.toDoubleArray(), eval(in -> LuOp.luSolve(in.get(0).luFactor(), in.get(1), true, false),
                a, left).toDoubleArray());
        Tensor row = eval(in -> LuOp.luSolve(in.get(0).luFactor(), in.get(1).slice(0, 0, 1).squeeze(0), false,
                false), a, right);
        assertValues(Shape.of(3), new double[] {-3.7241379310344835, 0.8275862068965522, 0.2586206896551728}, row, F64);
    }

    @Test
    void matrixRankTakesTensorTolerancesByTorchsRule() {
        Tensor r = Tensor.of(Shape.of(2, 3, 3), 1, 0, 0, 0, 1e-3, 0, 0, 0, 1e-9, 2, 0, 0, 0, 0.5, 0, 0, 0, 1e-2);
        assertArrayEquals(new long[] {3, 3}, eval(in -> in.get(0).matrixRank(null, null, false), r).toLongArray());
        assertArrayEquals(new long[] {2, 1}, eval(in -> in.get(0).matrixRank(in.get(1), null, false), r,
                Tensor.vector(1e-4, 0.6)).toLongArray());
        assertArrayEquals(new long[] {1, 2}, eval(in -> in.get(0).matrixRank(in.get(1), null, false), r,
                Tensor.scalar(1e-2)).toLongArray());
        assertArrayEquals(new long[] {1, 1}, eval(in -> in.get(0).matrixRank(null, in.get(1), false), r,
                Tensor.vector(1e-2, 0.3)).toLongArray());
        assertArrayEquals(new long[] {2, 1}, eval(in -> in.get(0).matrixRank(in.get(1), in.get(2), false), r,
                Tensor.vector(0, 0.6), Tensor.vector(1e-6, 1e-6)).toLongArray());
        // an absent rtol is the default where atol is not positive, 0 where it is
        Tensor tiny = Tensor.of(Shape.of(2, 2, 2), 1, 0, 0, 1e-17, 1, 0, 0, 1e-17);
        assertArrayEquals(new long[] {1, 1}, eval(in -> in.get(0).matrixRank(false), tiny).toLongArray());
        assertArrayEquals(new long[] {1, 2}, eval(in -> in.get(0).matrixRank(in.get(1), null, false), tiny,
                Tensor.vector(0, 1e-18)).toLongArray());
        assertArrayEquals(new long[] {2, 2}, eval(in -> in.get(0).matrixRank(null, in.get(1), false), tiny,
                Tensor.scalar(0)).toLongArray());
        Tensor symmetric = Tensor.of(Shape.of(2, 2, 2), 2, 0, 0, -1e-3, -3, 1, 1, -3);
        assertArrayEquals(new long[] {2, 2}, eval(in -> in.get(0).matrixRank(true), symmetric).toLongArray());
        assertArrayEquals(new long[] {2, 2}, eval(in -> in.get(0).matrixRank(true), symmetric.cast(DType.FLOAT32))
                .toLongArray());
        assertArrayEquals(new long[] {1, 2}, eval(in -> in.get(0).matrixRank(in.get(1), null, true), symmetric,
                Tensor.scalar(0.01)).toLongArray());
        assertArrayEquals(new long[] {0, 0}, eval(in -> in.get(0).matrixRank(in.get(1), null, false),
                Tensor.of(Shape.of(2, 0, 3)), Tensor.vector(1, 2)).toLongArray());
        assertArrayEquals(new long[] {1}, eval(in -> in.get(0).matrixRank(true), Tensor.of(Shape.of(1, 1, 1), -4))
                .toLongArray());
    }

    @Test
    void badShapesAreRefusedWhenBuiltNamingTheFunction() {
        Node m23 = SourceOp.input("m", Shape.of(2, 3));
        Node m34 = SourceOp.input("n", Shape.of(3, 4));
        Node v3 = SourceOp.input("v", Shape.of(3));
        rejects(IllegalArgumentException.class, () -> m23.vecdot(m34, -1), "vecdot: shapes must broadcast");
        rejects(IllegalArgumentException.class, () -> m23.vecdot(m23, 2), "vecdot: axis must lie in [-2, 2)",
                "got 2");
        rejects(IllegalArgumentException.class, () -> LinalgFunctions.multiDot(List.of(m23)),
                "multiDot: needs at least 2 operands, got 1");
        rejects(IllegalArgumentException.class, () -> LinalgFunctions.multiDot(List.of(m23, m23)),
                "multiDot: operands 0 and 1 cannot be multiplied, got", "[2, 3]");
        rejects(IllegalArgumentException.class, () -> LinalgFunctions.multiDot(List.of(m23, v3, m34)),
                "multiDot: operand 1 must be a matrix", "only the first and the last may be vectors");
        rejects(IllegalArgumentException.class, () -> m23.cond(StatisticOp.MatrixNorm.FROBENIUS),
                "cond: operand must be square matrices [..., n, n] for p = FROBENIUS", "[2, 3]");
        rejects(IllegalArgumentException.class, v3::cond, "cond: operand must be matrices");
        rejects(IllegalArgumentException.class, () -> v3.vander(1),
                "vander: the number of columns must be greater than 1, got 1");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("e", Shape.of(0)).vander(),
                "vander: the number of columns must be greater than 1, got 0");
        rejects(IllegalArgumentException.class, () -> m23.tensorinv(1),
                "tensorinv: the product of the first ind = 1 axes must equal the product of the others, got 2 and 3");
        rejects(IllegalArgumentException.class, () -> m23.tensorinv(2), "tensorinv: ind must lie in [1, 2)",
                "got 2");
        rejects(IllegalArgumentException.class, () -> m34.reshape(3, 2, 2).tensorsolve(v3.reshape(1, 3)),
                "tensorsolve: A must be [b..., x...] with B's shape b first");
        rejects(IllegalArgumentException.class, () -> m34.tensorsolve(v3, 0, 0), "tensorsolve: dims must be distinct");
        rejects(IllegalArgumentException.class, m23::choleskyInverse,
                "choleskyInverse: factor must be square matrices", "[2, 3]");
        rejects(IllegalArgumentException.class, () -> m23.householderProduct(v3),
                "householderProduct: A must be matrices [..., m, n] with concrete m >= n", "[2, 3]");
        rejects(IllegalArgumentException.class, () -> m34.transpose().householderProduct(
                SourceOp.input("t", Shape.of(4))), "householderProduct: tau must be [..., k]", "k <= n = 3");
        Node factors = SourceOp.input("a", Shape.of(3, 3));
        rejects(IllegalArgumentException.class, () -> LuOp.luSolve(factors.luFactor(), m34, false, false),
                "luSolve: the right-hand side must have as many columns as the factors have rows (left = false)");
        rejects(IllegalArgumentException.class, () -> m23.matrixRank(true),
                "matrixRank: operand must be square matrices");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("s", Shape.of(2, 3, 3)).matrixRank(
                SourceOp.input("t", Shape.of(3)), null, false), "matrixRank: shapes must broadcast");
    }
}
