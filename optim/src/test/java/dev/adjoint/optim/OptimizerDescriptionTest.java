package dev.adjoint.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * A wrapper's description shows it around the optimizer it wraps (before: a clipped, accumulated AdamW described
 * itself as "AdamW"), while its name, which the update's messages use, stays the wrapped optimizer's.
 */
class OptimizerDescriptionTest {

    @Test
    void aPlainOptimizerIsDescribedByItsName() {
        assertEquals("SGD", Sgd.defaults().description());
        assertEquals("AdamW", AdamW.defaults().description());
    }

    @Test
    void wrappersShowThemselvesAroundTheWrappedOptimizer() {
        Optimizer nested = GradientAccumulation.of(GradientClipping.byNorm(AdamW.defaults(), 1.0), 2);
        assertEquals("GradientAccumulation(2, GradientClipping(norm 1.0, AdamW))", nested.description());
        assertEquals("GradientClipping(value 0.5, SGD)", GradientClipping.byValue(Sgd.defaults(), 0.5).description());
        assertEquals("GradientClipping(global_norm 2.0, GradientAccumulation(4, Adam))",
                GradientClipping.byGlobalNorm(GradientAccumulation.of(Adam.defaults(), 4), 2).description());
    }

    @Test
    void aWrappersNameStaysTheWrappedOnes() {
        assertEquals("SGD", GradientClipping.byNorm(Sgd.defaults(), 1.0).name());
        assertEquals("AdamW", GradientAccumulation.of(GradientClipping.byNorm(AdamW.defaults(), 1.0), 2).name());
    }
}
