package dev.adjoint.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The derivatives of erfcx against 60-digit mpmath: {@code mpmath.diff(lambda t: exp(t*t)*erfc(t), x, n)} for
 * {@code |x| < 40}, and beyond {@code (-2)^n n!} times {@code 2/sqrt(pi)/n! quad(u^n exp(-2xu - u^2), [0, inf])}
 * (the integral form of {@code e^(x^2) i^n erfc x}); within 4 ulps, on both sides of the switch from the recurrence
 * to the continued fraction at 1/2 and far out, where {@code 2 x erfcx(x) - 2/sqrt(pi)} cancels. And erfcx with the
 * orders 1 to 4 at 1,252 arguments ({@code erfcx-derivatives.csv}, computed once with mpmath by the script beside
 * it, each rounded once to the nearest double): dense on {@code [0.4, 6]}, every end of the polynomial fits' intervals
 * on {@code [0, 32)} (the old switch at 1/2, erfcx's at 26 and 32) with both its neighbours, and random points from
 * -26 to {@code 1e160}.
 */
class ErfcxDerivativesTest {

    private static final double[] X = {-5.0, -0.5, 0.0, 0.3, 0.7, 2.0, 5.5, 10.0, 100.0, 1e4, 1e8};

    /** {@code erfcx^(n)(X[i])}, for n = 1..4. */
    private static final double[][] REFERENCE = {
        {-1440097986747.7388, -3.0807396562780696, -1.1283791670955126, -0.6876195663549195, -0.39207669480629526,
            -0.1067964618534896, -0.017794764701022602, -0.0055593122190608565, -5.6410497625993184e-05,
            -5.641895750849127e-09, -5.641895835477562e-17},
        {14688999464826.709, 6.985460634643184, 2.0, 1.0566269293223587, 0.5029533019700686, 0.0836055052070531,
            0.00618202508774954, 0.0010957411064280369, 1.1280407802288335e-06, 1.1283791332441388e-12,
            1.1283791670955122e-24},
        {-152650386595258.06, -19.308419259755464, -4.51351666838205, -2.1165021078262627, -0.8641721564670852,
            -0.09276382658574601, -0.0031767828388454757, -0.000322426747682691, -3.383445820601696e-08,
            -3.3851373320296714e-16, -3.385137501286536e-32},
        {1614637862741540.8, 61.22118306761457, 12.0, 5.069860311238394, 1.807878792766492, 0.1305777248993345,
            0.002147539299197005, 0.00012591168491440065, 1.3530401696103847e-09, 1.354054898960497e-19,
            1.3540550005146141e-39}};

    @Test
    void derivativesAreWithinFourUlpsOfMpmath() {
        for (int n = 1; n <= 4; n++) {
            for (int i = 0; i < X.length; i++) {
                double expected = REFERENCE[n - 1][i];
                double got = ErfcxDerivatives.derivative(n, X[i]);
                assertTrue(Math.abs(got - expected) <= 4 * Math.ulp(expected),
                        "erfcx^(" + n + ")(" + X[i] + "): expected " + expected + ", got " + got);
            }
        }
    }

    /** The rows of {@code erfcx-derivatives.csv}: x, then {@code erfcx^(n)(x)} for n = 0..4. */
    static List<double[]> denseReferences() throws IOException {
        return references("erfcx-derivatives.csv");
    }

    /** The rows of the named CSV file beside this class, its comment lines skipped. */
    private static List<double[]> references(String file) throws IOException {
        List<double[]> rows = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                ErfcxDerivativesTest.class.getResourceAsStream(file)), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.startsWith("#")) {
                    rows.add(Arrays.stream(line.split(",")).mapToDouble(Double::parseDouble).toArray());
                }
            }
        }
        return rows;
    }

    /**
     * The bound in ulps: on the fits' range {@code [0, 32)} erfcx within 1 and its derivatives within 2 (a fit, then
     * at most two steps of the recurrence); elsewhere within 4, erfcx's rounding and the fraction's included.
     */
    private static long bound(int n, double x) {
        return x >= 0 && x < 32 ? (n == 0 ? 1 : 2) : 4;
    }

    @Test
    void erfcxAndItsDerivativesAreWithinTheirBoundsAtDensePoints() throws IOException {
        List<double[]> rows = denseReferences();
        long[] worst = new long[5];
        for (double[] row : rows) {
            double x = row[0];
            for (int n = 0; n <= 4; n++) {
                double got = n == 0 ? NormalDistribution.erfcx(x) : ErfcxDerivatives.derivative(n, x);
                long d = SpecialFunctionsTest.ulps(got, row[n + 1]);
                worst[n] = Math.max(worst[n], d);
                assertTrue(d <= bound(n, x), "erfcx^(" + n + ")(" + x + ") = " + got + ", expected " + row[n + 1]
                        + " (" + d + " ulps)");
            }
        }
        assertTrue(rows.size() > 1000, "found only " + rows.size() + " reference rows");
        for (double x : new double[] {0.0, 0.5, 26.0, 32.0}) {
            for (double at : new double[] {Math.nextDown(x), x, Math.nextUp(x)}) {
                assertTrue(rows.stream().anyMatch(row -> row[0] == at), "the references hold " + at);
            }
        }
        System.out.println("erfcx and its derivatives of orders 1..4, worst ulps: " + Arrays.toString(worst));
    }

    /**
     * The orders 5 to 8 at 1,661 arguments ({@code erfcx-higher-derivatives.csv}, by the same script: dense on
     * {@code [0, 1]}, the fits' interval ends with their neighbours, random points from -26 to 32): within 4 ulps on
     * the fits' range {@code [0, 32)}, where the recurrence runs from the fitted {@code E_3} and {@code E_4}
     * (upwards to 1/2, Miller's downwards above), and within 5 below 0, where it runs upwards from {@code E_-1}
     * and {@code E_0}. Regression: from {@code E_-1} and {@code E_0} up to 1/2, order 8 was 18 ulps off at 0.4951.
     */
    @Test
    void ordersFiveToEightAreWithinFourUlpsOnTheFitsRange() throws IOException {
        List<double[]> rows = references("erfcx-higher-derivatives.csv");
        long[] worst = new long[9];
        for (double[] row : rows) {
            double x = row[0];
            for (int n = 5; n <= 8; n++) {
                double got = ErfcxDerivatives.derivative(n, x);
                long d = SpecialFunctionsTest.ulps(got, row[n - 4]);
                worst[n] = Math.max(worst[n], d);
                assertTrue(d <= (x >= 0 ? 4 : 5), "erfcx^(" + n + ")(" + x + ") = " + got + ", expected " + row[n - 4]
                        + " (" + d + " ulps)");
            }
        }
        assertTrue(rows.size() > 1600, "found only " + rows.size() + " reference rows");
        assertTrue(rows.stream().anyMatch(row -> row[0] == 0.4951171875), "the references hold the old worst point");
        System.out.println("erfcx's derivatives of orders 5..8, worst ulps: " + Arrays.toString(worst));
    }

    private static final double[] FAR = {32.0, 40.0, 100.0, 1e4, 1e8};

    /** {@code erfcx^(n)(FAR[i])} for n = 5..8 (the recurrence at 120 digits up to 40, the integral form beyond). */
    private static final double[][] FAR_REFERENCE = {
        {-6.241219098816424e-08, -1.642112687516526e-08, -6.763172605871212e-11, -6.770274291694264e-23,
            -6.770275002573068e-47},
        {1.1662577916991321e-08, 2.457805950970821e-09, 4.056484361421856e-12, 4.062164432840809e-26,
            4.0621650015438396e-54},
        {-2.5413051705264156e-09, -4.2904642431744187e-10, -2.8384042017425923e-13, -2.843514989247972e-29,
            -2.8435155010806864e-61},
        {6.325599241879065e-10, 8.556936819614561e-11, 2.2697025054142143e-14, 2.2748118890318477e-32,
            2.2748124008645483e-68}};

    @Test
    void higherOrdersFarOutAreWithinFourUlpsOfMpmath() {
        // where the continued fraction starts at the depth its error bound gives, a few terms past n
        for (int n = 5; n <= 8; n++) {
            for (int i = 0; i < FAR.length; i++) {
                double expected = FAR_REFERENCE[n - 5][i];
                double got = ErfcxDerivatives.derivative(n, FAR[i]);
                assertTrue(SpecialFunctionsTest.ulps(got, expected) <= 4,
                        "erfcx^(" + n + ")(" + FAR[i] + "): expected " + expected + ", got " + got);
            }
        }
    }

    @Test
    void edgesAndOrdersBelowOne() {
        assertEquals(0.0, ErfcxDerivatives.derivative(1, Double.POSITIVE_INFINITY), 0.0);
        assertEquals(Double.NEGATIVE_INFINITY, ErfcxDerivatives.derivative(1, Double.NEGATIVE_INFINITY));
        assertEquals(Double.POSITIVE_INFINITY, ErfcxDerivatives.derivative(2, Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(ErfcxDerivatives.derivative(2, Double.NaN)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ErfcxDerivatives.derivative(0, 1.0));
        assertEquals("erfcx derivative: order n must be >= 1, got 0", e.getMessage());
    }
}
