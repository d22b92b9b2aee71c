package dev.adjoint.nn.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.Key;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class SearchSpaceTest {

    private static SearchSpace space() {
        return SearchSpace.builder()
                .intRange("units", 32, 256, 32)
                .floatRange("learning_rate", 1e-4, 1e-2, Sampling.LOG)
                .choice("activation", "relu", "tanh")
                .choice("layers", 1, 2)
                .intRange("units_2", 16, 64, 16).when("layers", 2)
                .build();
    }

    @Test
    void samplesRespectRangesStepsAndConditions() {
        SearchSpace space = space();
        int twoLayers = 0;
        List<Double> rates = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            HyperParameters hp = space.sample(Key.of(i));
            int units = hp.intValue("units");
            assertTrue(units >= 32 && units <= 256 && units % 32 == 0, "units " + units);
            double lr = hp.doubleValue("learning_rate");
            assertTrue(lr >= 1e-4 && lr <= 1e-2, "lr " + lr);
            rates.add(lr);
            boolean two = hp.intValue("layers") == 2;
            assertEquals(two, hp.isActive("units_2"));
            assertEquals(two, hp.values().containsKey("units_2"));
            twoLayers += two ? 1 : 0;
        }
        assertTrue(twoLayers > 150 && twoLayers < 250, "two layers " + twoLayers + " of 400");
        Collections.sort(rates);
        double median = rates.get(200);
        assertTrue(median > 5e-4 && median < 2e-3, "log sampling puts the median near 1e-3, got " + median);
        assertEquals(space.sample(Key.of(7)), space.sample(Key.of(7)), "the same key, the same values");
    }

    @Test
    void theGridListsEveryActiveCombinationOnce() {
        SearchSpace space = SearchSpace.builder().choice("layers", 1, 2).intRange("units_2", 16, 48, 16)
                .when("layers", 2).bool("bias").build();
        List<HyperParameters> grid = space.grid(100);
        assertEquals(2 + 3 * 2, grid.size());
        assertEquals(Map.of("layers", 1, "bias", false), grid.get(0).values());
        assertEquals(Map.of("layers", 2, "units_2", 48, "bias", true), grid.get(grid.size() - 1).values());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SearchSpace.builder().floatRange("lr", 0.1, 0.2, Sampling.LINEAR).build().grid(100));
        assertEquals("tuner: a grid needs a step for float 'lr', got a continuous range [0.1, 0.2]", e.getMessage());
        assertEquals(List.of(1e-3, 1e-2, 1e-1), SearchSpace.builder().floatRange("lr", 1e-3, 0.1, 10, Sampling.LOG)
                .build().parameter("lr").grid().stream().map(v -> Math.round((Double) v * 1e6) / 1e6).toList());
    }

    @Test
    void encodingToTheUnitCubeRoundTripsEveryValue() {
        SearchSpace space = space();
        for (int i = 0; i < 50; i++) {
            HyperParameters hp = space.sample(Key.of(100 + i));
            for (Hyperparameter p : space.parameters()) {
                if (hp.isActive(p.name())) {
                    Object v = hp.value(p.name());
                    double u = p.toUnit(v);
                    assertTrue(u >= 0 && u <= 1, p.name() + " " + u);
                    Object back = p.fromUnit(u);
                    assertTrue(Values.same(v, back) || Math.abs(((Number) back).doubleValue()
                            / ((Number) v).doubleValue() - 1) < 1e-12, p.name() + ": " + v + " -> " + back);
                }
            }
        }
    }

    @Test
    void emptyRangesDuplicatesAndBadConditionsAreErrorsNamingTheHyperparameter() {
        rejects(() -> SearchSpace.builder().intRange("units", 64, 32).build(),
                "tuner space: int 'units' needs min <= max, got min 64 and max 32 (an empty range)");
        rejects(() -> SearchSpace.builder().floatRange("lr", 0.1, 0.1, Sampling.LINEAR).build(),
                "tuner space: float 'lr' needs finite min < max, got min 0.1 and max 0.1 (an empty range)");
        rejects(() -> SearchSpace.builder().floatRange("lr", 0, 0.1, Sampling.LOG).build(),
                "tuner space: float 'lr' with log sampling needs min > 0, got 0.0");
        rejects(() -> SearchSpace.builder().choice("activation").build(),
                "tuner space: choice 'activation' needs at least one value, got none");
        rejects(() -> SearchSpace.builder().choice("act", "relu", "relu").build(),
                "tuner space: choice 'act' needs distinct values, got relu twice in [relu, relu]");
        rejects(() -> SearchSpace.builder().intRange("a", 1, 2).intRange("a", 1, 3).build(),
                "tuner space: hyperparameter names must be unique, got 'a' twice");
        rejects(() -> SearchSpace.builder().intRange("b", 1, 2).when("a", 1).choice("a", 1, 2).build(),
                "tuner space: 'b' is conditional on 'a', which must be defined before it; defined: []");
        rejects(() -> SearchSpace.builder().choice("a", 1, 2).intRange("b", 1, 2).when("a", 3).build(),
                "tuner: choice 'a' takes one of [1, 2], got 3");
        rejects(() -> SearchSpace.builder().build(), "tuner space: needs at least one hyperparameter, got none");
    }

    @Test
    void readingAnInactiveUnknownOrMistypedValueIsAnError() {
        HyperParameters one = space().values(Map.of("units", 64, "learning_rate", 1e-3, "activation", "relu",
                "layers", 1));
        assertFalse(one.isActive("units_2"));
        rejects(() -> one.intValue("units_2"), "tuner: 'units_2' is not active in this trial: it applies when layers"
                + " is one of [2], got layers = 1");
        rejects(() -> one.intValue("unit"), "tuner: no hyperparameter named 'unit'; the space has [units,"
                + " learning_rate, activation, layers, units_2]");
        rejects(() -> one.string("units"), "tuner: 'units' is not a string, got 64");
        rejects(() -> space().values(Map.of("units", 65, "learning_rate", 1e-3, "activation", "relu", "layers", 1)),
                "tuner: int 'units' takes 32..256 in steps of 32, got 65");
        rejects(() -> space().values(Map.of("units", 64, "learning_rate", 1e-3, "activation", "relu", "layers", 1,
                "units_2", 16)), "tuner: 'units_2' is not an active hyperparameter of the space, got a value 16");
    }

    private static void rejects(Executable call, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(message, e.getMessage());
    }

    @Test
    void anIntRangeWiderThanAnIntIsCountedAndSampledInLong() {
        // max - min overflowed an int: count() was -294967295 and every sample was the minimum.
        IntRange wide = new IntRange("n", -2_000_000_000, 2_000_000_000, 1, Sampling.LINEAR,
                java.util.Optional.empty());
        assertEquals(4_000_000_001L, wide.count());
        assertEquals(4_000_000_001L, wide.gridSize());
        assertEquals(-2_000_000_000, wide.fromUnit(0));
        assertEquals(0, wide.fromUnit(0.5));
        assertEquals(2_000_000_000, wide.fromUnit(1));
        assertEquals(0.5, wide.toUnit(0), 1e-12);
        SearchSpace space = SearchSpace.builder().intRange("n", -2_000_000_000, 2_000_000_000).build();
        List<Integer> samples = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            samples.add((Integer) space.sample(Key.of(i)).value("n"));
        }
        assertTrue(samples.stream().anyMatch(v -> v < -1_000_000_000), samples.toString());
        assertTrue(samples.stream().anyMatch(v -> v > 1_000_000_000), samples.toString());
        assertEquals(20, samples.stream().distinct().count(), samples.toString());
        assertEquals(List.of(Integer.MIN_VALUE, -(1 << 30), 0, 1 << 30), new IntRange("m", Integer.MIN_VALUE,
                Integer.MAX_VALUE, 1 << 30, Sampling.LINEAR, java.util.Optional.empty()).grid());
    }

    @Test
    void aHugeGridIsRefusedBySizeBeforeAnyListIsBuilt() {
        // The lists were built before the limit check: a step of 1e-9 ran out of memory, 0..MAX_VALUE threw
        // an IndexOutOfBoundsException.
        IllegalArgumentException floats = assertThrows(IllegalArgumentException.class, () -> SearchSpace.builder()
                .floatRange("lr", 0, 1, 1e-9, Sampling.LINEAR).build().grid(100_000));
        assertTrue(floats.getMessage().startsWith("tuner: the grid has more than 100000 points (1000000001"
                + " combinations)"), floats.getMessage());
        IllegalArgumentException ints = assertThrows(IllegalArgumentException.class, () -> SearchSpace.builder()
                .intRange("n", 0, Integer.MAX_VALUE).build().grid(100_000));
        assertEquals("tuner: the grid has more than 100000 points (2147483648 combinations); give the ranges larger"
                + " steps", ints.getMessage());
        IllegalArgumentException product = assertThrows(IllegalArgumentException.class, () -> SearchSpace.builder()
                .intRange("a", 0, Integer.MAX_VALUE).intRange("b", 0, Integer.MAX_VALUE)
                .intRange("c", 0, Integer.MAX_VALUE).build().grid(10));
        assertTrue(product.getMessage().contains("(more than 9223372036854775807 combinations)"), product.getMessage());
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class, () -> SearchSpace.builder()
                .intRange("n", 0, Integer.MAX_VALUE).build().parameter("n").grid());
        assertTrue(tooLong.getMessage().startsWith("tuner: int 'n' has 2147483648 values"), tooLong.getMessage());
        // A large range is listed lazily: its grid costs no memory until read.
        List<Object> large = SearchSpace.builder().floatRange("x", 0, 1, 1e-9, Sampling.LINEAR).build()
                .parameter("x").grid();
        assertEquals(1_000_000_001, large.size());
        assertEquals(0.5, (Double) large.get(500_000_000), 1e-12);
        assertEquals(1.0, (Double) large.get(1_000_000_000), 1e-12);
    }

    @Test
    void floatRangesNearTheLargestDoubleAreSampledAcrossTheRange() {
        // max - min overflowed to infinity: every sample was max.
        FloatRange linear = (FloatRange) SearchSpace.builder().floatRange("f", -1e308, 1e308, Sampling.LINEAR).build()
                .parameter("f");
        assertEquals(-1e308, (Double) linear.fromUnit(0), 0);
        assertEquals(-5e307, (Double) linear.fromUnit(0.25), 1e293);
        assertEquals(1e308, (Double) linear.fromUnit(1), 0);
        assertEquals(0.5, linear.toUnit(0.0), 1e-15);
        assertEquals(0.75, linear.toUnit(5e307), 1e-15);
        SearchSpace space = SearchSpace.builder().floatRange("f", -1e308, 1e308, Sampling.LINEAR).build();
        List<Double> samples = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            samples.add((Double) space.sample(Key.of(i)).value("f"));
        }
        assertTrue(samples.stream().anyMatch(v -> v < -1e307) && samples.stream().anyMatch(v -> v > 1e307)
                && samples.stream().distinct().count() == 20, samples.toString());

        // max / min overflowed to infinity for log sampling: exp(u ln(inf)) is infinite, clamped to max.
        FloatRange log = new FloatRange("g", 1e-300, 1e300, 0, Sampling.LOG, java.util.Optional.empty());
        assertEquals(1.0, (Double) log.fromUnit(0.5), 1e-9);
        assertEquals(1e-150, (Double) log.fromUnit(0.25), 1e-159);
        assertEquals(0.5, log.toUnit(1.0), 1e-15);
        assertEquals(1e300, (Double) log.fromUnit(1), 0);
        assertEquals(1e-300, (Double) log.fromUnit(0), 0);

        // With steps: the grid's values and a sample's rounding to them do not overflow either.
        List<Object> steps = new FloatRange("s", -1e308, 1e308, 1e307, Sampling.LINEAR, java.util.Optional.empty())
                .grid();
        assertEquals(21, steps.size());
        assertEquals(0, (Double) steps.get(10), 1e293);
        assertEquals(9e307, (Double) steps.get(19), 1e293);
        assertEquals(1e308, (Double) steps.get(20), 0);
        FloatRange decades = new FloatRange("d", 1e-300, 1e300, 10, Sampling.LOG, java.util.Optional.empty());
        assertEquals(601, decades.gridSize());
        assertEquals(1.0, (Double) decades.grid().get(300), 1e-9);
        assertEquals(1e300, (Double) decades.grid().get(600), 1e288);
        assertEquals(1.0, (Double) decades.fromUnit(0.5), 1e-9);
    }

    /**
     * Every value of a stepped range is drawn equally often, its two ends included, as Keras Tuner draws them: the
     * old draw rounded a uniform position to the nearest value, which gave each end half a bin (1,532 / 3,001 /
     * 1,467 for 1..3 in 6,000 draws). Each count must lie within 5 standard deviations of 6000 / n.
     */
    @Test
    void steppedRangesDrawEveryValueEquallyOften() {
        SearchSpace space = SearchSpace.builder().intRange("layers", 1, 3).intRange("units", 16, 64, 16)
                .floatRange("drop", 0.0, 0.5, 0.25, Sampling.LINEAR).floatRange("lr", 1e-4, 1e-1, 10, Sampling.LOG)
                .choice("act", "relu", "tanh", "gelu").intRange("filters", 32, 512, 2, Sampling.LOG).build();
        Map<String, Map<Object, Integer>> counts = new java.util.TreeMap<>();
        int draws = 6000;
        for (int i = 0; i < draws; i++) {
            HyperParameters hp = space.sample(Key.of(i));
            for (String name : List.of("layers", "units", "drop", "lr", "act", "filters")) {
                counts.computeIfAbsent(name, k -> new java.util.HashMap<>()).merge(hp.value(name), 1, Integer::sum);
            }
        }
        Map<String, Integer> sizes = Map.of("layers", 3, "units", 4, "drop", 3, "lr", 4, "act", 3, "filters", 5);
        counts.forEach((name, byValue) -> {
            int n = sizes.get(name);
            assertEquals(n, byValue.size(), name + ": " + byValue);
            double p = 1.0 / n;
            double sd = Math.sqrt(draws * p * (1 - p));
            byValue.forEach((value, count) -> assertTrue(Math.abs(count - draws * p) < 5 * sd,
                    name + " = " + value + " drawn " + count + " times of " + draws + ": " + byValue));
        });
    }

    /** The encoding of a stepped range is each value's bin centre, and decoding it gives the value back. */
    @Test
    void aSteppedValueIsEncodedAtItsBinCentre() {
        IntRange units = new IntRange("units", 16, 64, 16, Sampling.LINEAR, java.util.Optional.empty());
        assertEquals(List.of(0.125, 0.375, 0.625, 0.875), List.of(units.toUnit(16), units.toUnit(32),
                units.toUnit(48), units.toUnit(64)));
        assertEquals(64, units.fromUnit(1.0));
        assertEquals(48, units.fromUnit(0.7499999));
        FloatRange lr = new FloatRange("lr", 1e-4, 1e-1, 10, Sampling.LOG, java.util.Optional.empty());
        assertEquals(0.625, lr.toUnit(1e-2), 1e-15);
        assertEquals(1e-2, (Double) lr.fromUnit(0.625), 1e-17);
        // more values than 2^52 (a reviewer's cases): encoded by position, so a value comes back exactly where its
        // grid is coarser than the doubles around it, and within one step where the doubles are coarser than the
        // grid (a step of 1e-17 near 0.03, where doubles are 6.9e-18 apart)
        FloatRange wide = new FloatRange("w", -Double.MAX_VALUE, Double.MAX_VALUE, 1e290, Sampling.LINEAR,
                java.util.Optional.empty());
        FloatRange fine = new FloatRange("f", 0, 1, 1e-17, Sampling.LINEAR, java.util.Optional.empty());
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 2000; i++) {
            Object v = wide.fromUnit(random.nextDouble());
            assertEquals(v, wide.fromUnit(wide.toUnit(v)), "w at " + v);
            double f = (Double) fine.fromUnit(random.nextDouble());
            assertEquals(f, (Double) fine.fromUnit(fine.toUnit(f)), 1e-17, "f at " + f);
        }
        Choice act = new Choice("act", List.of("relu", "tanh", "gelu"), java.util.Optional.empty());
        assertEquals(0.5, act.toUnit("tanh"), 0);
        assertEquals("gelu", act.fromUnit(1.0));
    }

    /**
     * Keras Tuner's {@code hp.Int(name, min, max, step, sampling="log")} steps by a factor: the values are
     * {@code min step^k <= max}, {@code 1 + floor(log_step(max / min))} of them (its documented semantics; the
     * expected lists come from that formula in floating point, an independent computation), encoded at their bin
     * centres; a value off the grid is refused naming it.
     */
    @Test
    void anIntRangeWithLogSamplingStepsByAFactor() {
        int[][] ranges = {{32, 512, 2}, {3, 100, 3}, {1, Integer.MAX_VALUE, 2}, {1, Integer.MAX_VALUE, 65536},
            {5, 5, 7}, {10, 999, 10}};
        for (int[] r : ranges) {
            IntRange range = new IntRange("n", r[0], r[1], r[2], Sampling.LOG, java.util.Optional.empty());
            // 1e-12 absorbs the rounding of an exact power's logarithm (log 16 / log 2); 1e-9 would not do:
            // log_2(2^31 - 1) is 31 - 6.7e-10
            int n = (int) Math.floor(Math.log((double) r[1] / r[0]) / Math.log(r[2]) + 1e-12) + 1;
            List<Object> expected = new java.util.ArrayList<>();
            for (int k = 0; k < n; k++) {
                expected.add((int) Math.round(r[0] * Math.pow(r[2], k)));
            }
            String what = java.util.Arrays.toString(r);
            assertEquals(expected, List.copyOf(range.grid()), what);
            assertEquals(n, range.gridSize(), what);
            for (int k = 0; k < n; k++) {
                assertEquals((k + 0.5) / n, range.toUnit(expected.get(k)), 1e-15, what + " value " + k);
                assertEquals(expected.get(k), range.fromUnit((k + 0.5) / n), what);
                assertEquals(expected.get(k), range.fromUnit((double) k / n), what + " bin start " + k);
            }
            assertEquals(expected.get(n - 1), range.fromUnit(1.0), what);
        }
        assertEquals(List.of(32, 64, 128, 256, 512), List.copyOf(SearchSpace.builder()
                .intRange("filters", 32, 512, 2, Sampling.LOG).build().parameters().get(0).grid()));
        IntRange filters = new IntRange("filters", 32, 512, 2, Sampling.LOG, java.util.Optional.empty());
        IllegalArgumentException offGrid = assertThrows(IllegalArgumentException.class, () -> filters.checked(48));
        assertEquals("tuner: int 'filters' takes [32, 64, 128, 256, 512] (32 times the powers of 2 up to 512), got 48",
                offGrid.getMessage());
        // step 1 keeps every integer, drawn log-uniformly (Keras Tuner's step=None)
        IntRange every = new IntRange("every", 1, 1000, 1, Sampling.LOG, java.util.Optional.empty());
        assertEquals(1000, every.gridSize());
        assertEquals(32, every.fromUnit(Math.log(32) / Math.log(1000)));
    }

    /**
     * Keras Tuner's {@code hp.Int(name, 3, 50, sampling="log")} (no step): a unit position u gives
     * {@code int(min ((max + 1) / min)^u)} and a value v the position {@code ln((v + 1/2) / min) / ln((max + 1) /
     * min)} (its {@code prob_to_value} and {@code value_to_prob}; the numbers are that formula's, printed by
     * Python's {@code math}), so integer k is drawn with probability {@code ln((k + 1) / k) / ln((max + 1) / min)}:
     * checked on 20,000 draws, each count within 5 standard deviations.
     */
    @Test
    void anIntRangeWithLogSamplingAndNoStepDrawsAsKerasTuner() {
        IntRange range = new IntRange("n", 3, 50, 1, Sampling.LOG, java.util.Optional.empty());
        double[] u = {0.0, 0.1, 0.25, 0.5, 0.77, 0.999999, 1.0};
        int[] expected = {3, 3, 6, 12, 26, 50, 50};
        for (int i = 0; i < u.length; i++) {
            assertEquals(expected[i], range.fromUnit(u[i]), "u = " + u[i]);
        }
        assertEquals(0.05440842644294694, range.toUnit(3), 1e-15);
        assertEquals(0.32341042505550693, range.toUnit(7), 1e-15);
        assertEquals(0.996522571636308, range.toUnit(50), 1e-15);
        for (int v = 3; v <= 50; v++) {
            assertEquals(v, range.fromUnit(range.toUnit(v)), "round trip of " + v);
        }
        SearchSpace space = SearchSpace.builder().intRange("n", 3, 50, 1, Sampling.LOG).build();
        int draws = 20_000;
        int[] counts = new int[51];
        for (int i = 0; i < draws; i++) {
            counts[(Integer) space.sample(Key.of(i)).value("n")]++;
        }
        for (int k = 3; k <= 50; k++) {
            double p = Math.log((k + 1.0) / k) / Math.log(51.0 / 3);
            double sd = Math.sqrt(draws * p * (1 - p));
            assertTrue(Math.abs(counts[k] - draws * p) < 5 * sd, k + " drawn " + counts[k] + " times, expected "
                    + draws * p);
        }
    }

    /**
     * A float range with a step takes only its grid's values, {@code min + k step} or {@code min step^k}, within a
     * rounding error (0.3 is {@code 0 + 3 * 0.1} though {@code 3 * 0.1} is 0.30000000000000004); a value between
     * two is refused, as is a max the grid does not reach.
     */
    @Test
    void aSteppedFloatRangeRefusesValuesOffItsGrid() {
        FloatRange drop = new FloatRange("drop", 0, 0.5, 0.1, Sampling.LINEAR, java.util.Optional.empty());
        assertEquals(0.3, drop.checked(0.3));
        assertEquals(0.5, drop.checked(0.5));
        assertEquals("tuner: float 'drop' takes the values min + k step in [0.0, 0.5] (step 0.1), got 0.35, which is"
                + " off that grid", assertThrows(IllegalArgumentException.class, () -> drop.checked(0.35))
                        .getMessage());
        FloatRange thirds = new FloatRange("t", 0, 1, 0.3, Sampling.LINEAR, java.util.Optional.empty());
        assertThrows(IllegalArgumentException.class, () -> thirds.checked(1.0));
        FloatRange lr = new FloatRange("lr", 1e-4, 1e-1, 10, Sampling.LOG, java.util.Optional.empty());
        assertEquals(1e-3, lr.checked(1e-3));
        assertEquals("tuner: float 'lr' takes the values min * step^k in [1.0E-4, 0.1] (step 10.0), got 0.005, which"
                + " is off that grid", assertThrows(IllegalArgumentException.class, () -> lr.checked(5e-3))
                        .getMessage());
        FloatRange continuous = new FloatRange("c", 0, 0.5, 0, Sampling.LINEAR, java.util.Optional.empty());
        assertEquals(0.35, continuous.checked(0.35));
        // a step far below the range's scale: min + k step rounds at ulp(max), millions of 1e-9 steps (the
        // reviewer found 17,187 of [100, 101]'s grid values refused); half a step off is still refused
        FloatRange fine = new FloatRange("f", 100, 101, 1e-6, Sampling.LINEAR, java.util.Optional.empty());
        assertThrows(IllegalArgumentException.class, () -> fine.checked(100.0000005));
        for (FloatRange range : List.of(drop, thirds, lr, new FloatRange("d", 1e-300, 1e300, 10, Sampling.LOG,
                java.util.Optional.empty()), new FloatRange("m", -0.7, 0.9, 0.05, Sampling.LINEAR,
                java.util.Optional.empty()), fine, new FloatRange("g", 1e6, 1e6 + 1, 1e-4, Sampling.LINEAR,
                java.util.Optional.empty()))) {
            for (Object v : range.grid()) {
                assertEquals(v, range.checked(v), range.name() + " grid value " + v);
            }
            java.util.Random random = new java.util.Random(5);
            for (int i = 0; i < 20_000; i++) {
                Object v = range.fromUnit(random.nextDouble());
                assertEquals(v, range.checked(v), range.name() + " sample " + v);
            }
        }
    }

    /** Powers past the int range: 65537² wraps to 131073 in int arithmetic, which is not on the grid {1, 65537}. */
    @Test
    void aLogGridRefusesAValueItsPowersOnlyReachByWrapping() {
        IntRange wide = new IntRange("u", 1, 200_000, 65_537, Sampling.LOG, java.util.Optional.empty());
        assertEquals(List.of(1, 65_537), wide.grid());
        assertEquals(65_537, wide.checked(65_537));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> wide.checked(131_073));
        assertTrue(e.getMessage().contains("got 131073"), e.getMessage());
    }
}
