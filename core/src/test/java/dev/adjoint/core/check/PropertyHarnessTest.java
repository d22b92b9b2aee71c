package dev.adjoint.core.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.graph.Domain;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import org.junit.jupiter.api.Test;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The property harness itself: deliberately false properties fail with a shrunk, minimal counterexample
 * and a seed that replays them exactly; true properties run every try.
 */
class PropertyHarnessTest {

    private static final Consumer<Shape> SIZE_BELOW_10 = s -> {
        if (s.size() >= 10) {
            throw new AssertionError("size " + s.size() + " of " + s);
        }
    };

    private static PropertyFailure failureOf(Runnable run) {
        return assertThrows(PropertyFailure.class, run::run);
    }

    @Test
    void falseIntegerPropertyShrinksExactlyToTheBoundary() {
        for (long seed = 1; seed <= 10; seed++) {
            long s = seed;
            PropertyFailure f = failureOf(() -> Property.forAll(Gens.integers(0, 1000)).named("n < 100")
                    .seed(s).check(n -> {
                        if (n >= 100) {
                            throw new AssertionError(n + " >= 100");
                        }
                    }));
            assertEquals(100, f.shrunk(), "the smallest counterexample of n < 100 is 100");
            assertTrue((Integer) f.original() >= 100);
        }
    }

    /**
     * "Every shape has size < 10" over shapes of rank 0 to 3 with dimensions up to 10: the shrunk shape is
     * locally minimal: size at least 10, no axis of size 1, and lowering any dimension makes it pass.
     */
    @Test
    void falseShapePropertyShrinksToAMinimalShape() {
        for (long seed = 1; seed <= 20; seed++) {
            long s = seed;
            PropertyFailure f = failureOf(() -> Property.forAll(Gens.shapes(0, 3, 10)).named("size < 10").seed(s)
                    .check(SIZE_BELOW_10));
            Shape shrunk = (Shape) f.shrunk();
            assertTrue(shrunk.size() >= 10, "still a counterexample: " + shrunk);
            for (int a = 0; a < shrunk.rank(); a++) {
                assertNotEquals(1, shrunk.dim(a), "a size-1 axis could be dropped from " + shrunk);
                assertTrue(shrunk.with(a, shrunk.dim(a) - 1).size() < 10,
                        "dimension " + a + " of " + shrunk + " could be lowered (seed " + seed + ")");
            }
            assertTrue(shrunk.rank() <= 2, "a rank-3 shape of size >= 10 has a dimension to lower: " + shrunk);
        }
    }

    @Test
    void failureReportsTheSeedTheTryAndBothCases() {
        long seed = 424242L;
        PropertyFailure f = failureOf(() -> Property.forAll(Gens.shapes(0, 3, 10)).named("size < 10").seed(seed)
                .check(SIZE_BELOW_10));
        assertEquals(seed, f.seed());
        String message = f.getMessage();
        assertTrue(message.contains("Property 'size < 10'"), message);
        assertTrue(message.contains("seed " + seed) && message.contains(".seed(" + seed + "L)"), message);
        assertTrue(message.contains("try " + (f.attempt() + 1) + " of 100"), message);
        assertTrue(message.contains("shrunk case") && message.contains(f.shrunk().toString()), message);
        assertTrue(message.contains("original case: " + f.original()), message);
        assertInstanceOf(AssertionError.class, f.getCause(), "the body's own error is the cause");
        assertTrue(f.getCause().getMessage().contains(f.shrunk().toString()), "the cause is the shrunk case's error");
    }

    @Test
    void sameSeedRerunsIdentically() {
        List<PropertyFailure> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            runs.add(failureOf(() -> Property.forAll(Gens.shapes(0, 3, 10).flatMap(
                    s -> Gens.tensors(s, Domain.REAL, DType.FLOAT64))).seed(99).check(t -> {
                        if (t.size() > 3 && t.flat(0) > 1) {
                            throw new AssertionError("too big");
                        }
                    })));
        }
        assertEquals(runs.get(0).getMessage(), runs.get(1).getMessage());
        assertEquals(runs.get(0).attempt(), runs.get(1).attempt());
        assertTrue(((Tensor) runs.get(0).original()).sameValues((Tensor) runs.get(1).original()));
        assertTrue(((Tensor) runs.get(0).shrunk()).sameValues((Tensor) runs.get(1).shrunk()));
    }

    @Test
    void defaultSeedCanBeSetForAWholeRun() {
        String key = "adjoint.property.seed";
        String before = System.getProperty(key);
        try {
            System.setProperty(key, "77");
            PropertyFailure f = failureOf(() -> Property.forAll(Gens.integers(0, 9)).check(n -> {
                throw new AssertionError("always");
            }));
            assertEquals(77L, f.seed());
        } finally {
            if (before == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, before);
            }
        }
        PropertyFailure f = failureOf(() -> Property.forAll(Gens.integers(0, 9)).check(n -> {
            throw new AssertionError("always");
        }));
        assertEquals(before == null ? Property.DEFAULT_SEED : Long.parseLong(before), f.seed());
    }

    /** One offending element suffices, and its value moves to just above the boundary. */
    @Test
    void shrunkTensorCounterexampleIsAScalarNearTheBoundary() {
        for (long seed = 1; seed <= 10; seed++) {
            long s = seed;
            PropertyFailure f = failureOf(() -> Property.forAll(Gens.shapes(0, 3, 4).flatMap(
                    shape -> Gens.tensors(shape, Domain.REAL, DType.FLOAT64))).named("every element < 2").seed(s)
                    .check(t -> {
                        for (double v : t.toDoubleArray()) {
                            if (v >= 2) {
                                throw new AssertionError(v + " >= 2");
                            }
                        }
                    }));
            Tensor shrunk = (Tensor) f.shrunk();
            assertEquals(Shape.scalar(), shrunk.shape(), "seed " + seed + ": " + shrunk);
            assertTrue(shrunk.item() >= 2 && shrunk.item() < 2.05, "seed " + seed + ": " + shrunk);
        }
    }

    @Test
    void runtimeExceptionsFailThePropertyToo() {
        PropertyFailure f = failureOf(() -> Property.forAll(Gens.integers(0, 50)).check(n -> {
            if (n >= 7) {
                throw new IllegalStateException("boom at " + n);
            }
        }));
        assertEquals(7, f.shrunk());
        assertInstanceOf(IllegalStateException.class, f.getCause());
    }

    /** Regression: shrinking used to slip to any failure, here from the assertion to the exception at 0. */
    @Test
    void shrinkingDoesNotSlipToAnotherFailure() {
        PropertyFailure f = failureOf(() -> Property.forAll(Gens.integers(0, 1000)).check(n -> {
            if (n >= 500) {
                throw new AssertionError(n + " >= 500");
            }
            if (n < 3) {
                throw new IllegalStateException("another bug at " + n);
            }
        }));
        assertEquals(500, f.shrunk());
        assertInstanceOf(AssertionError.class, f.getCause());
    }

    @Test
    void zeroShrinkBudgetReportsTheOriginalCase() {
        PropertyFailure f = failureOf(() -> Property.forAll(Gens.integers(0, 1000)).shrinkBudget(0).check(n -> {
            if (n >= 100) {
                throw new AssertionError("big");
            }
        }));
        assertSame(f.original(), f.shrunk());
    }

    @Test
    void truePropertyRunsEveryTryWithDistinctCases() {
        List<Integer> seen = new ArrayList<>();
        int checked = Property.forAll(Gens.integers(0, 1_000_000)).tries(37).check(seen::add);
        assertEquals(37, checked);
        assertEquals(37, seen.size());
        assertTrue(seen.stream().distinct().count() > 30, "tries draw fresh cases: " + seen);
    }

    @Test
    void checkCountsTheCasesItChecked() {
        List<Integer> all = new ArrayList<>();
        int checked = Property.forAll(Gens.integers(0, 9)).tries(40).check(n -> {
            all.add(n);
            Property.assume(n % 2 == 0);
            assertEquals(0, n % 2);
        });
        long even = all.stream().filter(n -> n % 2 == 0).count();
        assertEquals(40, all.size(), "every try runs the body");
        assertEquals(even, checked, "the odd cases were discarded, not checked");
        assertTrue(checked > 0 && checked < 40, "both kinds occur: " + all);
    }

    @Test
    void propertyThatDiscardsTooManyCasesFails() {
        AssertionError e = assertThrows(AssertionError.class, () -> Property.forAll(Gens.integers(0, 9))
                .named("digits above 8").tries(30).check(n -> Property.assume(n > 8)));
        assertTrue(e.getMessage().contains("'digits above 8' discarded too many cases")
                && e.getMessage().contains("of 30 tries"), e.getMessage());
        AssertionError none = assertThrows(AssertionError.class,
                () -> Property.forAll(Gens.integers(0, 9)).maxDiscardRatio(100).check(n -> Property.assume(false)));
        assertTrue(none.getMessage().contains("only 0 were checked"), none.getMessage());
        assertEquals(1, Property.forAll(Gens.integers(0, 9)).tries(5).maxDiscardRatio(4)
                .check(new Consumer<Integer>() {
                    private int calls;

                    @Override
                    public void accept(Integer n) {
                        Property.assume(calls++ == 0);
                    }
                }), "four discards for one checked case are within a ratio of 4");
    }

    @Test
    void shrinkingSkipsDiscardedCandidates() {
        PropertyFailure f = failureOf(() -> Property.forAll(Gens.integers(0, 1000)).check(n -> {
            Property.assume(n % 2 == 0);
            if (n >= 100) {
                throw new AssertionError(n + " >= 100");
            }
        }));
        int shrunk = (Integer) f.shrunk();
        assertTrue(shrunk % 2 == 0 && shrunk >= 100 && shrunk <= (Integer) f.original(),
                "a discarded (odd) candidate is never taken for a failure: shrunk " + shrunk + " from " + f.original());
        assertTrue(shrunk < 200, "shrinking still moves towards the boundary: " + shrunk);
    }

    /**
     * The run's seed is read as printed ({@code 77L}, hexadecimal too), and a mistyped one is an error naming it
     * rather than a silent run of the default seed.
     */
    @Test
    void runSeedIsParsedAsPrintedAndRejectedWhenMistyped() {
        String key = "adjoint.property.seed";
        String before = System.getProperty(key);
        Consumer<Integer> always = n -> {
            throw new AssertionError("always");
        };
        try {
            System.setProperty(key, "77L");
            assertEquals(77L, failureOf(() -> Property.forAll(Gens.integers(0, 9)).check(always)).seed());
            System.setProperty(key, "0x5EED_AD71");
            assertEquals(0x5EED_AD71L, failureOf(() -> Property.forAll(Gens.integers(0, 9)).check(always)).seed());
            System.setProperty(key, "seventy-seven");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Property.forAll(Gens.integers(0, 9)));
            assertTrue(e.getMessage().contains("adjoint.property.seed must be a long")
                    && e.getMessage().contains("got 'seventy-seven'"), e.getMessage());
        } finally {
            if (before == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, before);
            }
        }
    }

    /** A generator's own exception names the try and the seed that replays it, with the exception as its cause. */
    @Test
    void aGeneratorThatThrowsIsReportedWithTheSeedAndTheTry() {
        IllegalStateException bug = new IllegalStateException("generator bug");
        Gen<Integer> broken = Gens.integers(0, 9).map(n -> {
            if (n > 6) {
                throw bug;
            }
            return n;
        });
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Property.forAll(broken).named("broken").seed(5).check(n -> { }));
        assertSame(bug, e.getCause());
        assertTrue(e.getMessage().startsWith("Property 'broken': the generator failed on try ")
                && e.getMessage().contains("(seed 5; replay with .seed(5L))"), e.getMessage());
    }

    /** {@link Property#assume} in a generator discards the case, as in a body. */
    @Test
    void assumeInAGeneratorDiscardsTheCase() {
        Gen<Integer> even = Gens.integers(0, 9).map(n -> {
            Property.assume(n % 2 == 0);
            return n;
        });
        List<Integer> seen = new ArrayList<>();
        int checked = Property.forAll(even).tries(60).check(seen::add);
        assertEquals(seen.size(), checked);
        assertTrue(checked > 0 && checked < 60, "some cases discarded, some checked: " + checked);
        assertTrue(seen.stream().allMatch(n -> n % 2 == 0), "" + seen);
    }

    @Test
    void invalidSettingsAreRejected() {
        Property<Integer> p = Property.forAll(Gens.integers(0, 1));
        assertThrows(IllegalArgumentException.class, () -> p.tries(0));
        assertThrows(IllegalArgumentException.class, () -> p.shrinkBudget(-1));
        assertThrows(IllegalArgumentException.class, () -> p.maxDiscardRatio(-1));
        assertThrows(NullPointerException.class, () -> p.named(null));
        assertThrows(NullPointerException.class, () -> p.check(null));
        assertThrows(NullPointerException.class, () -> Property.forAll(null));
    }
}
