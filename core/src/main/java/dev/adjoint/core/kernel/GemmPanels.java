package dev.adjoint.core.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The packing of {@link VectorGemm}: blocks of op(A) and op(B) copied into the contiguous panels its micro-kernels
 * stream, after Goto and van de Geijn (2008).
 * <pre>
 *   A's block  rows × kcs  →  row panels of MR:    ap[ir·kcs + p·MR + r]  = op(A)[ic + ir + r, pc + p]
 *   B's block  kcs × nc    →  column panels of NR: bp[jr·kcs + p·NR + j] = op(B)[pc + p, jc + jr + j]
 * </pre>
 * Rows and columns past the matrix's edge are +0, so every panel is whole. A transposed operand is read in place
 * (a row of the stored Aᵀ holds the block's rows side by side; a row of the stored Bᵀ is a column of op(B)), so no
 * transposed copy is made. Packing copies values and never rounds: the bits of a product do not depend on it.
 *
 * <p>Where the time goes: on a CPU with two 512-bit FMA units the micro-kernel runs near 160 GFLOP/s (float32)
 * on cache-resident panels, so packing is no longer small beside it: in the MLP's products (m, n or k of 128 to
 * 784) it took 10-30 % of a product before the changes measured at packA and at {@link #GATHERS}. The
 * copies are therefore written for the direction the panels are laid out in: a panel's elements in the order
 * the micro-kernel reads them, whole vectors where the source allows.
 */
final class GemmPanels {

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    /**
     * Rows of B copied per group by {@link #packRowGroupsOfB}, used when a row of the block spans more than
     * {@link #GROUPED_PACKING_MIN_PANELS} full panels: each panel then receives the group's rows as one contiguous
     * run (up to {@code 8 · NR} elements), the group's rows read side by side. Packing one row at a time writes one
     * {@code NR}-element piece into every panel per row, the panels {@code kcs · NR} elements apart (16 KB for
     * float64 on 256-bit vectors at KC 256): for a float64 B of 512 columns on 256-bit vectors (64 panels per
     * row), fresh from memory (the stacked cotangent of an LSTM's weight gradient), that took 2.9 ms against
     * 0.95 ms in groups of eight. With 32 panels per row (the same B in float32) grouping was slower (0.95 against
     * 0.69 ms per product), so narrower rows keep the row-at-a-time order. (Measured inside the training step, one
     * thread, -XX:UseAVX=2, on a Xeon with 2 MB of L2 per core; a plausible cause is the number of pages one row's
     * writes touch against the data TLB, which was not measured.) With the 6 × 4 tile on 512-bit vectors a column
     * block holds at most 16 panels (NC), so there the grouped packing does not run with this bound.
     */
    static final int PACK_ROW_GROUP = 8;

    /** The full panels per row of B above which {@link #packRowsOfB} packs {@link #PACK_ROW_GROUP} rows at a time. */
    static final int GROUPED_PACKING_MIN_PANELS = 32;

    /**
     * Whether transposed float32 operands are packed with gathers: when integer vectors are 256 bits or wider (x86
     * AVX2 and AVX-512, which have gather instructions; AVX without AVX2 has 256-bit float vectors but 128-bit
     * integer ones and no gathers, and 128-bit NEON has none: there a gather would run as a loop of single loads).
     * A transposed B's panel written one column at a time stores one element per cache line (a panel's row is NR
     * elements long); gathered, a whole vector at a time. One thread, float32, one JVM each way: packing a
     * 784 × 256 Bᵀ block took 165 µs by columns against 69 gathered on AVX-512, 110 against 57 with
     * -XX:UseAVX=2; the 128 × 784 × 256 product with it 547 → 455 µs and 692 → 625. Float64 keeps the
     * element-by-element packing: gathers of doubles alone were faster too (128 × 784 × 256 at 47 → 53
     * GFLOP/s), but on JDK 17 a JVM that gathered both floats and doubles compiled neither gather as an intrinsic
     * ("missing constant" in -XX:+PrintIntrinsics) and both products ran at half speed (JDK 25 did not). What
     * matters is the gathers' index vectors having two shapes in one JVM (16 int lanes for floats, 8 for doubles
     * on AVX-512); a likely mechanism, not verified in the JDK's code: the index species is looked up from the
     * shape through a switch, a constant for the JIT only while its profile has seen one case. Gathering floats
     * 8 at a time (the doubles' index shape) made both fast again in a scratch build, but any other code in the
     * JVM gathering with another shape brings the slowdown back (two builds of this library side by side in one
     * JVM read 0.62-0.82 on the MLP rows), so float64 is left out rather than made to depend on that.
     */
    static final boolean GATHERS = IntVector.SPECIES_PREFERRED.vectorBitSize() >= 256;

    private final int mr;
    private final int nrF;
    private final int nrD;
    /** {@link #GROUPED_PACKING_MIN_PANELS}, or a smaller bound a test sets to reach the grouped packing. */
    private final int groupedPackingMinPanels;
    /** {@link #GATHERS}, or false where a test reaches the element-by-element packing of transposed operands. */
    private final boolean gathers;

    /** Panels of the blocking's register tile: MR rows of A, NR columns of B (per element type). */
    GemmPanels(GemmBlocking blocking, int groupedPackingMinPanels, boolean gathers) {
        this.mr = blocking.rows();
        this.nrF = blocking.vectors() * FS.length();
        this.nrD = blocking.vectors() * DS.length();
        this.groupedPackingMinPanels = groupedPackingMinPanels;
        this.gathers = gathers;
    }

    /** Whether transposed operands are packed with gathers ({@link #GATHERS} unless a test chose otherwise). */
    boolean gathers() {
        return gathers;
    }

    /**
     * Rows {@code [ic, ic + rows)} and columns {@code [pc, pc + kcs)} of op(A) ({@code m × k}; stored {@code k × m}
     * when {@code trans}) into row panels of MR in {@code ap}. A row-major A's panel of six rows is read six rows
     * side by side and written in order (one row at a time wrote every sixth element, six passes over the panel:
     * square n = 512 float32 products 124-132 against 137-139 GFLOP/s, one thread, AVX-512, the packing 0.21 →
     * 0.15 ms of 2.0). A transposed A's full six-row panels are gathered ({@link #GATHERS}), the rest copied from
     * the rows of the stored Aᵀ.
     */
    void packA(boolean trans, float[] a, int ao, int m, int k, int ic, int rows, int pc, int kcs,
            float[] ap) {
        if (trans) {
            int gathered = gathers && mr == 6 ? rows / 6 * 6 : 0;
            if (gathered > 0) {
                gatherTransposedPanels(a, ao, m, ic, gathered, pc, kcs, ap);
            }
            // a row of the stored Aᵀ holds the block's rows side by side: read it once, in order, into every
            // panel the gathers left (a partial last one, or all where there are no gathers)
            for (int p = 0; p < kcs; p++) {
                int src = ao + (pc + p) * m + ic;
                for (int ir = gathered; ir < rows; ir += mr) {
                    int dst = ir * kcs + p * mr;
                    int valid = Math.min(mr, rows - ir);
                    if (valid == 6 && mr == 6) {
                        ap[dst] = a[src + ir];
                        ap[dst + 1] = a[src + ir + 1];
                        ap[dst + 2] = a[src + ir + 2];
                        ap[dst + 3] = a[src + ir + 3];
                        ap[dst + 4] = a[src + ir + 4];
                        ap[dst + 5] = a[src + ir + 5];
                        continue;
                    }
                    for (int r = 0; r < mr; r++) {
                        ap[dst + r] = r < valid ? a[src + ir + r] : 0f;
                    }
                }
            }
            return;
        }
        for (int ir = 0; ir < rows; ir += mr) {
            int base = ir * kcs;
            int valid = Math.min(mr, rows - ir);
            if (valid == 6 && mr == 6) {
                // the panel's six rows read side by side, its columns written whole and in order
                int r0 = ao + (ic + ir) * k + pc;
                int r1 = r0 + k;
                int r2 = r1 + k;
                int r3 = r2 + k;
                int r4 = r3 + k;
                int r5 = r4 + k;
                for (int p = 0; p < kcs; p++) {
                    int dst = base + 6 * p;
                    ap[dst] = a[r0 + p];
                    ap[dst + 1] = a[r1 + p];
                    ap[dst + 2] = a[r2 + p];
                    ap[dst + 3] = a[r3 + p];
                    ap[dst + 4] = a[r4 + p];
                    ap[dst + 5] = a[r5 + p];
                }
                continue;
            }
            for (int r = 0; r < mr; r++) {
                int i = ic + ir + r;
                if (r >= valid) {
                    for (int p = 0, dst = base + r; p < kcs; p++, dst += mr) {
                        ap[dst] = 0f;
                    }
                } else {
                    int row = ao + i * k + pc;
                    for (int p = 0, dst = base + r; p < kcs; p++, dst += mr) {
                        ap[dst] = a[row + p];
                    }
                }
            }
        }
    }

    /**
     * Rows {@code [pc, pc + kcs)} and columns {@code [jc, jc + nc)} of op(B) ({@code k × n}; stored {@code n × k}
     * when {@code trans}) into column panels of NR in {@code bp}. A transposed B's full panels are gathered
     * ({@link #GATHERS}), a partial last one copied column by column.
     */
    void packB(boolean trans, float[] b, int bo, int k, int n, int pc, int kcs, int jc, int nc,
            float[] bp) {
        if (!trans) {
            packRowsOfB(b, bo, n, pc, kcs, jc, nc, bp);
            return;
        }
        int[] columns = gathers ? strided(FS.length(), k) : null;
        for (int jr = 0; jr < nc; jr += nrF) {
            int base = jr * kcs;
            int width = Math.min(nrF, nc - jr);
            int j0 = jc + jr;
            if (columns != null && width == nrF) {
                // each vector of a panel's row gathers its columns' elements, k apart in the stored Bᵀ
                for (int v = 0; v < nrF; v += FS.length()) {
                    int src = bo + (j0 + v) * k + pc;
                    for (int p = 0, dst = base + v; p < kcs; p++, dst += nrF) {
                        FloatVector.fromArray(FS, b, src + p, columns, 0).intoArray(bp, dst);
                    }
                }
                continue;
            }
            for (int col = 0; col < nrF; col++) {
                if (col < width) {
                    int src = bo + (j0 + col) * k + pc;
                    for (int p = 0; p < kcs; p++) {
                        bp[base + p * nrF + col] = b[src + p];
                    }
                } else {
                    for (int p = 0; p < kcs; p++) {
                        bp[base + p * nrF + col] = 0f;
                    }
                }
            }
        }
    }

    /**
     * The full six-row panels of a transposed A's block ({@code rows} a multiple of 6), gathered: a panel's
     * elements in packed order, {@code A[ic + ir + q mod 6, pc + p + q div 6]} for q = 0, 1, ..., lie at
     * {@code (q div 6)·m + q mod 6} from the panel's corner in the stored Aᵀ, a pattern that repeats every
     * {@code lcm(6, L) = 3L} elements (L lanes, a power of two; L/2 steps of k); three gathers per period. The
     * last steps of k that do not fill a period are copied six elements at a time. (Against the copy by rows of
     * Aᵀ, one thread, float32: packing a 784 × 128 Aᵀ block 74 → 48 µs and a 512 × 512 one 215 → 143 µs on
     * AVX-512; 74 → 58 and 254 → 191 µs with -XX:UseAVX=2.)
     */
    private void gatherTransposedPanels(float[] a, int ao, int m, int ic, int rows, int pc, int kcs, float[] ap) {
        int lanes = FS.length();
        int steps = lanes / 2;
        int[] period = transposedPanelPeriod(lanes, m);
        for (int ir = 0; ir < rows; ir += 6) {
            int corner = ao + pc * m + ic + ir;
            int dst = ir * kcs;
            int p = 0;
            for (; p + steps <= kcs; p += steps) {
                int src = corner + p * m;
                int at = dst + 6 * p;
                FloatVector.fromArray(FS, a, src, period, 0).intoArray(ap, at);
                FloatVector.fromArray(FS, a, src, period, lanes).intoArray(ap, at + lanes);
                FloatVector.fromArray(FS, a, src, period, 2 * lanes).intoArray(ap, at + 2 * lanes);
            }
            for (; p < kcs; p++) {
                System.arraycopy(a, corner + p * m, ap, dst + 6 * p, 6);
            }
        }
    }

    /** One period of a six-row panel's offsets in a stored Aᵀ of row length m: {@code (q div 6)·m + q mod 6}. */
    private static int[] transposedPanelPeriod(int lanes, int m) {
        int[] period = new int[3 * lanes];
        for (int q = 0; q < period.length; q++) {
            period[q] = q / 6 * m + q % 6;
        }
        return period;
    }

    /** {@code 0, stride, 2·stride, ...}: the offsets of {@code lanes} elements {@code stride} apart. */
    private static int[] strided(int lanes, int stride) {
        int[] offsets = new int[lanes];
        for (int i = 0; i < lanes; i++) {
            offsets[i] = i * stride;
        }
        return offsets;
    }

    /**
     * A row-major B's block into panels, row by row of B (or, when a row spans many panels, by groups of rows,
     * {@link #packRowGroupsOfB}): each row is read once, in order, and cut into the panels; full panels are copied
     * as whole vectors, the last partial one is zero-padded.
     */
    private void packRowsOfB(float[] b, int bo, int n, int pc, int kcs, int jc, int nc, float[] bp) {
        int full = nc / nrF * nrF;
        if (full / nrF > groupedPackingMinPanels) {
            packRowGroupsOfB(b, bo, n, pc, kcs, jc, nc, bp);
            return;
        }
        for (int p = 0; p < kcs; p++) {
            int src = bo + (pc + p) * n + jc;
            for (int jr = 0, dst = p * nrF; jr < full; jr += nrF, dst += kcs * nrF) {
                for (int v = 0; v < nrF; v += FS.length()) {
                    FloatVector.fromArray(FS, b, src + jr + v).intoArray(bp, dst + v);
                }
            }
            if (full < nc) {
                int dst = full * kcs + p * nrF;
                System.arraycopy(b, src + full, bp, dst, nc - full);
                java.util.Arrays.fill(bp, dst + nc - full, dst + nrF, 0f);
            }
        }
    }

    /** {@link #packRowsOfB} for rows that span many panels: {@link #PACK_ROW_GROUP} rows of B at a time. */
    private void packRowGroupsOfB(float[] b, int bo, int n, int pc, int kcs, int jc, int nc, float[] bp) {
        int full = nc / nrF * nrF;
        for (int p0 = 0; p0 < kcs; p0 += PACK_ROW_GROUP) {
            int rowsInGroup = Math.min(PACK_ROW_GROUP, kcs - p0);
            int first = bo + (pc + p0) * n + jc;
            for (int jr = 0; jr < full; jr += nrF) {
                for (int q = 0, src = first + jr, dst = jr * kcs + p0 * nrF; q < rowsInGroup;
                        q++, src += n, dst += nrF) {
                    for (int v = 0; v < nrF; v += FS.length()) {
                        FloatVector.fromArray(FS, b, src + v).intoArray(bp, dst + v);
                    }
                }
            }
            if (full < nc) {
                for (int q = 0, src = first + full, dst = full * kcs + p0 * nrF; q < rowsInGroup;
                        q++, src += n, dst += nrF) {
                    System.arraycopy(b, src, bp, dst, nc - full);
                    java.util.Arrays.fill(bp, dst + nc - full, dst + nrF, 0f);
                }
            }
        }
    }

    /** {@link #packA(boolean, float[], int, int, int, int, int, int, int, float[])} for doubles. */
    void packA(boolean trans, double[] a, int ao, int m, int k, int ic, int rows, int pc, int kcs,
            double[] ap) {
        if (trans) {
            // a row of the stored Aᵀ holds the block's rows side by side: read it once, in order, into every panel
            for (int p = 0; p < kcs; p++) {
                int src = ao + (pc + p) * m + ic;
                for (int ir = 0; ir < rows; ir += mr) {
                    int dst = ir * kcs + p * mr;
                    int valid = Math.min(mr, rows - ir);
                    if (valid == 6 && mr == 6) {
                        ap[dst] = a[src + ir];
                        ap[dst + 1] = a[src + ir + 1];
                        ap[dst + 2] = a[src + ir + 2];
                        ap[dst + 3] = a[src + ir + 3];
                        ap[dst + 4] = a[src + ir + 4];
                        ap[dst + 5] = a[src + ir + 5];
                        continue;
                    }
                    for (int r = 0; r < mr; r++) {
                        ap[dst + r] = r < valid ? a[src + ir + r] : 0.0;
                    }
                }
            }
            return;
        }
        for (int ir = 0; ir < rows; ir += mr) {
            int base = ir * kcs;
            int valid = Math.min(mr, rows - ir);
            if (valid == 6 && mr == 6) {
                // the panel's six rows read side by side, its columns written whole and in order
                int r0 = ao + (ic + ir) * k + pc;
                int r1 = r0 + k;
                int r2 = r1 + k;
                int r3 = r2 + k;
                int r4 = r3 + k;
                int r5 = r4 + k;
                for (int p = 0; p < kcs; p++) {
                    int dst = base + 6 * p;
                    ap[dst] = a[r0 + p];
                    ap[dst + 1] = a[r1 + p];
                    ap[dst + 2] = a[r2 + p];
                    ap[dst + 3] = a[r3 + p];
                    ap[dst + 4] = a[r4 + p];
                    ap[dst + 5] = a[r5 + p];
                }
                continue;
            }
            for (int r = 0; r < mr; r++) {
                int i = ic + ir + r;
                if (r >= valid) {
                    for (int p = 0, dst = base + r; p < kcs; p++, dst += mr) {
                        ap[dst] = 0.0;
                    }
                } else {
                    int row = ao + i * k + pc;
                    for (int p = 0, dst = base + r; p < kcs; p++, dst += mr) {
                        ap[dst] = a[row + p];
                    }
                }
            }
        }
    }

    /** {@link #packB(boolean, float[], int, int, int, int, int, int, int, float[])} for doubles. */
    void packB(boolean trans, double[] b, int bo, int k, int n, int pc, int kcs, int jc, int nc,
            double[] bp) {
        if (!trans) {
            packRowsOfB(b, bo, n, pc, kcs, jc, nc, bp);
            return;
        }
        for (int jr = 0; jr < nc; jr += nrD) {
            int base = jr * kcs;
            int width = Math.min(nrD, nc - jr);
            int j0 = jc + jr;
            for (int col = 0; col < nrD; col++) {
                if (col < width) {
                    int src = bo + (j0 + col) * k + pc;
                    for (int p = 0; p < kcs; p++) {
                        bp[base + p * nrD + col] = b[src + p];
                    }
                } else {
                    for (int p = 0; p < kcs; p++) {
                        bp[base + p * nrD + col] = 0.0;
                    }
                }
            }
        }
    }

    /**
     * A row-major B's block into panels, row by row of B (or, when a row spans many panels, by groups of rows,
     * {@link #packRowGroupsOfB}): each row is read once, in order, and cut into the panels; full panels are copied
     * as whole vectors, the last partial one is zero-padded.
     */
    private void packRowsOfB(double[] b, int bo, int n, int pc, int kcs, int jc, int nc, double[] bp) {
        int full = nc / nrD * nrD;
        if (full / nrD > groupedPackingMinPanels) {
            packRowGroupsOfB(b, bo, n, pc, kcs, jc, nc, bp);
            return;
        }
        for (int p = 0; p < kcs; p++) {
            int src = bo + (pc + p) * n + jc;
            for (int jr = 0, dst = p * nrD; jr < full; jr += nrD, dst += kcs * nrD) {
                for (int v = 0; v < nrD; v += DS.length()) {
                    DoubleVector.fromArray(DS, b, src + jr + v).intoArray(bp, dst + v);
                }
            }
            if (full < nc) {
                int dst = full * kcs + p * nrD;
                System.arraycopy(b, src + full, bp, dst, nc - full);
                java.util.Arrays.fill(bp, dst + nc - full, dst + nrD, 0.0);
            }
        }
    }

    /** {@link #packRowsOfB} for rows that span many panels: {@link #PACK_ROW_GROUP} rows of B at a time. */
    private void packRowGroupsOfB(double[] b, int bo, int n, int pc, int kcs, int jc, int nc, double[] bp) {
        int full = nc / nrD * nrD;
        for (int p0 = 0; p0 < kcs; p0 += PACK_ROW_GROUP) {
            int rowsInGroup = Math.min(PACK_ROW_GROUP, kcs - p0);
            int first = bo + (pc + p0) * n + jc;
            for (int jr = 0; jr < full; jr += nrD) {
                for (int q = 0, src = first + jr, dst = jr * kcs + p0 * nrD; q < rowsInGroup;
                        q++, src += n, dst += nrD) {
                    for (int v = 0; v < nrD; v += DS.length()) {
                        DoubleVector.fromArray(DS, b, src + v).intoArray(bp, dst + v);
                    }
                }
            }
            if (full < nc) {
                for (int q = 0, src = first + full, dst = full * kcs + p0 * nrD; q < rowsInGroup;
                        q++, src += n, dst += nrD) {
                    System.arraycopy(b, src, bp, dst, nc - full);
                    java.util.Arrays.fill(bp, dst + nc - full, dst + nrD, 0.0);
                }
            }
        }
    }
}
