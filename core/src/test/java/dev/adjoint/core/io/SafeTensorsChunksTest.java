package dev.adjoint.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The chunks a tensor is written and read in tile its elements exactly, up to the largest count a tensor can
 * have: with an {@code int} counter, {@code from += per} overflowed for a BOOL tensor of more than
 * {@code Integer.MAX_VALUE - 65536} elements, and both read and write failed with "newLimit < 0". Tested on
 * the chunking itself, so no test needs gigabytes.
 */
class SafeTensorsChunksTest {

    /** Checks that the chunks of {@code count} tile it, each of {@code per} elements but the last. */
    private static void tiles(int count, int per) throws IOException {
        long[] next = {0};
        long[] chunks = {0};
        SafeTensors.forEachChunk(count, per, (from, n) -> {
            assertEquals(next[0], from, "chunk " + chunks[0] + " of " + count + " by " + per);
            assertTrue(n > 0 && n <= per, "chunk length " + n);
            assertTrue(n == per || (long) from + n == count, "only the last chunk is short: " + from + " + " + n);
            next[0] = (long) from + n;
            chunks[0]++;
        });
        assertEquals(count, next[0], "the chunks end at the count");
        assertEquals((count + (long) per - 1) / per, chunks[0]);
    }

    @Test
    void chunksNearTheLargestElementCountTileItWithoutOverflow() throws IOException {
        int[] pers = {1 << 16, 1 << 15, 1 << 14, 1 << 13}; // CHUNK / byte size of BOOL, I32/F32, I64/F64
        for (int per : pers) {
            tiles(Integer.MAX_VALUE, per);
            tiles(Integer.MAX_VALUE - 1, per);
            tiles(2_147_418_113, per); // the tester's tensor: past Integer.MAX_VALUE - 65536, not a multiple
            tiles(Integer.MAX_VALUE - per, per);
            tiles(Integer.MAX_VALUE - per + 1, per);
        }
        tiles(Integer.MAX_VALUE, Integer.MAX_VALUE);
        tiles(Integer.MAX_VALUE, Integer.MAX_VALUE - 1);
    }

    @Test
    void smallAndEmptyCountsTileToo() throws IOException {
        tiles(1, 1 << 16);
        tiles(1 << 16, 1 << 16);
        tiles((1 << 16) + 1, 1 << 16);
        SafeTensors.forEachChunk(0, 1 << 16, (from, n) -> {
            throw new AssertionError("no chunk for no elements, got [" + from + ", " + (from + n) + ")");
        });
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.forEachChunk(1, 0, (from, n) -> { }));
    }
}
