package dev.adjoint.core.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A packed, register-blocked GEMM on the JDK Vector API ({@code jdk.incubator.vector}), after Goto and van de
 * Geijn, "Anatomy of high-performance matrix multiplication" (2008), in the loop structure of BLIS.
 *
 * <p>For {@code C = op(A)·op(B)} with {@code op(A) : m × k}, {@code op(B) : k × n}:
 * <pre>
 * for jc in 0..n step NC                       // a column block of C and op(B)
 *   for pc in 0..k step KC                     // a slice of the inner dimension, in ascending order
 *     pack op(B)[pc:pc+KC, jc:jc+NC] into column panels of NR (zero-padded), shared by all threads
 *     parallel for ic in 0..m step mc          // a row block of C per task
 *       pack op(A)[ic:ic+mc, pc:pc+KC] into row panels of MR (zero-padded), per thread
 *       for each NR-column panel, for each MR-row panel (row panels outer for a short first slice: rowsOuter):
 *         micro-kernel: an MR × NR tile of C in registers, loaded from C when pc &gt; 0, else +0;
 *         per k step one broadcast of an A element per row and NR/L fused multiply-adds per row
 * </pre>
 * That is the fallback. A product large enough to run in parallel is instead cut into one stripe of C per
 * thread, in one parallel section, each thread running the loops above over its stripe with its own packed A
 * and B: column stripes (of NR panels) when m &lt; n, so that each thread packs the whole of the smaller A,
 * else row stripes (of MR rows), each packing the whole of B.
 *
 * <p>MR, NR and the cache blocks come from a {@link GemmBlocking}: by default the largest register tile that
 * fits this CPU's vector registers ({@link GemmBlocking#choose}). Packing ({@link GemmPanels}) reads a transposed
 * operand in place, so {@code Aᵀ·B} and {@code A·Bᵀ} cost no copy beyond the packing every case does. A C
 * narrower than a tile (a classifier's few logits) is computed as {@code Cᵀ = op(B)ᵀ·op(A)ᵀ} into a scratch
 * array and copied into C transposed ({@link #narrowTransposed}).
 *
 * <p>The bits: the micro-kernel carries each element's sum from one k-slice into the next in its register
 * (it reloads the partial sum from C), so each element of C is one chain of fused multiply-adds over k in
 * ascending order starting from +0, exactly as {@link GemmKernel} specifies: the same bits for every
 * blocking, thread count, split and vector width, and the same as {@link ScalarGemm}.
 *
 * <p>This class links against the incubator module; {@link Kernels} loads it reflectively and falls back to
 * {@link ScalarGemm} when the module is missing or incompatible.
 */
final class VectorGemm implements GemmKernel {

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    /**
     * Whether a large enough GEMM is split into one stripe of C per thread, each packing its own operands (the
     * default), rather than into row blocks with B packed once by the caller; {@code -Dadjoint.gemm.split=rows}
     * restores the latter, for benchmarking one against the other (the benchmark also flips this field
     * reflectively between rounds, to time both in one JVM).
     */
    static volatile boolean stripes = !"rows".equals(System.getProperty("adjoint.gemm.split"));

    /**
     * The arithmetic intensity of a tile against C (flops per byte of C it writes) up to which the macro-kernel walks
     * C's tiles row panel by row panel (each C row written left to right, a stream the hardware prefetches) instead
     * of in BLIS order (down each column panel, a B micro-panel kept in L1 across the row panels). A tile does
     * {@code 2·kcs} flops per element of C; with a k-slice that short its stores cost as much as its arithmetic, and
     * when C is fresh from memory (an output just allocated) the column order reaches each row's line at the stride
     * of a whole row, one page per row, which no prefetcher follows. Measured with -XX:UseAVX=2, one thread, C fresh
     * from memory: a 1,792 × 28 × 512 float64 product (7 flops per byte) 3.0 → 1.6 ms, and 0.45 → 0.24 ms per
     * 256-row block inside the LSTM step (with the biased product's 1 MB blocks of then); k = 64 (16 flops per byte)
     * 3.6 → 3.2 ms; float32 at k = 28 (14) 1.15 → 1.02 ms for 1,792 rows and level for 448; float32 at k = 64 (32)
     * slower (0.47 → 0.49 ms), and with C in cache the BLIS order is 5-10 % faster at every k. So only a first
     * slice (C written, not loaded) takes the row order: a short later slice (the last of a k that does not split
     * evenly, e.g. k = 129 at KC 128) finds C just written by the slice before.
     */
    static final int ROWS_OUTER_MAX_FLOPS_PER_C_BYTE = 16;

    /** The largest C ({@code m·n} elements) computed transposed by {@link #narrowTransposed}: 256 KB of float64. */
    static final int NARROW_SCRATCH = 1 << 15;

    /**
     * Whether a k-slice of {@code kcs} on elements of {@code bytes} walks C row panel by row panel: a first slice
     * ({@code load} false) of at most {@link #ROWS_OUTER_MAX_FLOPS_PER_C_BYTE} flops per byte of C.
     */
    static boolean rowsOuter(int kcs, int bytes, boolean load) {
        return !load && 2 * kcs <= ROWS_OUTER_MAX_FLOPS_PER_C_BYTE * bytes;
    }

    private final GemmBlocking blocking;
    /** The packing of A's and B's blocks into the micro-kernels' panels. */
    private final GemmPanels packing;
    private final int tile;
    private final int mr;
    private final int nrF;
    private final int nrD;
    private final int kc;
    private final int mcMax;
    private final int ncF;
    private final int ncD;
    /** A tile of +0, the start of every sum (read by the micro-kernels, never written). */
    private final float[] zeroF;
    private final double[] zeroD;
    private final ThreadLocal<float[]> aF;
    private final ThreadLocal<float[]> bF;
    private final ThreadLocal<float[]> tF;
    private final ThreadLocal<double[]> aD;
    private final ThreadLocal<double[]> bD;
    private final ThreadLocal<double[]> tD;
    /** The scratch Cᵀ of {@link #narrowTransposed} products, {@link #NARROW_SCRATCH} elements per thread. */
    private final ThreadLocal<float[]> narrowF = ThreadLocal.withInitial(() -> new float[NARROW_SCRATCH]);
    private final ThreadLocal<double[]> narrowD = ThreadLocal.withInitial(() -> new double[NARROW_SCRATCH]);

    /** The GEMM blocked for this CPU's vector registers ({@link GemmBlocking#choose}). */
    VectorGemm() {
        this(GemmBlocking.choose(FS.vectorBitSize()));
    }

    /** The GEMM with a given blocking (tests and benchmarks force each candidate this way). */
    VectorGemm(GemmBlocking blocking) {
        this(blocking, GemmPanels.GROUPED_PACKING_MIN_PANELS);
    }

    /**
     * The GEMM with a given blocking, packing B in row groups above {@code groupedPackingMinPanels} panels per row
     * (tests reach the grouped packing with a small bound on every vector width).
     */
    VectorGemm(GemmBlocking blocking, int groupedPackingMinPanels) {
        this(blocking, groupedPackingMinPanels, GemmPanels.GATHERS);
    }

    /**
     * The GEMM with a given blocking and grouping bound, packing transposed operands with gathers or not (tests
     * reach the element-by-element packing of CPUs without gathers this way).
     */
    VectorGemm(GemmBlocking blocking, int groupedPackingMinPanels, boolean gathers) {
        this.blocking = blocking;
        this.packing = new GemmPanels(blocking, groupedPackingMinPanels, gathers);
        tile = tileIndex(blocking);
        if (tile < 0) {
            throw new IllegalArgumentException("VectorGemm: no micro-kernel for the tile " + blocking.tile());
        }
        mr = blocking.rows();
        nrF = blocking.vectors() * FS.length();
        nrD = blocking.vectors() * DS.length();
        kc = blocking.kc();
        mcMax = blocking.mc();
        ncF = roundUp(blocking.nc(), nrF);
        ncD = roundUp(blocking.nc() / 2, nrD);
        zeroF = new float[mr * nrF];
        zeroD = new double[mr * nrD];
        aF = ThreadLocal.withInitial(() -> new float[mcMax * kc]);
        bF = ThreadLocal.withInitial(() -> new float[ncF * kc]);
        tF = ThreadLocal.withInitial(() -> new float[mr * nrF]);
        aD = ThreadLocal.withInitial(() -> new double[mcMax * kc]);
        bD = ThreadLocal.withInitial(() -> new double[ncD * kc]);
        tD = ThreadLocal.withInitial(() -> new double[mr * nrD]);
    }

    /** The position of the blocking's register tile among {@link GemmBlocking#candidates()}, or -1. */
    private static int tileIndex(GemmBlocking blocking) {
        java.util.List<GemmBlocking> candidates = GemmBlocking.candidates();
        for (int i = 0; i < candidates.size(); i++) {
            if (candidates.get(i).tile().equals(blocking.tile())) {
                return i;
            }
        }
        return -1;
    }

    /** The blocking in use. */
    GemmBlocking blocking() {
        return blocking;
    }

    @Override
    public int tileRows() {
        return mr;
    }

    @Override
    public int tileColumns(boolean f32) {
        return f32 ? nrF : nrD;
    }

    @Override
    public String description() {
        return "Vector API GEMM, " + FS.vectorBitSize() + "-bit vectors (" + FS.length() + " floats, " + DS.length()
                + " doubles), " + blocking.tile() + "-vector tile (" + mr + "x" + nrF + " floats, " + mr + "x" + nrD
                + " doubles, " + blocking.registers() + " of " + GemmBlocking.registerFile(FS.vectorBitSize(),
                        System.getProperty("os.arch", "")) + " registers), KC " + kc + ", MC " + mcMax + ", NC " + ncF
                + "/" + ncD + (packing.gathers() ? ", transposed operands packed by gathers" : "");
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }

    /**
     * The k-slice for an inner dimension k: at most KC, the slices as even as a ceiling division makes them (k = 784
     * with KC 256 is 4 slices of 196, not 3 of 256 and one of 16, whose C tile loads and stores would cost as much
     * as its arithmetic; the last slice can still be short, e.g. k = 129 at KC 128 is 65 + 64).
     */
    private int kSlice(int k) {
        int slices = (k + kc - 1) / kc;
        return (k + slices - 1) / slices;
    }

    /**
     * Whether an {@code m × n} product is computed as its transpose {@code Cᵀ = op(B)ᵀ·op(A)ᵀ} into a scratch
     * array and then transposed into C: when C is narrower than a tile ({@code n < nr}), fits the scratch
     * ({@link #NARROW_SCRATCH} elements), and the transposed problem, whose narrow side then runs along the tile's
     * MR rows, pads to at most 2/3 of the tiles' work. A classifier head is the case: 128 × 10 logits with
     * AVX-512's 6 × 64-float tile compute 132 × 64 elements for 128 × 10 (15 % of them used); transposed,
     * 12 × 128 (83 %). Each element is the same chain of fused multiply-adds over k (fma(a, b, s) = fma(b, a, s)),
     * so the bits do not change. Measured inside an MLP training step (784-256-128-10, batch 128, float32, one
     * thread, AVX-512): the two products with n = 10 took 0.053 ms of the 1.39 ms step at 12 GFLOP/s; the step
     * side by side, new over old, 1.01-1.03. A product whose B is held ({@link HeldOperands}) is not transposed:
     * its packed copy of B is kept only on the plain path.
     */
    static boolean narrowTransposed(int m, int n, int mr, int nr) {
        if (n >= nr || (long) m * n > NARROW_SCRATCH) {
            return false;
        }
        long padded = (long) roundUp(m, mr) * roundUp(n, nr);
        long transposed = (long) roundUp(n, mr) * roundUp(m, nr);
        return 3 * transposed <= 2 * padded;
    }

    /** Rows per task: MC, or fewer so that every thread gets a block when m is small. */
    private int rowBlock(int m, long work) {
        if (work < Kernels.PARALLEL_GEMM_WORK || Parallel.threads() == 1) {
            return mcMax;
        }
        int perThread = (m + Parallel.threads() - 1) / Parallel.threads();
        return Math.max(mr, Math.min(mcMax, roundUp(perThread, mr)));
    }

    // ------------------------------------------------------------------------------------------- float32

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int ao, float[] b, int bo,
            float[] c, int co) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            java.util.Arrays.fill(c, co, co + m * n, 0f);
            return;
        }
        if (narrowTransposed(m, n, mr, nrF) && !HeldOperands.held(b)) {
            // Cᵀ = op(B)ᵀ·op(A)ᵀ: the same products in the same order (fma is symmetric in its factors)
            float[] t = narrowF.get();
            gemm(!transB, !transA, n, m, k, b, bo, a, ao, t, 0);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    c[co + i * n + j] = t[j * m + i];
                }
            }
            return;
        }
        long work = (long) m * n * k;
        boolean parallel = work >= Kernels.PARALLEL_GEMM_WORK;
        int panels = (n + nrF - 1) / nrF;
        int threads = Parallel.threads();
        int rowPanels = (m + mr - 1) / mr;
        if (parallel && threads > 1 && stripes) {
            // one parallel section: each task owns a stripe of C and packs its own A and B; nobody waits for a
            // shared packing. The stripe runs along the longer side of C, so that the operand every task packs
            // whole (A for column stripes, B for row stripes) is the smaller one (see the class comment).
            if (m < n && panels >= threads) {
                Parallel.forEach(threads, t -> block(transA, transB, m, n, k, a, ao, b, bo, c, co, 0, m,
                        panels * t / threads * nrF, Math.min(n, panels * (t + 1) / threads * nrF)));
                return;
            }
            if (rowPanels >= threads) {
                Parallel.forEach(threads, t -> block(transA, transB, m, n, k, a, ao, b, bo, c, co,
                        rowPanels * t / threads * mr, Math.min(m, rowPanels * (t + 1) / threads * mr), 0, n));
                return;
            }
        }
        int mc = rowBlock(m, work);
        int tasks = (m + mc - 1) / mc;
        float[] bp = bF.get();
        for (int jc = 0; jc < n; jc += ncF) {
            int nc = Math.min(ncF, n - jc);
            int ks = kSlice(k);
            for (int pc = 0; pc < k; pc += ks) {
                int kcs = Math.min(ks, k - pc);
                float[] bpk = packedB(transB, b, bo, k, n, pc, kcs, jc, nc, bp);
                int jcF = jc;
                int pcF = pc;
                java.util.function.IntConsumer task = t -> {
                    int ic = t * mc;
                    int rows = Math.min(mc, m - ic);
                    float[] ap = aF.get();
                    packing.packA(transA, a, ao, m, k, ic, rows, pcF, kcs, ap);
                    macro(kcs, ap, rows, bpk, nc, c, co + ic * n + jcF, n, pcF > 0, tF.get());
                };
                if (parallel) {
                    Parallel.forEach(tasks, task);
                } else {
                    for (int t = 0; t < tasks; t++) {
                        task.accept(t);
                    }
                }
            }
        }
    }

    @Override
    public void gemm(RowPanels a, int m, int n, int k, float[] b, int bo, float[] c, int co, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            for (int i = 0; i < m; i++) {
                java.util.Arrays.fill(c, co + i * ldc, co + i * ldc + n, 0f);
            }
            return;
        }
        float[] bp = bF.get();
        float[] ap = aF.get();
        float[] tmp = tF.get();
        int ks = kSlice(k);
        for (int jc = 0; jc < n; jc += ncF) {
            int nc = Math.min(ncF, n - jc);
            for (int pc = 0; pc < k; pc += ks) {
                int kcs = Math.min(ks, k - pc);
                float[] bpk = packedB(false, b, bo, k, n, pc, kcs, jc, nc, bp);
                for (int ic = 0; ic < m; ic += mcMax) {
                    int rows = Math.min(mcMax, m - ic);
                    a.pack(ic, rows, pc, kcs, ap, mr);
                    macro(kcs, ap, rows, bpk, nc, c, co + ic * ldc + jc, ldc, pc > 0, tmp);
                }
            }
        }
    }

    /** The block {@code [i0, i1) × [j0, j1)} of C on the calling thread with its own packing buffers. */
    private void block(boolean transA, boolean transB, int m, int n, int k, float[] a, int ao, float[] b, int bo,
            float[] c, int co, int i0, int i1, int j0, int j1) {
        float[] bp = bF.get();
        float[] ap = aF.get();
        float[] tmp = tF.get();
        for (int jc = j0; jc < j1; jc += ncF) {
            int nc = Math.min(ncF, j1 - jc);
            int ks = kSlice(k);
            for (int pc = 0; pc < k; pc += ks) {
                int kcs = Math.min(ks, k - pc);
                float[] bpk = packedB(transB, b, bo, k, n, pc, kcs, jc, nc, bp);
                for (int ic = i0; ic < i1; ic += mcMax) {
                    int rows = Math.min(mcMax, i1 - ic);
                    packing.packA(transA, a, ao, m, k, ic, rows, pc, kcs, ap);
                    macro(kcs, ap, rows, bpk, nc, c, co + ic * n + jc, n, pc > 0, tmp);
                }
            }
        }
    }

    /**
     * The packed {@code rows × kcs} block of A times the packed {@code kcs × nc} block of B into C at
     * {@code cOff} (row stride {@code ldc}), tile by tile, continuing the sums in C when {@code load}: down each
     * column panel (BLIS order), or along each row panel when the k-slice is short ({@link #rowsOuter}).
     */
    private void macro(int kcs, float[] ap, int rows, float[] bp, int nc, float[] c, int cOff, int ldc,
            boolean load, float[] tmp) {
        int fullRows = rows / mr * mr;
        int fullCols = nc / nrF * nrF;
        if (rowsOuter(kcs, Float.BYTES, load)) {
            for (int ir = 0; ir < rows; ir += mr) {
                for (int jr = 0; jr < nc; jr += nrF) {
                    int at = cOff + ir * ldc + jr;
                    if (ir < fullRows && jr < fullCols) {
                        micro(kcs, ap, ir * kcs, bp, jr * kcs, load ? c : zeroF, load ? at : 0, load ? ldc : nrF,
                                c, at, ldc);
                    } else {
                        edgeTile(kcs, ap, rows, bp, nc, c, cOff, ldc, load, tmp, ir, jr);
                    }
                }
            }
            return;
        }
        for (int jr = 0; jr < nc; jr += nrF) {
            for (int ir = 0; ir < rows; ir += mr) {
                int at = cOff + ir * ldc + jr;
                if (ir < fullRows && jr < fullCols) {
                    micro(kcs, ap, ir * kcs, bp, jr * kcs, load ? c : zeroF, load ? at : 0, load ? ldc : nrF,
                            c, at, ldc);
                } else {
                    edgeTile(kcs, ap, rows, bp, nc, c, cOff, ldc, load, tmp, ir, jr);
                }
            }
        }
    }

    /**
     * The edge tile of C at row {@code ir} and column {@code jr} of the block, through a full-size scratch tile
     * {@code tmp}: its padding lanes are computed and dropped. (Full tiles go to the micro-kernel from the loops
     * themselves: with one more call between them, the float32 LSTM step read 1-3 % slower.)
     */
    private void edgeTile(int kcs, float[] ap, int rows, float[] bp, int nc, float[] c, int cOff, int ldc,
            boolean load, float[] tmp, int ir, int jr) {
        int tileCols = Math.min(nrF, nc - jr);
        int tileRows = Math.min(mr, rows - ir);
        int at = cOff + ir * ldc + jr;
        if (load) {
            for (int r = 0; r < tileRows; r++) {
                System.arraycopy(c, at + r * ldc, tmp, r * nrF, tileCols);
            }
        }
        micro(kcs, ap, ir * kcs, bp, jr * kcs, load ? tmp : zeroF, 0, nrF, tmp, 0, nrF);
        for (int r = 0; r < tileRows; r++) {
            System.arraycopy(tmp, r * nrF, c, at + r * ldc, tileCols);
        }
    }

    /** The micro-kernel of this blocking's tile: the tile starts from {@code s} and is written to {@code c}. */
    private void micro(int kcs, float[] ap, int aOff, float[] bp, int bOff, float[] s, int sOff, int sld, float[] c,
            int cOff, int ldc) {
        switch (tile) {
            case 0 -> FloatMicroKernels.tile6x4(kcs, ap, aOff, bp, bOff, s, sOff, sld, c, cOff, ldc);
            default -> FloatMicroKernels.tile6x2(kcs, ap, aOff, bp, bOff, s, sOff, sld, c, cOff, ldc);
        }
    }

    /**
     * op(B)'s block packed into {@code bp}, or, when B is held ({@link HeldOperands}), its packed copy kept from
     * an earlier product.
     */
    private float[] packedB(boolean trans, float[] b, int bo, int k, int n, int pc, int kcs, int jc, int nc,
            float[] bp) {
        if (!HeldOperands.held(b)) {
            packing.packB(trans, b, bo, k, n, pc, kcs, jc, nc, bp);
            return bp;
        }
        return (float[]) HeldOperands.packed(new HeldOperands.Key(b, bo, trans, k, n, pc, kcs, jc, nc, nrF), () -> {
            float[] packed = new float[kcs * roundUp(nc, nrF)];
            packing.packB(trans, b, bo, k, n, pc, kcs, jc, nc, packed);
            return packed;
        });
    }

    // ------------------------------------------------------------------------------------------- float64

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, double[] a, int ao, double[] b, int bo,
            double[] c, int co) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            java.util.Arrays.fill(c, co, co + m * n, 0.0);
            return;
        }
        if (narrowTransposed(m, n, mr, nrD) && !HeldOperands.held(b)) {
            // Cᵀ = op(B)ᵀ·op(A)ᵀ: the same products in the same order (fma is symmetric in its factors)
            double[] t = narrowD.get();
            gemm(!transB, !transA, n, m, k, b, bo, a, ao, t, 0);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    c[co + i * n + j] = t[j * m + i];
                }
            }
            return;
        }
        long work = (long) m * n * k;
        boolean parallel = work >= Kernels.PARALLEL_GEMM_WORK;
        int panels = (n + nrD - 1) / nrD;
        int threads = Parallel.threads();
        int rowPanels = (m + mr - 1) / mr;
        if (parallel && threads > 1 && stripes) {
            // one parallel section: each task owns a stripe of C and packs its own A and B; nobody waits for a
            // shared packing. The stripe runs along the longer side of C, so that the operand every task packs
            // whole (A for column stripes, B for row stripes) is the smaller one (see the class comment).
            if (m < n && panels >= threads) {
                Parallel.forEach(threads, t -> block(transA, transB, m, n, k, a, ao, b, bo, c, co, 0, m,
                        panels * t / threads * nrD, Math.min(n, panels * (t + 1) / threads * nrD)));
                return;
            }
            if (rowPanels >= threads) {
                Parallel.forEach(threads, t -> block(transA, transB, m, n, k, a, ao, b, bo, c, co,
                        rowPanels * t / threads * mr, Math.min(m, rowPanels * (t + 1) / threads * mr), 0, n));
                return;
            }
        }
        int mc = rowBlock(m, work);
        int tasks = (m + mc - 1) / mc;
        double[] bp = bD.get();
        for (int jc = 0; jc < n; jc += ncD) {
            int nc = Math.min(ncD, n - jc);
            int ks = kSlice(k);
            for (int pc = 0; pc < k; pc += ks) {
                int kcs = Math.min(ks, k - pc);
                double[] bpk = packedB(transB, b, bo, k, n, pc, kcs, jc, nc, bp);
                int jcF = jc;
                int pcF = pc;
                java.util.function.IntConsumer task = t -> {
                    int ic = t * mc;
                    int rows = Math.min(mc, m - ic);
                    double[] ap = aD.get();
                    packing.packA(transA, a, ao, m, k, ic, rows, pcF, kcs, ap);
                    macro(kcs, ap, rows, bpk, nc, c, co + ic * n + jcF, n, pcF > 0, tD.get());
                };
                if (parallel) {
                    Parallel.forEach(tasks, task);
                } else {
                    for (int t = 0; t < tasks; t++) {
                        task.accept(t);
                    }
                }
            }
        }
    }

    @Override
    public void gemm(RowPanels a, int m, int n, int k, double[] b, int bo, double[] c, int co, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            for (int i = 0; i < m; i++) {
                java.util.Arrays.fill(c, co + i * ldc, co + i * ldc + n, 0.0);
            }
            return;
        }
        double[] bp = bD.get();
        double[] ap = aD.get();
        double[] tmp = tD.get();
        int ks = kSlice(k);
        for (int jc = 0; jc < n; jc += ncD) {
            int nc = Math.min(ncD, n - jc);
            for (int pc = 0; pc < k; pc += ks) {
                int kcs = Math.min(ks, k - pc);
                double[] bpk = packedB(false, b, bo, k, n, pc, kcs, jc, nc, bp);
                for (int ic = 0; ic < m; ic += mcMax) {
                    int rows = Math.min(mcMax, m - ic);
                    a.pack(ic, rows, pc, kcs, ap, mr);
                    macro(kcs, ap, rows, bpk, nc, c, co + ic * ldc + jc, ldc, pc > 0, tmp);
                }
            }
        }
    }

    /** The block {@code [i0, i1) × [j0, j1)} of C on the calling thread with its own packing buffers. */
    private void block(boolean transA, boolean transB, int m, int n, int k, double[] a, int ao, double[] b, int bo,
            double[] c, int co, int i0, int i1, int j0, int j1) {
        double[] bp = bD.get();
        double[] ap = aD.get();
        double[] tmp = tD.get();
        for (int jc = j0; jc < j1; jc += ncD) {
            int nc = Math.min(ncD, j1 - jc);
            int ks = kSlice(k);
            for (int pc = 0; pc < k; pc += ks) {
                int kcs = Math.min(ks, k - pc);
                double[] bpk = packedB(transB, b, bo, k, n, pc, kcs, jc, nc, bp);
                for (int ic = i0; ic < i1; ic += mcMax) {
                    int rows = Math.min(mcMax, i1 - ic);
                    packing.packA(transA, a, ao, m, k, ic, rows, pc, kcs, ap);
                    macro(kcs, ap, rows, bpk, nc, c, co + ic * n + jc, n, pc > 0, tmp);
                }
            }
        }
    }

    /**
     * The packed {@code rows × kcs} block of A times the packed {@code kcs × nc} block of B into C at
     * {@code cOff} (row stride {@code ldc}), tile by tile, continuing the sums in C when {@code load}: down each
     * column panel (BLIS order), or along each row panel when the k-slice is short ({@link #rowsOuter}).
     */
    private void macro(int kcs, double[] ap, int rows, double[] bp, int nc, double[] c, int cOff, int ldc,
            boolean load, double[] tmp) {
        int fullRows = rows / mr * mr;
        int fullCols = nc / nrD * nrD;
        if (rowsOuter(kcs, Double.BYTES, load)) {
            for (int ir = 0; ir < rows; ir += mr) {
                for (int jr = 0; jr < nc; jr += nrD) {
                    int at = cOff + ir * ldc + jr;
                    if (ir < fullRows && jr < fullCols) {
                        micro(kcs, ap, ir * kcs, bp, jr * kcs, load ? c : zeroD, load ? at : 0, load ? ldc : nrD,
                                c, at, ldc);
                    } else {
                        edgeTile(kcs, ap, rows, bp, nc, c, cOff, ldc, load, tmp, ir, jr);
                    }
                }
            }
            return;
        }
        for (int jr = 0; jr < nc; jr += nrD) {
            for (int ir = 0; ir < rows; ir += mr) {
                int at = cOff + ir * ldc + jr;
                if (ir < fullRows && jr < fullCols) {
                    micro(kcs, ap, ir * kcs, bp, jr * kcs, load ? c : zeroD, load ? at : 0, load ? ldc : nrD,
                            c, at, ldc);
                } else {
                    edgeTile(kcs, ap, rows, bp, nc, c, cOff, ldc, load, tmp, ir, jr);
                }
            }
        }
    }

    /**
     * The edge tile of C at row {@code ir} and column {@code jr} of the block, through a full-size scratch tile
     * {@code tmp}: its padding lanes are computed and dropped. (Full tiles go to the micro-kernel from the loops
     * themselves: with one more call between them, the float32 LSTM step read 1-3 % slower.)
     */
    private void edgeTile(int kcs, double[] ap, int rows, double[] bp, int nc, double[] c, int cOff, int ldc,
            boolean load, double[] tmp, int ir, int jr) {
        int tileCols = Math.min(nrD, nc - jr);
        int tileRows = Math.min(mr, rows - ir);
        int at = cOff + ir * ldc + jr;
        if (load) {
            for (int r = 0; r < tileRows; r++) {
                System.arraycopy(c, at + r * ldc, tmp, r * nrD, tileCols);
            }
        }
        micro(kcs, ap, ir * kcs, bp, jr * kcs, load ? tmp : zeroD, 0, nrD, tmp, 0, nrD);
        for (int r = 0; r < tileRows; r++) {
            System.arraycopy(tmp, r * nrD, c, at + r * ldc, tileCols);
        }
    }

    /** The micro-kernel of this blocking's tile: the tile starts from {@code s} and is written to {@code c}. */
    private void micro(int kcs, double[] ap, int aOff, double[] bp, int bOff, double[] s, int sOff, int sld, double[] c,
            int cOff, int ldc) {
        switch (tile) {
            case 0 -> DoubleMicroKernels.tile6x4(kcs, ap, aOff, bp, bOff, s, sOff, sld, c, cOff, ldc);
            default -> DoubleMicroKernels.tile6x2(kcs, ap, aOff, bp, bOff, s, sOff, sld, c, cOff, ldc);
        }
    }

    /**
     * op(B)'s block packed into {@code bp}, or, when B is held ({@link HeldOperands}), its packed copy kept from
     * an earlier product.
     */
    private double[] packedB(boolean trans, double[] b, int bo, int k, int n, int pc, int kcs, int jc, int nc,
            double[] bp) {
        if (!HeldOperands.held(b)) {
            packing.packB(trans, b, bo, k, n, pc, kcs, jc, nc, bp);
            return bp;
        }
        return (double[]) HeldOperands.packed(new HeldOperands.Key(b, bo, trans, k, n, pc, kcs, jc, nc, nrD), () -> {
            double[] packed = new double[kcs * roundUp(nc, nrD)];
            packing.packB(trans, b, bo, k, n, pc, kcs, jc, nc, packed);
            return packed;
        });
    }
}
