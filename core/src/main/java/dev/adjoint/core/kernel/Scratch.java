package dev.adjoint.core.kernel;

/**
 * Per-thread working arrays of the kernels that need room beside their output (a block of patches, a partial
 * product), kept from call to call like the GEMM's packing buffers: each thread has a few numbered slots, each
 * grown to the largest length asked of it. Contents are undefined: the caller writes before it reads.
 */
final class Scratch {

    /** Slots per thread and element type. */
    static final int SLOTS = 5;

    private static final ThreadLocal<float[][]> FLOATS = ThreadLocal.withInitial(() -> new float[SLOTS][0]);
    private static final ThreadLocal<double[][]> DOUBLES = ThreadLocal.withInitial(() -> new double[SLOTS][0]);
    private static final ThreadLocal<int[][]> INTS = ThreadLocal.withInitial(() -> new int[SLOTS][0]);

    private Scratch() {
    }

    /** This thread's float array in {@code slot}, of at least {@code length} elements. */
    static float[] floats(int slot, int length) {
        float[][] slots = FLOATS.get();
        if (slots[slot].length < length) {
            slots[slot] = new float[length];
        }
        return slots[slot];
    }

    /** This thread's double array in {@code slot}, of at least {@code length} elements. */
    static double[] doubles(int slot, int length) {
        double[][] slots = DOUBLES.get();
        if (slots[slot].length < length) {
            slots[slot] = new double[length];
        }
        return slots[slot];
    }

    /** This thread's int array in {@code slot}, of at least {@code length} elements. */
    static int[] ints(int slot, int length) {
        int[][] slots = INTS.get();
        if (slots[slot].length < length) {
            slots[slot] = new int[length];
        }
        return slots[slot];
    }

    /** {@link #floats} or {@link #doubles}, by element type. */
    static Object of(boolean f32, int slot, int length) {
        return f32 ? floats(slot, length) : doubles(slot, length);
    }
}
