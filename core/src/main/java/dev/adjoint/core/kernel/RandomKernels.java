package dev.adjoint.core.kernel;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.core.tensor.internal.TensorInternals;
import java.util.Arrays;
import java.util.Objects;

/**
 * Bulk uniform draws of a SplitMix64 stream ({@code Key.Stream}), bit for bit, with many draws at once.
 *
 * <p>SplitMix64 is counter-based. A stream whose state is {@code s} (a key's {@code streamState()}) adds
 * {@code γ = 0x9E3779B97F4A7C15} to its state before each draw, so its {@code j}-th 64-bit draw
 * ({@code j = 0, 1, ...}) is {@code x_j = mix64(s + (j + 1)·γ)} in wrapping 64-bit arithmetic, where
 * {@code mix64(z)} is {@code z ^= z >>> 30; z *= 0xBF58476D1CE4E5B9; z ^= z >>> 27; z *= 0x94D049BB133111EB;
 * z ^ (z >>> 31)}. Its {@code j}-th uniform double ({@code nextDouble}) is {@code u_j = (x_j >>> 11)·2^-53}, in
 * {@code [0, 1)} with 53 random bits, and the float32 sample drawn from it is {@code (float) u_j}, moved down to
 * the largest float below 1 when the rounding reached 1. Since {@code x_j} is a function of {@code s} and
 * {@code j} alone, the lanes of a vector compute consecutive draws independently.
 *
 * <p>The fill runs on the Vector API ({@link VectorUniformFill}) when the vector kernels are in use
 * ({@link Kernels#vectorized()}), it agrees with the plain Java loop on a self-test, and its vectors have at least
 * {@value #MIN_LANES} lanes of 64 bits; otherwise in plain Java. Both give the same bits.
 */
public final class RandomKernels {

    /**
     * The fewest 64-bit lanes with which the vector fill is used: AVX-512's eight, which it multiplies in one
     * instruction; on AVX2's four, which it multiplies in several and converts to double without a conversion
     * instruction, the plain loop is faster.
     */
    static final int MIN_LANES = 8;

    /** The vector fill when it loaded and passed its self-test (whether or not in use), else null. */
    private static final UniformFill VECTOR = load();
    /** The fill in use. */
    private static final UniformFill FILL = VECTOR != null && Kernels.vectorized() && VECTOR.lanes() >= MIN_LANES
            ? VECTOR : UniformFill.SCALAR;

    private RandomKernels() {
    }

    /**
     * {@code dst[from + j] = u_j} for {@code 0 <= j < count}: the first {@code count} draws of the stream with
     * state {@code state}, as {@code Key.Stream.nextDouble} gives them.
     */
    public static void uniform(long state, double[] dst, int from, int count) {
        Objects.checkFromIndexSize(from, count, dst.length);
        FILL.uniform(state, dst, from, count);
    }

    /**
     * {@code dst[from + j] = (float) u_j} for {@code 0 <= j < count}, or the largest float below 1 where that
     * rounds to 1: float32 samples in {@code [0, 1)}, as {@code Tensor.uniform} draws them.
     */
    public static void uniform(long state, float[] dst, int from, int count) {
        Objects.checkFromIndexSize(from, count, dst.length);
        FILL.uniform(state, dst, from, count);
    }

    /**
     * Samples uniform in {@code [0, 1)} of {@code dtype} (float32 or float64) and the concrete shape {@code shape},
     * drawn row by row: row {@code r} (the {@code perRow = shape.size() / rows} elements from {@code r·perRow}, in
     * row-major order) holds the first {@code perRow} draws of the stream with state {@code states[r]}. The
     * output's array comes from the buffer pool; fixed pieces of it, cut across rows where they are long, are
     * filled on {@link Parallel}'s threads, each piece starting its row's stream at its first draw's counter.
     */
    public static Tensor uniformRows(DType dtype, Shape shape, long[] states) {
        int size = shape.size();
        int rows = states.length;
        if (rows == 0 ? size != 0 : size % rows != 0) {
            throw new IllegalArgumentException("uniformRows: " + rows + " rows do not divide " + shape);
        }
        int perRow = rows == 0 ? 0 : size / rows;
        if (dtype == DType.FLOAT32) {
            float[] data = BufferPool.floatsForOverwrite(size);
            ElementwiseKernels.blocks(size, (from, len) -> uniformRows(states, perRow, data, from, from + len));
            return TensorInternals.adopt(shape, data);
        }
        if (dtype != DType.FLOAT64) {
            throw new IllegalArgumentException("uniformRows: samples are float32 or float64, got " + dtype.shortName());
        }
        double[] data = BufferPool.doublesForOverwrite(size);
        ElementwiseKernels.blocks(size, (from, len) -> uniformRows(states, perRow, data, from, from + len));
        return TensorInternals.adopt(DType.FLOAT64, shape, data);
    }

    /**
     * Samples uniform in {@code [0, 1)} of {@code dtype} and the concrete shape {@code shape}: the first
     * {@code shape.size()} draws of the stream with state {@code state}, in row-major order.
     */
    public static Tensor uniform(DType dtype, Shape shape, long state) {
        return uniformRows(dtype, shape, new long[] {state});
    }

    /** Elements {@code [from, to)} of {@link #uniformRows}'s output, rows of {@code perRow > 0} elements. */
    static void uniformRows(long[] states, int perRow, float[] dst, int from, int to) {
        for (int at = from; at < to; ) {
            int r = at / perRow;
            int first = at - r * perRow;
            int count = Math.min(to, (r + 1) * perRow) - at;
            FILL.uniform(states[r] + first * UniformFill.GOLDEN_GAMMA, dst, at, count);
            at += count;
        }
    }

    /** Elements {@code [from, to)} of {@link #uniformRows}'s output in float64. */
    static void uniformRows(long[] states, int perRow, double[] dst, int from, int to) {
        for (int at = from; at < to; ) {
            int r = at / perRow;
            int first = at - r * perRow;
            int count = Math.min(to, (r + 1) * perRow) - at;
            FILL.uniform(states[r] + first * UniformFill.GOLDEN_GAMMA, dst, at, count);
            at += count;
        }
    }

    /** The fill in use. */
    static UniformFill fill() {
        return FILL;
    }

    /** The vector fill when it loaded (tests compare it whether or not it is in use), else null. */
    static UniformFill vectorFill() {
        return VECTOR;
    }

    /** The vector fill, or null when it does not load or disagrees with the plain Java one. */
    private static UniformFill load() {
        try {
            UniformFill vector = (UniformFill) Class.forName("dev.adjoint.core.kernel.VectorUniformFill")
                    .getDeclaredConstructor().newInstance();
            return agrees(vector) ? vector : null;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null;
        }
    }

    /** Whether {@code vector} gives the plain Java fill's bits on a few lengths around the vector length. */
    private static boolean agrees(UniformFill vector) {
        for (int count = 0; count <= 37; count++) {
            long state = count * 0x632BE59BD9B4E019L;
            double[] d1 = new double[count + 1];
            double[] d2 = new double[count + 1];
            float[] f1 = new float[count + 1];
            float[] f2 = new float[count + 1];
            vector.uniform(state, d1, 1, count);
            UniformFill.SCALAR.uniform(state, d2, 1, count);
            vector.uniform(state, f1, 1, count);
            UniformFill.SCALAR.uniform(state, f2, 1, count);
            if (!Arrays.equals(d1, d2) || !Arrays.equals(f1, f2)) {
                return false;
            }
        }
        return true;
    }
}
