package dev.adjoint.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * {@link GammaFunctions} against 60-digit references ({@code gamma-functions.csv}, computed once with mpmath by
 * the script beside it, each rounded once to the nearest double), on 4,495 arguments covering every interval of
 * each method, its boundaries, tiny and huge arguments and negative ones. For positive arguments lgamma and
 * digamma are within 2 ulps, polygamma within 3 to 6 (the bound grows with the order n, through the rounding of
 * the powers {@code (x + k)^-(n+1)}); for negative arguments the error is measured in ulps of the larger term of
 * the reflection formula (the script's scale column): within 3 of them for lgamma, digamma and trigamma, 6 and 12
 * for polygamma of orders 2 and 5.
 */
class GammaFunctionsTest {

    private static final Map<String, DoubleUnaryOperator> FUNCTIONS = Map.of("lgamma", GammaFunctions::lgamma,
            "digamma", GammaFunctions::digamma, "polygamma1", x -> GammaFunctions.polygamma(1, x),
            "polygamma2", x -> GammaFunctions.polygamma(2, x), "polygamma5", x -> GammaFunctions.polygamma(5, x));

    private static final Map<String, Long> ULPS = Map.of("lgamma", 2L, "digamma", 2L, "polygamma1", 3L,
            "polygamma2", 3L, "polygamma5", 6L);

    /**
     * For negative arguments: the error bound in ulps of the larger term of the reflection formula; for polygamma it
     * grows with n, since the relative rounding error of {@code cot(pi x)} enters the n + 1 powers of the polynomial
     * {@code P_n}.
     */
    private static final Map<String, Double> REFLECTION_ULPS = Map.of("lgamma", 3.0, "digamma", 3.0,
            "polygamma1", 3.0, "polygamma2", 6.0, "polygamma5", 12.0);

    @Test
    void valuesAreWithinAFewUlpsOfHighPrecisionReferences() throws IOException {
        Map<String, Long> worst = new TreeMap<>();
        Map<String, Double> worstReflected = new TreeMap<>();
        int count = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                GammaFunctionsTest.class.getResourceAsStream("gamma-functions.csv")), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("#")) {
                    continue;
                }
                String[] row = line.split(",");
                double x = Double.parseDouble(row[1]);
                double expected = Double.parseDouble(row[2]);
                double scale = Double.parseDouble(row[3]);
                double actual = FUNCTIONS.get(row[0]).applyAsDouble(x);
                String what = row[0] + "(" + x + ") = " + actual + ", expected " + expected;
                if (x > 0) {
                    long d = SpecialFunctionsTest.ulps(actual, expected);
                    worst.merge(row[0], d, Math::max);
                    assertTrue(d <= ULPS.get(row[0]), what + " (" + d + " ulps)");
                } else {
                    double d = actual == expected ? 0 : Math.abs(actual - expected) / Math.ulp(scale);
                    worstReflected.merge(row[0], d, Math::max);
                    assertTrue(d <= REFLECTION_ULPS.get(row[0]), what + " (" + d + " ulps of " + scale + ")");
                }
                count++;
            }
        }
        assertTrue(count > 4000, "found only " + count + " reference values");
        assertEquals(FUNCTIONS.keySet(), worst.keySet(), "every function has references");
        System.out.println("gamma functions, worst ulps against the references: " + worst + "; for x < 0, in ulps of "
                + "the reflection's larger term: " + worstReflected);
    }

    @Test
    void edgeValuesAreTorchs() {
        double inf = Double.POSITIVE_INFINITY;
        for (double pole : new double[] {0.0, -0.0, -1.0, -2.0, -1e10, inf, -inf}) {
            assertEquals(inf, GammaFunctions.lgamma(pole), "lgamma(" + pole + ")");
        }
        assertEquals(0.0, GammaFunctions.lgamma(1.0), "lgamma(1) is +0");
        assertEquals(0.0, GammaFunctions.lgamma(2.0), "lgamma(2) is +0");
        assertEquals(-inf, GammaFunctions.digamma(0.0));
        assertEquals(inf, GammaFunctions.digamma(-0.0));
        assertEquals(inf, GammaFunctions.digamma(inf));
        for (double x : new double[] {-1.0, -2.0, -1e10, -inf, Double.NaN}) {
            assertTrue(Double.isNaN(GammaFunctions.digamma(x)), "digamma(" + x + ") is NaN");
        }
        for (double pole : new double[] {0.0, -0.0, -1.0, -3.0}) {
            assertEquals(inf, GammaFunctions.polygamma(1, pole), "trigamma(" + pole + ")");
            assertEquals(-inf, GammaFunctions.polygamma(2, pole), "polygamma(2, " + pole + ")");
        }
        // within 2^-1022 / pi of the pole 0 from below, cot(pi x) overflows: psi^(n)(x) ~ (-1)^(n+1) n! / x^(n+1)
        // overflows to +inf for every n (PyTorch: inf, inf), where the cotangent polynomial made inf * 0 = NaN
        for (double x : new double[] {-1e-310, -Double.MIN_VALUE}) {
            for (int n = 1; n <= 4; n++) {
                assertEquals(inf, GammaFunctions.polygamma(n, x), "polygamma(" + n + ", " + x + ")");
            }
        }
        assertEquals(0.0, GammaFunctions.polygamma(1, inf));
        assertEquals(-0.0, GammaFunctions.polygamma(2, inf));
        assertEquals(1e-308, GammaFunctions.polygamma(1, 1e308), "trigamma x ~ 1/x, not underflowing to 0");
        assertTrue(Double.isNaN(GammaFunctions.lgamma(Double.NaN)));
        assertTrue(Double.isNaN(GammaFunctions.polygamma(3, Double.NaN)));
        assertTrue(Double.isNaN(GammaFunctions.polygamma(1, -inf)));
    }

    @Test
    void derivativesAreTheNextFunction() {
        double h = 1e-5;
        for (int i = 0; i < 33; i++) {
            double x = -3.65 + 0.3 * i; // at least 0.05 from the poles
            double lgammaSlope = (GammaFunctions.lgamma(x + h) - GammaFunctions.lgamma(x - h)) / (2 * h);
            assertEquals(GammaFunctions.digamma(x), lgammaSlope, 1e-6 * (1 + Math.abs(lgammaSlope)), "lgamma' at " + x);
            double digammaSlope = (GammaFunctions.digamma(x + h) - GammaFunctions.digamma(x - h)) / (2 * h);
            assertEquals(GammaFunctions.polygamma(1, x), digammaSlope, 1e-6 * (1 + Math.abs(digammaSlope)),
                    "digamma' at " + x);
        }
    }

    @Test
    void anOrderBelowOneIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GammaFunctions.polygamma(0, 1.0));
        assertEquals("polygamma: order must be >= 1 here, got 0", e.getMessage());
    }
}
