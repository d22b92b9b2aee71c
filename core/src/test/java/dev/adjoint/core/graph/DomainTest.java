package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.check.Tolerance;
import org.junit.jupiter.api.Test;

/** Domains validate their parameters and describe the op domains the tests rely on. */
class DomainTest {

    @Test
    void invalidAndNonFiniteParametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Domain(1, 1, 1, 0, 0), "low == high");
        assertThrows(IllegalArgumentException.class, () -> new Domain(2, 1, 1.5, 0, 0), "low > high");
        assertThrows(IllegalArgumentException.class, () -> new Domain(Double.NaN, 1, 0, 0, 0), "NaN low");
        assertThrows(IllegalArgumentException.class, () -> new Domain(0, 1, 2, 0, 0), "simplest above high");
        assertThrows(IllegalArgumentException.class, () -> new Domain(0, 1, -1, 0, 0), "simplest below low");
        assertThrows(IllegalArgumentException.class, () -> new Domain(-1, 1, 0, 0, -0.1), "negative gap");
        assertThrows(IllegalArgumentException.class, () -> new Domain(-1, 1, 0.05, 0, 0.1), "simplest in the gap");
        assertThrows(IllegalArgumentException.class, () -> new Domain(Double.NEGATIVE_INFINITY, 1, 0, 0, 0),
                "an infinite bound: uniform draws from it are NaN");
        assertThrows(IllegalArgumentException.class, () -> new Domain(-Double.MAX_VALUE, Double.MAX_VALUE, 0, 0, 0),
                "a width that overflows");
        assertThrows(IllegalArgumentException.class, () -> new Domain(-1, 1, 0, Double.NaN, 0), "NaN kink");
        assertThrows(IllegalArgumentException.class, () -> new Domain(-1, 1, 0, 5, Double.POSITIVE_INFINITY),
                "infinite gap");
        assertThrows(IllegalArgumentException.class, () -> new Tolerance(1e-6, Double.POSITIVE_INFINITY, 1e-3),
                "an infinite tolerance: a check that cannot fail");
        assertThrows(IllegalArgumentException.class, () -> new Tolerance(Double.POSITIVE_INFINITY, 1e-5, 1e-3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Domain.between(3, 3));
        assertTrue(e.getMessage().startsWith("domain: ") && e.getMessage().contains("low 3.0"), e.getMessage());
    }

    @Test
    void containsRespectsTheIntervalAndTheGap() {
        Domain d = Domain.AWAY_FROM_ZERO;
        assertTrue(d.contains(-3) && d.contains(3) && d.contains(0.1) && d.contains(-0.1));
        assertFalse(d.contains(0) || d.contains(0.05) || d.contains(-0.099) || d.contains(3.01));
        assertEquals(2.0, Domain.between(1, 3).simplest());
    }

    @Test
    void predefinedDomainsStayInsideTheirOpsDomains() {
        assertTrue(Domain.POSITIVE.low() > 0, "log and sqrt need x > 0");
        assertTrue(!Domain.NONZERO.contains(0) && Domain.NONZERO.gap() > Tolerance.FLOAT32.eps(),
                "a divisor stays away from 0");
        assertTrue(Domain.ABOVE_MINUS_ONE.low() > -1, "log1p needs x > -1");
        assertTrue(Domain.AWAY_FROM_ZERO.gap() > Tolerance.FLOAT32.eps(), "no step crosses the kink at 0");
        assertTrue(Domain.UNIT_INTERVAL.low() > 0 && Domain.UNIT_INTERVAL.high() < 1);
    }
}
