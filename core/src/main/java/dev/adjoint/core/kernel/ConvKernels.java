package dev.adjoint.core.kernel;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.core.tensor.internal.TensorInternals;
import java.util.Arrays;

/**
 * Convolutions over {@code d} spatial axes, channels last: {@code x : [N, s..., C_in]}, kernel
 * {@code w : [k..., C_in/G, C_out]}, {@code y : [N, o..., C_out]}, in G channel groups; the forward, its input
 * gradient (the transposed convolution) and its filter gradient. All three are matrix products of a patch
 * matrix ({@link Patches}, never stored: it packs itself into the GEMM's panels) and a matrix of kernel values,
 * on the GEMM chosen by {@link Kernels}:
 * <pre>
 *   forward          y[(n,o), j]   = sum_{(t,c)} P_x[(n,o), (t,c)] · w[(t,c), j]          P_x: patches of x
 *   input gradient   x̄[(n,i), c]   = sum_{(t,j)} P_ȳ[(n,i), (t,j)] · w[(t,c), j]          P_ȳ: transposed patches of ȳ
 *   filter gradient  w̄[(t,c), j]   = sum_{(n,o)} P_x[(n,o), (t,c)] · ȳ[(n,o), j]
 * </pre>
 * (per group, on the group's channels). The rows {@code (n, o)} are cut into blocks of a size that depends on
 * the problem only, never on the thread count, and the blocks are the parallel tasks. The forward and the input
 * gradient write each block's rows of the result, each element one chain of fused multiply-adds over
 * {@code (t, c)} (the GEMM's rule). The filter gradient is, per chunk of consecutive blocks, the chain over
 * the chunk's first block, plus that of each further block in order, and then the chunks' sums added in chunk
 * order. So results are bit-identical for every thread count and kernel choice.
 */
public final class ConvKernels {

    /** Rows of a block times its patch row length: a block's patches hold about this many elements. */
    static final int PATCH_ELEMENTS = 1 << 19;

    /** Blocks of rows per chunk of the filter gradient (one partial product per chunk), at least. */
    static final int BLOCKS_PER_CHUNK = 4;

    /** Elements of all the filter gradient's partial products together, at most (unless one alone is larger). */
    static final int PARTIAL_ELEMENTS = 1 << 20;

    /** Elements of the blocks' sums per task, at least, when the filter gradient adds its blocks' slots. */
    static final int REDUCE_ELEMENTS = 1 << 14;

    private static final int PRODUCT = 1;
    private static final int OPERAND = 2;
    private static final int PARTIALS = 3;

    private ConvKernels() {
    }

    /** The shapes and parameters of one convolution, read off its tensors. */
    private record Geometry(int n, int[] in, int[] out, int[] k, int cin, int cout, int groups, int taps) {
        static Geometry of(Shape x, Shape y, Shape w, int groups) {
            int d = x.rank() - 2;
            int[] in = Arrays.copyOfRange(x.dims(), 1, d + 1);
            int[] out = Arrays.copyOfRange(y.dims(), 1, d + 1);
            int[] k = Arrays.copyOfRange(w.dims(), 0, d);
            return new Geometry(x.dim(0), in, out, k, x.dim(d + 1), y.dim(d + 1), groups, Patches.product(k));
        }

        int cinG() {
            return cin / groups;
        }

        int coutG() {
            return cout / groups;
        }
    }

    /** Rows per block for patch rows of {@code rowLength} elements. */
    static int blockRows(int rowLength) {
        return Math.max(8, PATCH_ELEMENTS / Math.max(1, rowLength));
    }

    /** Blocks of a forward or input gradient on the direct tiles, at least, where the rows allow. */
    static final int SPREAD = 32;

    /** Rows of a block of a forward or input gradient on the direct tiles, at least: eight tiles. */
    static final int SPREAD_ROWS = 8 * DirectConv.ROWS;

    /**
     * Rows per block of a forward or input gradient on the direct tiles: {@link #blockRows}, or fewer, whole tiles,
     * so that there are {@link #SPREAD} blocks when the rows allow and threads share the work evenly (7 blocks on
     * 2 threads kept one idle an eighth of the time). Each row is one chain of its own, so the blocks do not change
     * a bit; the filter gradient's blocks, whose products are added, keep {@link #blockRows}.
     */
    static int spreadRows(int rows, int rowLength) {
        int even = (rows + SPREAD - 1) / SPREAD;
        even = (even + DirectConv.ROWS - 1) / DirectConv.ROWS * DirectConv.ROWS;
        return Math.min(blockRows(rowLength), Math.max(SPREAD_ROWS, even));
    }

    /**
     * {@code y[n, o, j] = sum_{t, c} x[n, o·stride - before + t·dilation, group(j)·C_in/G + c] · w[t, c, j]}, zero
     * outside x.
     */
    public static Tensor conv(Tensor x, Tensor w, int[] strides, int[] dilations, int[] before, int groups, Shape out) {
        return conv(Kernels.convTiles(), x, w, strides, dilations, before, groups, out);
    }

    /** {@link #conv} on the direct tiles, or on the GEMM when {@code tiles} is null. */
    static Tensor conv(ConvTiles tiles, Tensor x, Tensor w, int[] strides, int[] dilations, int[] before, int groups,
            Shape out) {
        Geometry g = Geometry.of(x.shape(), out, w.shape(), groups);
        Patches patches = Patches.forward(g.in, g.out, g.k, strides, dilations, before);
        boolean f32 = x.dtype() == DType.FLOAT32;
        Object xs = TensorInternals.storage(x);
        Object ys = allocate(f32, out.size());
        int cinG = g.cinG();
        int coutG = g.coutG();
        int kk = g.taps * cinG;
        Object ws = TensorInternals.storage(w);
        Object wg = tiles != null || groups == 1 ? ws : groupColumns(ws, kk, g.cout, groups, f32);
        boolean depthwise = tiles != null && DepthwiseConv.applies(g.cin, groups);
        Object[] wp = new Object[groups];
        for (int grp = 0; tiles != null && !depthwise && grp < groups; grp++) {
            wp[grp] = DirectConv.panels(ws, grp * coutG, kk, coutG, g.cout, tiles.panelWidth(coutG, f32), f32);
        }
        GemmKernel gemm = Kernels.gemmFor(coutG, f32);
        int rows = g.n * patches.rowSize();
        int block = tiles != null ? spreadRows(rows, kk) : blockRows(kk);
        PaddedPatches padded = tiles != null && !depthwise && rows > 0 && cinG < DirectConv.FEW_CHANNELS
                ? PaddedPatches.of(xs, g.n, g.in, g.out, g.k, strides, dilations, before, g.cin) : null;
        Parallel.forEach((rows + block - 1) / block, task -> {
            int r0 = task * block;
            int m = Math.min(block, rows - r0);
            if (depthwise) {
                DepthwiseConv.forward(tiles, patches, xs, g.cin, ws, coutG, ys, r0, m);
                return;
            }
            for (int grp = 0; grp < groups; grp++) {
                if (padded != null) {
                    DirectConv.rows(tiles, padded, grp * cinG, cinG, wp[grp], coutG, ys, g.cout, grp * coutG, r0, m,
                            f32);
                } else if (tiles != null) {
                    DirectConv.rows(tiles, patches, xs, g.cin, grp * cinG, cinG, wp[grp], coutG, ys, g.cout,
                            grp * coutG, r0, m, f32);
                } else {
                    gemm(gemm, patches.rows(xs, g.cin, grp * cinG, cinG, r0), m, coutG, kk, wg, grp * kk * coutG, ys,
                            r0 * g.cout + grp * coutG, g.cout);
                }
            }
        });
        if (padded != null) {
            padded.release();
        }
        return adopt(f32, out, ys);
    }

    /**
     * The transposed convolution, the input gradient of {@link #conv}: {@code x̄[n, i, c] = sum over the taps t
     * and output positions o with o·stride - before + t·dilation = i of sum_j ȳ[n, o, j] · w[t, c', j]}, for
     * the channels j of c's group ({@code c'} its index in the group). {@code out} is x's shape.
     */
    public static Tensor convTranspose(Tensor y, Tensor w, int[] strides, int[] dilations, int[] before, int groups,
            Shape out) {
        return convTranspose(Kernels.convTiles(), y, w, strides, dilations, before, groups, out);
    }

    /**
     * {@link #convTranspose} on the direct tiles, or on the GEMM when {@code tiles} is null; with a kernel holding
     * an inf or a NaN, on {@link ExactTransposedConv}, which sums only the terms that exist.
     */
    static Tensor convTranspose(ConvTiles tiles, Tensor y, Tensor w, int[] strides, int[] dilations, int[] before,
            int groups, Shape out) {
        Geometry g = Geometry.of(out, y.shape(), w.shape(), groups);
        Patches patches = Patches.transposed(g.in, g.out, g.k, strides, dilations, before);
        boolean f32 = y.dtype() == DType.FLOAT32;
        Object ys = TensorInternals.storage(y);
        Object xs = allocate(f32, out.size());
        int cinG = g.cinG();
        int coutG = g.coutG();
        int kk = g.taps * coutG;
        Object ws = TensorInternals.storage(w);
        if (ExactTransposedConv.applies(ws)) { // inf or NaN: the zero-filled patches' 0·w would be NaN
            ExactTransposedConv.into(patches, ys, g.cout, ws, g.cin, groups, xs, g.n * patches.rowSize());
            return adopt(f32, out, xs);
        }
        boolean depthwise = tiles != null && DepthwiseConv.applies(g.cin, groups);
        Object wt = depthwise ? null : tapTransposed(ws, g, f32); // the depthwise rows read w as it is
        Object[] wp = new Object[groups];
        for (int grp = 0; tiles != null && !depthwise && grp < groups; grp++) {
            wp[grp] = DirectConv.panels(wt, grp * kk * cinG, kk, cinG, cinG, tiles.panelWidth(cinG, f32), f32);
        }
        GemmKernel gemm = Kernels.gemmFor(cinG, f32);
        int rows = g.n * patches.rowSize();
        int block = tiles != null ? spreadRows(rows, kk) : blockRows(kk);
        PaddedPatches padded = tiles != null && !depthwise && rows > 0 && coutG < DirectConv.FEW_CHANNELS
                ? PaddedPatches.transposed(ys, g.n, g.in, g.out, g.k, strides, dilations, before, g.cout) : null;
        Parallel.forEach((rows + block - 1) / block, task -> {
            int r0 = task * block;
            int m = Math.min(block, rows - r0);
            if (depthwise) {
                DepthwiseConv.transposed(tiles, patches, ys, g.cin, ws, coutG, xs, r0, m);
                return;
            }
            for (int grp = 0; grp < groups; grp++) {
                if (padded != null) {
                    DirectConv.rows(tiles, padded, grp * coutG, coutG, wp[grp], cinG, xs, g.cin, grp * cinG, r0, m,
                            f32);
                } else if (tiles != null) {
                    DirectConv.rows(tiles, patches, ys, g.cout, grp * coutG, coutG, wp[grp], cinG, xs, g.cin,
                            grp * cinG, r0, m, f32);
                } else {
                    gemm(gemm, patches.rows(ys, g.cout, grp * coutG, coutG, r0), m, cinG, kk, wt, grp * kk * cinG, xs,
                            r0 * g.cin + grp * cinG, g.cin);
                }
            }
        });
        if (padded != null) {
            padded.release();
        }
        return adopt(f32, out, xs);
    }

    /**
     * The filter gradient of {@link #conv}: {@code w̄[t, c, j] = sum_{n, o} x[n, o·stride - before + t·dilation,
     * group(j)·C_in/G + c] · ȳ[n, o, j]}. {@code out} is w's shape.
     */
    public static Tensor convFilterGrad(Tensor x, Tensor y, int[] strides, int[] dilations, int[] before, int groups,
            Shape out) {
        return convFilterGrad(Kernels.convTiles(), x, y, strides, dilations, before, groups, out);
    }

    /** {@link #convFilterGrad} on the direct tiles, or on the GEMM when {@code tiles} is null. */
    static Tensor convFilterGrad(ConvTiles tiles, Tensor x, Tensor y, int[] strides, int[] dilations, int[] before,
            int groups, Shape out) {
        Geometry g = Geometry.of(x.shape(), y.shape(), out, groups);
        Patches patches = Patches.forward(g.in, g.out, g.k, strides, dilations, before);
        boolean f32 = x.dtype() == DType.FLOAT32;
        Object xs = TensorInternals.storage(x);
        Object ys = TensorInternals.storage(y);
        int rows = g.n * patches.rowSize();
        int cinG = g.cinG();
        int coutG = g.coutG();
        int kk = g.taps * cinG;
        int size = out.size();
        Object ws = allocate(f32, size);
        int block = blockRows(kk);
        int blocks = (rows + block - 1) / block;
        int maxChunks = Math.max(1, PARTIAL_ELEMENTS / Math.max(1, size));
        int perChunk = Math.max(BLOCKS_PER_CHUNK, (blocks + maxChunks - 1) / maxChunks);
        int chunks = (blocks + perChunk - 1) / perChunk;
        if (chunks == 0 || size == 0) {
            fillZero(ws, size);
            return adopt(f32, out, ws);
        }
        GemmKernel gemm = Kernels.gemmFor(coutG, f32);
        // where there is room, one slot per block, the blocks in parallel, then each chunk's blocks added in order:
        // the same additions as accumulating a chunk's blocks one after another, with every thread busy (a chunk of
        // four blocks per task left one of two threads idle in the first layers, with one or two chunks)
        boolean perBlock = blocks > chunks && (long) blocks * size <= PARTIAL_ELEMENTS;
        // the caller's: helpers write their blocks or chunks
        Object partials = Scratch.of(f32, PARTIALS, (perBlock ? blocks : chunks) * size);
        int groupSize = kk * coutG;
        boolean depthwise = tiles != null && DepthwiseConv.applies(g.cin, groups);
        PaddedPatches padded = tiles != null && !depthwise && cinG < DirectConv.FEW_CHANNELS
                ? PaddedPatches.of(xs, g.n, g.in, g.out, g.k, strides, dilations, before, g.cin) : null;
        BlockProduct product = (b, slot, add) -> {
            int r0 = b * block;
            int m = Math.min(block, rows - r0);
            if (depthwise) {
                DepthwiseConv.filter(tiles, patches, xs, g.cin, ys, coutG, r0, m, partials, slot, add);
                return;
            }
            for (int grp = 0; grp < groups; grp++) {
                int target = slot + grp * groupSize;
                if (padded != null) {
                    DirectConv.columns(tiles, padded, grp * cinG, cinG, ys, g.cout, grp * coutG, coutG, r0, m,
                            partials, target, add, f32);
                } else if (tiles != null) {
                    DirectConv.columns(tiles, patches, xs, g.cin, grp * cinG, cinG, ys, g.cout, grp * coutG, coutG,
                            r0, m, partials, target, add, f32);
                } else {
                    Object yb = ys;
                    int yo = r0 * g.cout;
                    if (groups > 1) { // the group's columns of ȳ, contiguous
                        yb = Scratch.of(f32, OPERAND, m * coutG);
                        for (int r = 0; r < m; r++) {
                            System.arraycopy(ys, (r0 + r) * g.cout + grp * coutG, yb, r * coutG, coutG);
                        }
                        yo = 0;
                    }
                    Object c = add ? Scratch.of(f32, PRODUCT, groupSize) : partials;
                    gemm(gemm, patches.columns(xs, g.cin, grp * cinG, cinG, r0), kk, coutG, m, yb, yo, c,
                            add ? 0 : target, coutG);
                    if (add) {
                        add(c, partials, target, groupSize);
                    }
                }
            }
        };
        if (perBlock) {
            Parallel.forEach(blocks, b -> product.into(b, b * size, false));
            // chunk c's sum into slot c, chunks in order: slot c is a block of a chunk before it, already read
            int pieces = Math.max(1, Math.min(SPREAD, size / REDUCE_ELEMENTS));
            Parallel.forEach(pieces, q -> {
                int e0 = (int) ((long) q * size / pieces);
                int len = (int) ((long) (q + 1) * size / pieces) - e0;
                for (int chunk = 0; chunk < chunks; chunk++) {
                    int first = chunk * perChunk;
                    System.arraycopy(partials, first * size + e0, partials, chunk * size + e0, len);
                    for (int b = first + 1; b < Math.min(blocks, first + perChunk); b++) {
                        add(partials, b * size + e0, partials, chunk * size + e0, len);
                    }
                }
            });
        } else {
            Parallel.forEach(chunks, chunk -> {
                for (int b = chunk * perChunk; b < Math.min(blocks, (chunk + 1) * perChunk); b++) {
                    product.into(b, chunk * size, b != chunk * perChunk);
                }
            });
        }
        if (padded != null) {
            padded.release();
        }
        sumChunks(partials, chunks, size, kk, g.cout, coutG, groups, ws);
        return adopt(f32, out, ws);
    }

    /** {@code w̄[(t,c), grp·coutG + j] = sum over chunks, in order, of partial[chunk][grp][(t,c), j]}. */
    private static void sumChunks(Object partials, int chunks, int size, int kk, int cout, int coutG, int groups,
            Object ws) {
        int groupSize = kk * coutG;
        if (partials instanceof float[] p) {
            float[] w = (float[]) ws;
            for (int grp = 0; grp < groups; grp++) {
                for (int e = 0; e < groupSize; e++) {
                    float s = p[grp * groupSize + e];
                    for (int chunk = 1; chunk < chunks; chunk++) {
                        s += p[chunk * size + grp * groupSize + e];
                    }
                    w[(e / coutG) * cout + grp * coutG + e % coutG] = s;
                }
            }
        } else {
            double[] p = (double[]) partials;
            double[] w = (double[]) ws;
            for (int grp = 0; grp < groups; grp++) {
                for (int e = 0; e < groupSize; e++) {
                    double s = p[grp * groupSize + e];
                    for (int chunk = 1; chunk < chunks; chunk++) {
                        s += p[chunk * size + grp * groupSize + e];
                    }
                    w[(e / coutG) * cout + grp * coutG + e % coutG] = s;
                }
            }
        }
    }

    /** The kernel {@code [K, C_out]} regrouped as G contiguous matrices {@code [K, C_out/G]}, one per group. */
    private static Object groupColumns(Object w, int kk, int cout, int groups, boolean f32) {
        int coutG = cout / groups;
        Object out = f32 ? new float[kk * cout] : new double[kk * cout];
        for (int grp = 0; grp < groups; grp++) {
            for (int r = 0; r < kk; r++) {
                System.arraycopy(w, r * cout + grp * coutG, out, (grp * kk + r) * coutG, coutG);
            }
        }
        return out;
    }

    /**
     * The kernel for the transposed convolution: per group, {@code W'[(t, j), c] = w[t, c, grp·coutG + j]}, a
     * {@code [taps·C_out/G, C_in/G]} matrix per group, stored one after another.
     */
    private static Object tapTransposed(Object w, Geometry g, boolean f32) {
        int cinG = g.cinG();
        int coutG = g.coutG();
        Object dst = f32 ? new float[g.taps * cinG * g.cout] : new double[g.taps * cinG * g.cout];
        int at = 0;
        for (int grp = 0; grp < g.groups; grp++) {
            for (int t = 0; t < g.taps; t++) {
                for (int j = 0; j < coutG; j++) {
                    for (int c = 0; c < cinG; c++, at++) {
                        int from = (t * cinG + c) * g.cout + grp * coutG + j;
                        if (f32) {
                            ((float[]) dst)[at] = ((float[]) w)[from];
                        } else {
                            ((double[]) dst)[at] = ((double[]) w)[from];
                        }
                    }
                }
            }
        }
        return dst;
    }

    private static void gemm(GemmKernel gemm, RowPanels a, int m, int n, int k, Object b, int bo, Object c, int co,
            int ldc) {
        if (b instanceof float[] fb) {
            gemm.gemm(a, m, n, k, fb, bo, (float[]) c, co, ldc);
        } else {
            gemm.gemm(a, m, n, k, (double[]) b, bo, (double[]) c, co, ldc);
        }
    }

    /** One block's filter gradient, stored into (or, when {@code add}, added to) the partial slot at {@code slot}. */
    @FunctionalInterface
    private interface BlockProduct {
        void into(int block, int slot, boolean add);
    }

    private static void add(Object src, Object dst, int at, int len) {
        add(src, 0, dst, at, len);
    }

    /** {@code dst[at + i] += src[from + i]} for {@code i < len}, one rounding each. */
    private static void add(Object src, int from, Object dst, int at, int len) {
        if (src instanceof float[] s) {
            float[] d = (float[]) dst;
            for (int i = 0; i < len; i++) {
                d[at + i] += s[from + i];
            }
        } else {
            double[] s = (double[]) src;
            double[] d = (double[]) dst;
            for (int i = 0; i < len; i++) {
                d[at + i] += s[from + i];
            }
        }
    }

    private static void fillZero(Object a, int len) {
        if (a instanceof float[] f) {
            Arrays.fill(f, 0, len, 0f);
        } else {
            Arrays.fill((double[]) a, 0, len, 0.0);
        }
    }

    private static Object allocate(boolean f32, int n) {
        return f32 ? BufferPool.floatsForOverwrite(n) : BufferPool.doublesForOverwrite(n);
    }

    private static Tensor adopt(boolean f32, Shape shape, Object data) {
        return f32 ? TensorInternals.adopt(shape, (float[]) data)
                : TensorInternals.adopt(DType.FLOAT64, shape, (double[]) data);
    }
}
