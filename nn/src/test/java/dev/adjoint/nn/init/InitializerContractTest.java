package dev.adjoint.nn.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Determinism, the float32/float64 relation, lookup by name and validation, for every initializer. */
class InitializerContractTest {

    private static final Shape SHAPE = Shape.of(17, 9);

    @Test
    void sameKeyGivesBitIdenticalTensors() {
        for (String name : Initializers.names()) {
            Initializer init = Initializers.byName(name);
            for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
                Tensor a = init.initialize(Key.of(42), SHAPE, dtype);
                Tensor b = Initializers.byName(name).initialize(Key.of(42), SHAPE, dtype);
                assertTrue(a.sameValues(b), name + " in " + dtype);
            }
        }
    }

    @Test
    void differentKeysGiveDifferentRandomTensors() {
        for (String name : Initializers.names()) {
            Initializer init = Initializers.byName(name);
            Tensor a = init.initialize(Key.of(1), SHAPE, DType.FLOAT64);
            Tensor b = init.initialize(Key.of(2), SHAPE, DType.FLOAT64);
            boolean constant = List.of("zeros", "ones", "constant").contains(name);
            assertEquals(constant, a.sameValues(b), name);
        }
    }

    @Test
    void float32IsTheFloat64DrawRounded() {
        for (String name : Initializers.names()) {
            Initializer init = Initializers.byName(name);
            Tensor wide = init.initialize(Key.of(5), SHAPE, DType.FLOAT64);
            Tensor narrow = init.initialize(Key.of(5), SHAPE, DType.FLOAT32);
            assertTrue(narrow.sameValues(wide.cast(DType.FLOAT32)), name);
        }
    }

    @Test
    void byNameUsesKerasDefaultsAndRoundTrips() {
        assertEquals(new RandomNormal(0, 0.05), Initializers.byName("random_normal"));
        assertEquals(new RandomUniform(-0.05, 0.05), Initializers.byName("random_uniform"));
        assertEquals(new TruncatedNormal(0, 0.05), Initializers.byName("truncated_normal"));
        assertEquals(new VarianceScaling(1, VarianceScaling.Mode.FAN_IN, VarianceScaling.Distribution.TRUNCATED_NORMAL),
                Initializers.byName("variance_scaling"));
        for (String name : Initializers.names()) {
            assertEquals(name, Initializers.byName(name).name());
        }
        assertEquals("initializer: unknown name, got 'identity'; known names: constant, glorot_normal,"
                + " glorot_uniform, he_normal, he_uniform, lecun_normal, lecun_uniform, ones, orthogonal,"
                + " random_normal, random_uniform, truncated_normal, variance_scaling, zeros",
                assertThrows(IllegalArgumentException.class, () -> Initializers.byName("identity")).getMessage());
    }

    @Test
    void namedVarianceScalingsAreTheirKerasParameters() {
        assertEquals(new VarianceScaling(1, VarianceScaling.Mode.FAN_AVG, VarianceScaling.Distribution.UNIFORM),
                new GlorotUniform().asVarianceScaling());
        assertEquals(new VarianceScaling(2, VarianceScaling.Mode.FAN_IN,
                VarianceScaling.Distribution.TRUNCATED_NORMAL), new HeNormal().asVarianceScaling());
        assertTrue(new GlorotNormal().initialize(Key.of(3), SHAPE, DType.FLOAT64)
                .sameValues(new GlorotNormal().asVarianceScaling().initialize(Key.of(3), SHAPE, DType.FLOAT64)));
    }

    @Test
    void invalidParametersAreRejectedNamingParameterAndValue() {
        assertEquals("RandomNormal: stddev must be finite and >= 0, got -1.0",
                assertThrows(IllegalArgumentException.class, () -> new RandomNormal(0, -1)).getMessage());
        assertEquals("RandomNormal: mean must be finite, got NaN",
                assertThrows(IllegalArgumentException.class, () -> new RandomNormal(Double.NaN, 1)).getMessage());
        assertEquals("TruncatedNormal: stddev must be finite and >= 0, got Infinity",
                assertThrows(IllegalArgumentException.class,
                        () -> new TruncatedNormal(0, Double.POSITIVE_INFINITY)).getMessage());
        assertEquals("RandomUniform: min must be < max, got min 1.0 and max 1.0",
                assertThrows(IllegalArgumentException.class, () -> new RandomUniform(1, 1)).getMessage());
        assertEquals("RandomUniform: max must be finite, got Infinity", assertThrows(IllegalArgumentException.class,
                () -> new RandomUniform(0, Double.POSITIVE_INFINITY)).getMessage());
        assertEquals("Constant: value must be finite, got NaN",
                assertThrows(IllegalArgumentException.class, () -> new Constant(Double.NaN)).getMessage());
        assertEquals("VarianceScaling: scale must be finite and > 0, got 0.0", assertThrows(
                IllegalArgumentException.class, () -> new VarianceScaling(0, VarianceScaling.Mode.FAN_IN,
                        VarianceScaling.Distribution.UNIFORM)).getMessage());
        assertThrows(NullPointerException.class,
                () -> new VarianceScaling(1, null, VarianceScaling.Distribution.UNIFORM));
    }

    @Test
    void invalidArgumentsAreRejectedByEveryInitializer() {
        for (String name : Initializers.names()) {
            Initializer init = Initializers.byName(name);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> init.initialize(Key.of(1), Shape.of(Shape.BATCH, 3), DType.FLOAT64));
            assertTrue(e.getMessage().endsWith(": shape must be concrete (parameters have no batch axis), got [N, 3]"),
                    e.getMessage());
            assertFalse(e.getMessage().startsWith("VarianceScaling") && !name.equals("variance_scaling"),
                    "named initializers report their own name: " + e.getMessage());
            assertEquals("key is null", assertThrows(NullPointerException.class,
                    () -> init.initialize(null, SHAPE, DType.FLOAT64)).getMessage());
            assertEquals("shape is null", assertThrows(NullPointerException.class,
                    () -> init.initialize(Key.of(1), null, DType.FLOAT64)).getMessage());
            assertEquals("dtype is null", assertThrows(NullPointerException.class,
                    () -> init.initialize(Key.of(1), SHAPE, null)).getMessage());
        }
    }

    @Test
    void emptyShapesGiveEmptyTensors() {
        for (String name : Initializers.names()) {
            assertEquals(0, Initializers.byName(name).initialize(Key.of(1), Shape.of(0, 4), DType.FLOAT64).size());
        }
    }
}
