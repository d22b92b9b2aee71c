package dev.adjoint.core.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.check.Gens;
import dev.adjoint.core.check.Property;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Shapes validate and compare as values; keys are deterministic and split into independent streams. */
class ShapeAndKeyTest {

    @Test
    void shapeRejectsNegativeDimensionsNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shape.of(2, -3));
        assertTrue(e.getMessage().contains("[2, -3]") && e.getMessage().contains("dimension 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Shape.of(-2));
        assertEquals("[N, 3]", Shape.of(Shape.BATCH, 3).toString(), "-1 is the batch dimension, not an error");
    }

    @Test
    void shapeRejectsElementCountOverflow() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shape.of(65_536, 65_536));
        assertTrue(e.getMessage().contains("[65536, 65536]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Shape.of(1 << 16, 1 << 15, 2));
        assertEquals(1 << 30, Shape.of(1 << 15, 1 << 15).size());
    }

    /**
     * The largest element count is the JVM's longest array, {@code Integer.MAX_VALUE - 8}: a shape of up to that many
     * elements is accepted (it is a description; no storage is allocated), one past it is the shape's own error, and
     * a tensor of {@code Integer.MAX_VALUE} elements fails with that error before any allocation, not with a bare
     * {@code OutOfMemoryError("Requested array size exceeds VM limit")}.
     */
    @Test
    void elementCountsStopAtTheLongestJavaArray() {
        assertEquals(Integer.MAX_VALUE - 8, Shape.MAX_SIZE);
        assertEquals(Shape.MAX_SIZE, Shape.of(Shape.MAX_SIZE).size());
        assertEquals(Shape.MAX_SIZE, Shape.of(Shape.BATCH, Shape.MAX_SIZE).bind(1).size());
        for (int[] dims : new int[][] {{Shape.MAX_SIZE + 1}, {Integer.MAX_VALUE}, {1, Integer.MAX_VALUE - 7, 1}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shape.of(dims));
            assertEquals("shape: the element count must be at most 2147483639, got "
                    + java.util.Arrays.toString(dims) + "; split the tensor", e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(DType.BOOL, Shape.of(Integer.MAX_VALUE)));
        assertTrue(e.getMessage().startsWith("shape: the element count must be at most 2147483639, got [2147483647]"),
                e.getMessage());
    }

    @Test
    void shapeIsAnImmutableValue() {
        int[] dims = {2, 3};
        Shape s = Shape.of(dims);
        dims[0] = 9;
        assertEquals(Shape.of(2, 3), s);
        s.dims()[1] = 9;
        assertEquals(Shape.of(2, 3), s);
        assertEquals(Shape.of(2, 3).hashCode(), s.hashCode());
        assertNotEquals(Shape.of(3, 2), s);
        assertSame(Shape.scalar(), Shape.of());
        assertEquals(1, Shape.scalar().size());
        assertEquals(0, Shape.of(3, 0, 2).size());
        assertArrayEquals(new int[] {6, 2, 1}, Shape.of(4, 3, 2).strides());
    }

    @Test
    void batchDimensionBindsPerCall() {
        Shape s = Shape.of(Shape.BATCH, 3, Shape.BATCH);
        assertFalse(s.isConcrete());
        assertThrows(IllegalStateException.class, s::size);
        assertEquals(Shape.of(5, 3, 5), s.bind(5));
        Shape concrete = Shape.of(2, 3);
        assertSame(concrete, concrete.bind(7));
        assertThrows(IllegalArgumentException.class, () -> s.bind(-2));
    }

    @Test
    void axesNormalizeOrFailNamingTheOp() {
        Shape s = Shape.of(2, 3, 4);
        assertEquals(2, s.normalizeAxis(-1, "op"));
        assertEquals(0, s.normalizeAxis(-3, "op"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.normalizeAxis(3, "sum"));
        assertTrue(e.getMessage().startsWith("sum: ") && e.getMessage().contains("[2, 3, 4]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.normalizeAxis(-4, "op"));
        assertEquals(Shape.of(2, 4), s.drop(1));
        assertEquals(Shape.of(2, 3, 9), s.with(-1, 9));
    }

    @Test
    void broadcastFollowsNumpyRulesAndIsSymmetric() {
        assertEquals(Shape.of(2, 3, 4), Shape.broadcast(Shape.of(3, 1), Shape.of(2, 1, 4), "op"));
        assertEquals(Shape.of(Shape.BATCH, 3), Shape.broadcast(Shape.of(Shape.BATCH, 1), Shape.of(1, 3), "op"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Shape.broadcast(Shape.of(2, 3), Shape.of(4, 3), "add"));
        assertTrue(e.getMessage().startsWith("add: ") && e.getMessage().contains("[2, 3] and [4, 3]"), e.getMessage());
        Property.forAll(Gens.broadcastPairs(3, 4)).tries(100).check(pair -> assertEquals(
                Shape.broadcast(pair[0], pair[1], "op"), Shape.broadcast(pair[1], pair[0], "op")));
    }

    @Test
    void sameKeyGivesTheSameNumbers() {
        Key.Stream a = Key.of(42).stream();
        Key.Stream b = Key.of(42).stream();
        for (int i = 0; i < 1000; i++) {
            assertEquals(a.nextLong(), b.nextLong());
        }
        assertEquals(Key.of(42).fold(7), Key.of(42).fold(7), "keys are values");
        assertArrayEquals(Key.of(42).split(), Key.of(42).split());
    }

    @Test
    void keyOutputIsPinned() {
        // Key 0 starts SplitMix64 at state 0, whose published outputs are these. They must never change across
        // versions or JDKs, or every seeded experiment and property replay would change with them.
        Key.Stream s = Key.of(0).stream();
        assertEquals(0xE220A8397B1DCDAFL, s.nextLong());
        assertEquals(0x6E789E6AA1B965F4L, s.nextLong());
        assertEquals(0x50A2DAB806AF430BL, Key.of(42).fold(7).seed());
        assertEquals((0xE220A8397B1DCDAFL >>> 11) * 0x1.0p-53, Key.of(0).stream().nextDouble());
    }

    @Test
    void derivedKeysAreDistinct() {
        Set<Long> seeds = new HashSet<>();
        Key root = Key.of(1);
        for (int i = 0; i < 1000; i++) {
            assertTrue(seeds.add(root.fold(i).seed()), "fold(" + i + ") collides");
        }
        Key[] halves = root.split();
        assertNotEquals(halves[0], halves[1]);
        assertNotEquals(root, halves[0]);
        assertNotEquals(Key.of(1).stream().nextLong(), Key.of(2).stream().nextLong());
    }

    /** Regression: {@code split()} used to return exactly {@code fold(1)} and {@code fold(2)}. */
    @Test
    void splitAndFoldNeverCollideSystematically() {
        for (long seed = 0; seed < 200; seed++) {
            Key key = Key.of(seed);
            Set<Key> folds = new HashSet<>();
            for (int d = -8; d < 256; d++) {
                folds.add(key.fold(d));
            }
            for (Key half : key.split()) {
                assertFalse(folds.contains(half), "split() of " + key + " equals one of its folds");
                assertNotEquals(key, half);
            }
        }
        assertArrayEquals(Key.of(3).split(), Key.of(3).split(), "split is deterministic");
    }

    @Test
    void streamDrawsStayInRange() {
        Key.Stream s = Key.of(5).stream();
        int[] counts = new int[3];
        for (int i = 0; i < 3000; i++) {
            double d = s.nextDouble();
            assertTrue(d >= 0 && d < 1);
            counts[s.nextInt(3)]++;
        }
        for (int c : counts) {
            assertTrue(c > 850 && c < 1150, "roughly uniform: " + java.util.Arrays.toString(counts));
        }
        assertThrows(IllegalArgumentException.class, () -> s.nextInt(0));
    }
}
