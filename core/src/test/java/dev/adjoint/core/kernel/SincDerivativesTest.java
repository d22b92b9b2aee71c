package dev.adjoint.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The derivatives of sinc against 60-digit mpmath references (the term-by-term Taylor series for
 * {@code |x| < 1}, {@code mpmath.diff} beyond), within {@code 4 eps pi^n}: an absolute bound on the scale of
 * {@code f^(n)}, whose values are up to {@code pi^n / (n + 1)}; tiny arguments are held to 2 ulps relative,
 * which the quotient rule misses entirely.
 */
class SincDerivativesTest {

    private static final double[] X = {0.0, 1e-300, 1e-9, 1e-4, 0.3, -0.7, 0.999};

    /** {@code f^(n)(X[i])}, for n = 1..4. */
    private static final double[][] REFERENCE = {
        {0.0, -3.289868133696453e-300, -3.289868133696453e-09, -0.0003289868101226756, -0.9020281301388888,
            1.3652403755203533, -1.0019980626188982},
        {-3.289868133696453, -3.289868133696453, -3.289868133696453, -3.2898680362873622, -2.4584852862661744,
            0.26982700697582357, 1.996122659731279},
        {0.0, 1.9481818206800488e-299, 1.9481818206800487e-08, 0.00194818179778983, 5.24749315292437,
            -7.131038417133915, 3.885072790180243},
        {19.481818206800487, 19.481818206800487, 19.481818206800487, 19.481817520093927, 13.648773849855683,
            -4.913641288402105, -15.458340570488913}};

    @Test
    void seriesMatchesReferencesBelowOne() {
        for (int n = 1; n <= 4; n++) {
            for (int i = 0; i < X.length; i++) {
                double expected = REFERENCE[n - 1][i];
                double got = SincDerivatives.derivative(n, X[i]);
                double tolerance = Math.abs(X[i]) <= 1e-4 ? 2 * Math.ulp(expected) : 4 * Math.ulp(Math.pow(Math.PI, n));
                assertEquals(expected, got, tolerance, "sinc^(" + n + ")(" + X[i] + ")");
            }
        }
    }

    @Test
    void leibnizRuleMatchesReferencesFromOne() {
        double[] x = {1.0, 2.5, -7.25, 1000.25};
        double[][] reference = {{-1.0, -0.05092958178940651, 0.09324984703092876, 0.0007067050820926909},
            {2.0, -1.215893396004392, 0.3321298156056608, -0.002222299304417264},
            {3.8696044010893584, 1.4590720752052706, -0.82516893142371, -0.006970454688053614}};
        for (int n = 1; n <= 3; n++) {
            for (int i = 0; i < x.length; i++) {
                assertEquals(reference[n - 1][i], SincDerivatives.derivative(n, x[i]),
                        4 * Math.ulp(Math.pow(Math.PI, n)), "sinc^(" + n + ")(" + x[i] + ")");
            }
        }
    }

    @Test
    void oddOrdersAreOddAndEvenOrdersEven() {
        for (double x = 0.05; x < 5; x += 0.17) {
            for (int n = 1; n <= 4; n++) {
                double sign = n % 2 == 0 ? 1 : -1;
                assertEquals(sign * SincDerivatives.derivative(n, x), SincDerivatives.derivative(n, -x), 0.0,
                        "order " + n + " at " + x);
            }
        }
    }

    @Test
    void infinityAndNaNGiveNaNAndOrderZeroIsRefused() {
        assertTrue(Double.isNaN(SincDerivatives.derivative(1, Double.POSITIVE_INFINITY)));
        assertTrue(Double.isNaN(SincDerivatives.derivative(2, Double.NaN)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SincDerivatives.derivative(0, 1.0));
        assertEquals("sinc derivative: order n must be >= 1, got 0", e.getMessage());
    }
}
