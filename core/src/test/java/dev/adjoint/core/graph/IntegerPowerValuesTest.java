package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.compile.Fusion;
import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.eval.Evaluator;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code x.pow(n)} for an integer n, as the graph evaluates it: PyTorch 1.13's values at the special and extreme
 * points, and the same bits unfused, fused and compiled, in float64 and float32.
 */
class IntegerPowerValuesTest {

    private static final double INF = Double.POSITIVE_INFINITY;
    private static final double NAN = Double.NaN;

    /** The largest x whose cube is finite, its successor, the smallest x whose cube is not 0, and its predecessor. */
    private static final double CUBE_MAX = 5.643803094122361e102;
    private static final double CUBE_MIN = 1.351817985853457e-108;
    /** The largest x whose fourth power rounds to a finite double, and its successor. */
    private static final double FOURTH_MAX = 1.1579208923731618e77;

    private static final double[] X = {0.0, -0.0, INF, -INF, NAN, 1.0, -1.0, CUBE_MAX, Math.nextUp(CUBE_MAX),
        -CUBE_MAX, CUBE_MIN, Math.nextDown(CUBE_MIN), -CUBE_MIN, 2.7558944033944695e-103, -2.7558944033944695e-103,
        FOURTH_MAX, Math.nextUp(FOURTH_MAX), 1.1, -2.5, 3e-5, 7.0};

    /** {@code torch.pow(t, p).tolist()} for {@code t = torch.tensor(X, dtype=torch.float64)}, PyTorch 1.13. */
    private static final double[][] TORCH = {
        {0.0, -0.0, INF, -INF, NAN, 1.0, -1.0, 1.797693134862315e+308, INF, -1.797693134862315e+308, 5e-324, 0.0,
            -5e-324, 2.0930891119735984e-308, -2.0930891119735984e-308, 1.5525180923007084e+231,
            1.552518092300709e+231, 1.3310000000000004, -15.625, 2.7000000000000002e-14, 343.0},
        {0.0, 0.0, INF, INF, NAN, 1.0, 1.0, INF, INF, INF, 0.0, 0.0, 0.0, 0.0, 0.0, INF, INF, 1.4641000000000004,
            39.0625, 8.100000000000001e-19, 2401.0},
        {INF, -INF, 0.0, -0.0, NAN, 1.0, -1.0, 1.7718548704178435e-103, 1.771854870417843e-103,
            -1.7718548704178435e-103, 7.397445591528061e+107, 7.397445591528063e+107, -7.397445591528061e+107,
            3.628586054561044e+102, -3.628586054561044e+102, 8.636168555094447e-78, 8.636168555094445e-78,
            0.9090909090909091, -0.4, 33333.333333333336, 0.14285714285714285},
        {INF, INF, 0.0, 0.0, NAN, 1.0, 1.0, 3.139469681823433e-206, 3.139469681823431e-206, 3.139469681823433e-206,
            5.4722201279617956e+215, 5.472220127961798e+215, 5.4722201279617956e+215, 1.3166636755354883e+205,
            1.3166636755354883e+205, 7.458340731200208e-155, 7.458340731200207e-155, 0.8264462809917354, 0.16,
            1111111111.1111112, 0.02040816326530612},
        {INF, -INF, 0.0, -0.0, NAN, 1.0, -1.0, 5.562684646268003e-309, 5.562684646268003e-309,
            -5.562684646268003e-309, INF, INF, -INF, 4.77762745159516e+307, -4.77762745159516e+307,
            6.441148769597135e-232, 6.441148769597133e-232, 0.7513148009015775, -0.064, 37037037037037.03,
            0.0029154518950437317},
        {1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0},
        {0.0, -0.0, INF, -INF, NAN, 1.0, -1.0, 5.643803094122361e+102, 5.643803094122362e+102,
            -5.643803094122361e+102, 1.351817985853457e-108, 1.3518179858534569e-108, -1.351817985853457e-108,
            2.7558944033944695e-103, -2.7558944033944695e-103, 1.1579208923731618e+77, 1.157920892373162e+77, 1.1,
            -2.5, 3e-05, 7.0},
        {0.0, -0.0, INF, -INF, NAN, 1.0, -1.0, INF, INF, -INF, 0.0, 0.0, -0.0, 0.0, -0.0, INF, INF,
            1.6105100000000006, -97.65625, 2.4300000000000004e-23, 16807.0}};
    private static final double[] P = {3, 4, -1, -2, -3, 0, 1, 5};

    /**
     * PyTorch's bits everywhere (signed zeros, infinities, NaN, 1 for {@code NaN^0}, the overflow and underflow
     * thresholds), except at nine points where PyTorch's own products are one ulp off the exact power and
     * Adjoint's is the correctly rounded one: {@code (±CUBE_MAX)^3}, {@code FOURTH_MAX^4} (where PyTorch
     * overflows), {@code nextUp(CUBE_MAX)^-2}, {@code (±CUBE_MIN)^-2}, {@code (±CUBE_MAX)^-3} (a subnormal) and
     * {@code FOURTH_MAX^-3}.
     */
    @Test
    void float64PowersArePyTorchsOrCorrectlyRoundedWherePyTorchIsAnUlpOff() {
        Node x = SourceOp.input("x", Shape.of(X.length));
        int disagreements = 0;
        for (int j = 0; j < P.length; j++) {
            Tensor y = Evaluator.evaluate(x.pow(P[j]), Bindings.of(x, Tensor.vector(X)));
            for (int i = 0; i < X.length; i++) {
                double torch = TORCH[j][i];
                double actual = y.flat(i);
                String what = X[i] + "^" + P[j] + ": PyTorch " + torch + ", got " + actual;
                if (Double.doubleToLongBits(actual) != Double.doubleToLongBits(torch)) {
                    disagreements++;
                    assertTrue(Double.isFinite(X[i]) && X[i] != 0, what);
                    assertEquals(correctlyRounded(X[i], (int) P[j]), actual, 0.0, what);
                    double ulp = Math.ulp(Double.isFinite(torch) ? torch : Double.MAX_VALUE);
                    assertTrue(Math.abs(actual - torch) <= ulp || Double.isInfinite(torch), what);
                }
            }
        }
        assertEquals(9, disagreements, "points where Adjoint and PyTorch differ");
    }

    /**
     * {@code torch.pow(t, p)} for float32 {@code t}: PyTorch multiplies in float, rounding each product; Adjoint
     * computes in float64 and rounds once, and is the correctly rounded float at two points where PyTorch is an
     * ulp off ({@code 6.98e12^3}, {@code 6.99e12^-2}). At 6.99e12 the cube overflows and at 1e-16 it underflows.
     */
    @Test
    void float32PowersArePyTorchsOrCorrectlyRounded() {
        float[] xs = {0.0f, -0.0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 1.0f, -1.0f, 1.1f,
            -2.5f, 3e-5f, 7.0f, 6.98e12f, 6.99e12f, 1e-15f, 1e-16f};
        double[][] torch = {
            {0.0, -0.0, INF, -INF, NAN, 1.0, -1.0, 1.3310000896453857, -15.625, 2.6999998509755554e-14, 343.0,
                3.4006836721721033e+38, INF, 1.401298464324817e-45, 0.0},
            {0.0, 0.0, INF, INF, NAN, 1.0, 1.0, 1.4641001224517822, 39.0625, 8.099999161339364e-19, 2401.0, INF, INF,
                0.0, 0.0},
            {INF, -INF, 0.0, -0.0, NAN, 1.0, -1.0, 0.9090908765792847, -0.4000000059604645, 33333.3359375,
                0.1428571492433548, 1.4326647507223456e-13, 1.4306152020405333e-13, 999999986991104.0,
                1.0000000272564224e+16},
            {INF, INF, 0.0, 0.0, NAN, 1.0, 1.0, 0.8264462351799011, 0.1599999964237213, 1111111168.0,
                0.020408162847161293, 2.0525284070540042e-26, 2.046659867401863e-26, 1.0000000150474662e+30,
                9.99999936467288e+31},
            {INF, -INF, 0.0, -0.0, NAN, 1.0, -1.0, 0.7513147592544556, -0.06400000303983688, 37037038108672.0,
                0.0029154520016163588, 2.9405855910286275e-39, 2.92798231264049e-39, INF, INF}};
        double[] p = {3, 4, -1, -2, -3};
        Node x = SourceOp.input("x", Shape.of(xs.length), DType.FLOAT32);
        int disagreements = 0;
        for (int j = 0; j < p.length; j++) {
            Tensor y = Evaluator.evaluate(x.pow(p[j]), Bindings.of(x, Tensor.of(Shape.of(xs.length), xs)));
            for (int i = 0; i < xs.length; i++) {
                float actual = (float) y.flat(i);
                String what = xs[i] + "^" + p[j] + ": PyTorch " + torch[j][i] + ", got " + actual;
                if (Float.floatToIntBits(actual) != Float.floatToIntBits((float) torch[j][i])) {
                    disagreements++;
                    assertEquals(correctlyRoundedFloat(xs[i], (int) p[j]), actual, 0.0f, what);
                    assertEquals((float) torch[j][i], actual, Math.ulp(actual), what);
                }
            }
        }
        assertEquals(2, disagreements, "points where Adjoint and PyTorch differ");
    }

    /**
     * The power is one scalar function, so the unfused kernel, a fused elementwise program and a compiled function
     * give the same bits, on every CPU (no vector lanes are involved).
     */
    @Test
    void unfusedFusedAndCompiledPowersHaveTheSameBits() {
        SplittableRandom random = new SplittableRandom(7);
        double[] values = new double[4096];
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.scalb(random.nextDouble(-2, 2), random.nextInt(-40, 40));
        }
        for (DType dtype : List.of(DType.FLOAT64, DType.FLOAT32)) {
            Node x = SourceOp.input("x", Shape.of(values.length), dtype);
            Tensor t = Tensor.of(dtype, Shape.of(values.length), values);
            for (double p : new double[] {3, 4, -2, -3, 7}) {
                Node y = x.pow(p).neg().mul(x).add(x); // a chain of exactly rounded ops after the power, to fuse
                Node fused = Fusion.of(y);
                assertNotSame(y.op(), fused.op());
                assertEquals(List.of(x), fused.inputs(), "one fused program: " + fused);
                Tensor unfused = Evaluator.evaluate(y, Bindings.of(x, t));
                Tensor inFusion = Evaluator.evaluate(fused, Bindings.of(x, t));
                Tensor compiled = Function.of(List.of(x), List.of(y)).call(Bindings.of(x, t)).get(0);
                Tensor power = Evaluator.evaluate(x.pow(p), Bindings.of(x, t));
                for (int i = 0; i < values.length; i++) {
                    String what = dtype + " x^" + p + " at " + t.flat(i);
                    assertEquals(Double.doubleToLongBits(unfused.flat(i)), Double.doubleToLongBits(inFusion.flat(i)),
                            what + ", fused");
                    assertEquals(Double.doubleToLongBits(unfused.flat(i)), Double.doubleToLongBits(compiled.flat(i)),
                            what + ", compiled");
                    double exact = dtype == DType.FLOAT64 ? correctlyRounded(t.flat(i), (int) p)
                            : correctlyRoundedFloat((float) t.flat(i), (int) p);
                    assertEquals(exact, power.flat(i), 0.0, what);
                }
            }
        }
    }

    /** {@code x^n} rounded to the nearest double, from the exact product (the reciprocal to 80 digits). */
    private static double correctlyRounded(double x, int n) {
        BigDecimal base = new BigDecimal(x);
        return (n >= 0 ? base.pow(n) : BigDecimal.ONE.divide(base.pow(-n), new MathContext(80))).doubleValue();
    }

    /** {@code x^n} rounded to the nearest float: the exact power to 80 digits, rounded once through its string. */
    private static float correctlyRoundedFloat(float x, int n) {
        BigDecimal base = new BigDecimal(x);
        BigDecimal exact = n >= 0 ? base.pow(n) : BigDecimal.ONE.divide(base.pow(-n), new MathContext(80));
        return Float.parseFloat(exact.round(new MathContext(80)).toString());
    }
}
