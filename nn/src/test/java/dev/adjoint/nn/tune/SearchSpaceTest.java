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
}
