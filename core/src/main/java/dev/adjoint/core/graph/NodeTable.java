package dev.adjoint.core.graph;

/**
 * A map from nodes to ints, keyed by the nodes' {@link Node#id ids}: pages of {@value #PAGE} consecutive ids,
 * found through a small open-addressing table of page numbers, the last page used kept at hand. The nodes of
 * one graph were mostly built together, so their ids are nearly consecutive: a walk of the graph reads a few
 * pages, mostly in order, and never needs a node's identity hash.
 *
 * <p>A value of 0 means "absent"; callers encode what they store (e.g. an index as {@code index + 1}).
 */
final class NodeTable {

    private static final int PAGE_BITS = 8;
    private static final int PAGE = 1 << PAGE_BITS;

    /** Page number + 1 for each slot; 0 marks an empty slot. */
    private long[] keys = new long[16];
    private int[][] pages = new int[16][];
    private int count;
    private long lastKey;
    private int[] lastPage;

    /** The value stored for {@code node}, or 0. */
    int get(Node node) {
        long id = node.id();
        int[] page = page((id >>> PAGE_BITS) + 1, false);
        return page == null ? 0 : page[(int) id & (PAGE - 1)];
    }

    /** Stores {@code value} for {@code node} (0 removes it). */
    void put(Node node, int value) {
        long id = node.id();
        page((id >>> PAGE_BITS) + 1, true)[(int) id & (PAGE - 1)] = value;
    }

    private int[] page(long key, boolean create) {
        if (key == lastKey) {
            return lastPage;
        }
        int mask = keys.length - 1;
        int i = slot(key, mask);
        while (keys[i] != 0 && keys[i] != key) {
            i = (i + 1) & mask;
        }
        if (keys[i] == 0) {
            if (!create) {
                return null;
            }
            keys[i] = key;
            pages[i] = new int[PAGE];
            if (++count * 2 > keys.length) {
                grow();
                return page(key, false);
            }
        }
        lastKey = key;
        lastPage = pages[i];
        return lastPage;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[][] oldPages = pages;
        keys = new long[oldKeys.length * 2];
        pages = new int[oldKeys.length * 2][];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != 0) {
                int i = slot(oldKeys[j], mask);
                while (keys[i] != 0) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                pages[i] = oldPages[j];
            }
        }
    }

    /** Fibonacci hashing: consecutive page numbers land far apart, so runs of pages do not cluster. */
    private static int slot(long key, int mask) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> 32) & mask;
    }
}
