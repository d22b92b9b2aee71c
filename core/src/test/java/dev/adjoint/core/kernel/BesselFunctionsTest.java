package dev.adjoint.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * {@link BesselFunctions} against 60-digit references ({@code bessel-functions.csv}, computed once with mpmath by
 * the script beside it, each rounded once to the nearest double): i0, i0e, i1 and i1e within 5 ulps on 1,288
 * arguments covering both methods ({@code [0, 8]} and beyond), the switch at 8, the exponential's split at 700,
 * the overflow of the unscaled forms, tiny, subnormal and negative arguments.
 */
class BesselFunctionsTest {

    private static final Map<String, DoubleUnaryOperator> FUNCTIONS = Map.of("i0", BesselFunctions::i0,
            "i0e", BesselFunctions::i0e, "i1", BesselFunctions::i1, "i1e", BesselFunctions::i1e);

    @Test
    void valuesAreWithinFiveUlpsOfHighPrecisionReferences() throws IOException {
        Map<String, Long> worst = new TreeMap<>();
        int rows = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                BesselFunctionsTest.class.getResourceAsStream("bessel-functions.csv")), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("#")) {
                    continue;
                }
                String[] row = line.split(",");
                double x = Double.parseDouble(row[1]);
                double expected = Double.parseDouble(row[2]);
                double actual = FUNCTIONS.get(row[0]).applyAsDouble(x);
                long d = SpecialFunctionsTest.ulps(actual, expected);
                worst.merge(row[0], d, Math::max);
                assertTrue(d <= 5, row[0] + "(" + x + ") = " + actual + ", expected " + expected + " (" + d
                        + " ulps)");
                rows++;
            }
        }
        assertTrue(rows > 1000, "found only " + rows + " reference values");
        assertEquals(FUNCTIONS.keySet(), worst.keySet(), "every function has references");
        System.out.println("Bessel functions, worst ulps against the references: " + worst);
    }

    @Test
    void parityAndTheScalingHoldEverywhere() {
        for (double x = 0; x <= 720; x += x < 10 ? 0.03125 : 1.5) {
            assertEquals(BesselFunctions.i0(x), BesselFunctions.i0(-x), 0.0, "I0 is even at " + x);
            assertEquals(-BesselFunctions.i1(x), BesselFunctions.i1(-x), 0.0, "I1 is odd at " + x);
            assertEquals(BesselFunctions.i0e(x), BesselFunctions.i0e(-x), 0.0, "I0e is even at " + x);
            assertEquals(-BesselFunctions.i1e(x), BesselFunctions.i1e(-x), 0.0, "I1e is odd at " + x);
            if (x < 700) { // e^x I0e(x) = I0(x) while e^x is finite
                double e = StrictMath.exp(x);
                assertTrue(SpecialFunctionsTest.ulps(e * BesselFunctions.i0e(x), BesselFunctions.i0(x)) <= 8,
                        "I0 = e^x I0e at " + x);
                assertTrue(x == 0 || SpecialFunctionsTest.ulps(e * BesselFunctions.i1e(x), BesselFunctions.i1(x)) <= 8,
                        "I1 = e^x I1e at " + x);
            }
        }
    }

    @Test
    void specialValuesFollowTheLimits() {
        double inf = Double.POSITIVE_INFINITY;
        assertEquals(1.0, BesselFunctions.i0(0.0));
        assertEquals(1.0, BesselFunctions.i0e(-0.0));
        assertEquals(-0.0, BesselFunctions.i1(-0.0), "I1 keeps the sign of zero");
        assertEquals(-0.0, BesselFunctions.i1e(-0.0));
        assertEquals(inf, BesselFunctions.i0(-inf));
        assertEquals(0.0, BesselFunctions.i0e(inf));
        assertEquals(-inf, BesselFunctions.i1(-inf));
        assertEquals(-0.0, BesselFunctions.i1e(-inf));
        for (DoubleUnaryOperator f : FUNCTIONS.values()) {
            assertTrue(Double.isNaN(f.applyAsDouble(Double.NaN)));
        }
    }
}
