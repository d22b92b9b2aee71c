package dev.adjoint.core.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.graph.Domain;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import org.junit.jupiter.api.Test;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Every generator stays within its bounds and domain, and maps choice 0 to its simplest value. */
class GensTest {

    private static final int TRIES = 200;
    private static final Domain[] DOMAINS = {Domain.REAL, Domain.POSITIVE, Domain.AWAY_FROM_ZERO,
        Domain.ABOVE_MINUS_ONE, Domain.UNIT_INTERVAL, new Domain(-1, 5, 3, 2, 0.5)};

    /** The value a generator gives for an all-zero choice sequence. */
    private static <T> T simplest(Gen<T> gen) {
        return gen.next(Choices.replay(new long[0]));
    }

    @Test
    void integersStayWithinBoundsAndShrinkToLow() {
        Property.forAll(Gens.integers(-3, 4)).tries(TRIES).check(n -> assertTrue(n >= -3 && n <= 4, "" + n));
        assertEquals(-3, simplest(Gens.integers(-3, 4)));
        assertEquals(5, simplest(Gens.integers(5, 5)));
        assertThrows(IllegalArgumentException.class, () -> Gens.integers(2, 1));
    }

    /** {@code high - low + 1} overflows an int for ranges wider than Integer.MAX_VALUE: they are drawn as longs. */
    @Test
    void integersCoverRangesWiderThanAnInt() {
        Property.forAll(Gens.integers(0, Integer.MAX_VALUE)).tries(TRIES).check(n -> assertTrue(n >= 0, "" + n));
        Property.forAll(Gens.integers(-5, Integer.MAX_VALUE)).tries(TRIES).check(n -> assertTrue(n >= -5, "" + n));
        Set<Boolean> signs = new HashSet<>();
        Property.forAll(Gens.integers(Integer.MIN_VALUE, Integer.MAX_VALUE)).tries(TRIES).check(n -> signs.add(n < 0));
        assertEquals(Set.of(true, false), signs, "both halves of the int range are drawn");
        assertEquals(Integer.MIN_VALUE, simplest(Gens.integers(Integer.MIN_VALUE, Integer.MAX_VALUE)));
        assertEquals(Integer.MAX_VALUE,
                Gens.integers(0, Integer.MAX_VALUE).next(Choices.replay(new long[] {-1L >>> 1})),
                "the largest choice gives high");
    }

    @Test
    void doublesStayInTheirDomainIncludingOutsideTheGap() {
        for (Domain d : DOMAINS) {
            Property.forAll(Gens.doubles(d)).named("doubles in " + d).tries(TRIES)
                    .check(v -> assertTrue(d.contains(v), v + " not in " + d));
            assertEquals(d.simplest(), simplest(Gens.doubles(d)));
        }
    }

    @Test
    void doublesReachBothEndsOfTheDomain() {
        for (Domain d : DOMAINS) {
            double[] range = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
            Property.forAll(Gens.doubles(d)).tries(TRIES).check(v -> {
                range[0] = Math.min(range[0], v);
                range[1] = Math.max(range[1], v);
            });
            double width = d.high() - d.low();
            assertTrue(range[0] < d.low() + 0.1 * width && range[1] > d.high() - 0.1 * width,
                    "values of " + d + " span only [" + range[0] + ", " + range[1] + "]");
        }
    }

    @Test
    void shapesRespectRankAndDimensionBounds() {
        Property.forAll(Gens.shapes(1, 3, 4)).tries(TRIES).check(s -> {
            assertTrue(s.rank() >= 1 && s.rank() <= 3, s.toString());
            for (int d : s.dims()) {
                assertTrue(d >= 1 && d <= 4, s.toString());
            }
        });
        assertEquals(Shape.scalar(), simplest(Gens.shapes(0, 3, 4)));
        assertEquals(Shape.of(1, 1), simplest(Gens.shapes(2, 3, 4)));
        assertThrows(IllegalArgumentException.class, () -> Gens.shapes(2, 1, 4));
        assertThrows(IllegalArgumentException.class, () -> Gens.shapes(-1, 1, 4));
        assertThrows(IllegalArgumentException.class, () -> Gens.shapes(0, 1, 0));
    }

    @Test
    void distinctShapesHavePairwiseDistinctDimensionsOfAtLeastTwo() {
        Property.forAll(Gens.distinctShapes(0, 3)).tries(TRIES).check(s -> {
            Set<Integer> seen = new HashSet<>();
            for (int d : s.dims()) {
                assertTrue(d >= 2, s.toString());
                assertTrue(seen.add(d), "repeated dimension in " + s);
            }
            assertTrue(s.rank() <= 3, s.toString());
        });
    }

    @Test
    void broadcastPairsBroadcastAndIncludeScalarsAndSizeOneAxes() {
        boolean[] seen = new boolean[3];
        Property.forAll(Gens.broadcastPairs(3, 4)).tries(TRIES).check(pair -> {
            Shape result = Shape.broadcast(pair[0], pair[1], "test");
            assertTrue(result.equals(pair[0]) || result.equals(pair[1]), "one side is the base shape");
            seen[0] |= pair[0].isScalar() || pair[1].isScalar();
            seen[1] |= pair[0].rank() != pair[1].rank();
            seen[2] |= !pair[0].equals(pair[1]) && pair[0].rank() == pair[1].rank();
        });
        assertTrue(seen[0] && seen[1] && seen[2], "scalar, rank-changing and size-1 broadcasts all occur");
    }

    @Test
    void tensorsHaveTheShapeDtypeAndDomain() {
        Property.forAll(Gens.shapes(0, 3, 4).flatMap(s -> Gens.tensors(s, Domain.AWAY_FROM_ZERO, DType.FLOAT32)))
                .tries(TRIES).check(t -> {
                    assertEquals(DType.FLOAT32, t.dtype());
                    for (double v : t.toDoubleArray()) {
                        assertTrue(v >= -3 && v <= 3 && Math.abs(v) >= 0.1 - 1e-7, "" + v);
                    }
                });
        Tensor simplest = simplest(Gens.tensors(Shape.of(2, 2), Domain.POSITIVE, DType.FLOAT64));
        assertTrue(simplest.sameValues(Tensor.ones(Shape.of(2, 2))), "choice 0 gives the domain's simplest value");
    }

    /** An integer or bool dtype is refused when the generator is built, not on its first draw of 2.36. */
    @Test
    void floatingTensorGeneratorsRefuseOtherDtypes() {
        for (DType dtype : new DType[] {DType.INT32, DType.INT64, DType.BOOL}) {
            String message = assertThrows(IllegalArgumentException.class,
                    () -> Gens.tensors(Shape.of(3), Domain.REAL, dtype)).getMessage();
            assertEquals("tensors: dtype must be FLOAT32 or FLOAT64, got " + dtype + "; use integerTensors or"
                    + " booleanTensors for " + dtype.shortName() + " tensors", message);
            assertThrows(IllegalArgumentException.class, () -> Gens.distinctTensors(Shape.of(3), dtype));
        }
    }

    @Test
    void distinctTensorsAreAtLeastAQuarterApart() {
        Property.forAll(Gens.shapes(0, 3, 4).flatMap(s -> Gens.distinctTensors(s, DType.FLOAT64))).tries(TRIES)
                .check(t -> {
                    double[] v = t.toDoubleArray();
                    for (int i = 0; i < v.length; i++) {
                        for (int j = i + 1; j < v.length; j++) {
                            assertTrue(Math.abs(v[i] - v[j]) >= 0.25 - 1e-12, v[i] + " and " + v[j] + " in " + t);
                        }
                    }
                });
    }

    @Test
    void oneOfConstantAndListsOf() {
        Property.forAll(Gens.oneOf("a", "b", "c")).tries(TRIES)
                .check(s -> assertTrue(List.of("a", "b", "c").contains(s)));
        assertEquals("a", simplest(Gens.oneOf("a", "b", "c")));
        assertThrows(IllegalArgumentException.class, () -> Gens.oneOf());
        assertEquals("oneOf: value 1 is null", assertThrows(NullPointerException.class,
                () -> Gens.oneOf("a", null)).getMessage());
        assertEquals("listsOf: count must be >= 0, got -1", assertThrows(IllegalArgumentException.class,
                () -> Gens.listsOf(Gens.integers(0, 3), -1)).getMessage());
        assertEquals("k", simplest(Gens.constant("k")));
        Property.forAll(Gens.listsOf(Gens.integers(0, 3), 5)).tries(TRIES).check(l -> {
            assertEquals(5, l.size());
            assertTrue(l.stream().allMatch(n -> n >= 0 && n <= 3));
        });
    }

    @Test
    void choicesReplayClampsToTheBoundAndRejectsBadBounds() {
        Choices replay = Choices.replay(new long[] {7, 2});
        assertEquals(4, replay.draw(5), "a recorded 7 replays as the largest allowed value");
        assertEquals(2, replay.draw(5));
        assertEquals(0, replay.draw(5), "draws past the end are 0");
        assertTrue(java.util.Arrays.equals(new long[] {4, 2, 0}, replay.recorded()));
        assertThrows(IllegalArgumentException.class, () -> replay.draw(0));
    }
}
