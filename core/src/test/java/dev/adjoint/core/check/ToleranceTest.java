package dev.adjoint.core.check;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Tolerances validate their parameters and never let NaN agree. */
class ToleranceTest {

    @Test
    void tolerancesRejectNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new Tolerance(0, 1e-5, 1e-3));
        assertThrows(IllegalArgumentException.class, () -> new Tolerance(1e-6, -1, 1e-3));
        assertThrows(IllegalArgumentException.class, () -> new Tolerance(1e-6, 1e-5, Double.NaN));
        assertFalse(Tolerance.FLOAT64.agree(Double.NaN, Double.NaN), "NaN never agrees");
        assertTrue(Tolerance.FLOAT64.agree(100, 100.09) && !Tolerance.FLOAT64.agree(100, 100.2));
    }
}
