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
 *       for each MR-row panel, for each NR-column panel:
 *         micro-kernel: an MR × NR tile of C in MR·NR/L vector registers (L lanes); per k step one
 *         broadcast of an A element per row and NR/L fused multiply-adds; C tile (+)= accumulators
 * </pre>
 * That is the fallback. A product large enough to run in parallel is instead cut into one stripe of C per
 * thread, in one parallel section, each thread running the loops above over its stripe with its own packed A
 * and B: column stripes (of NR panels) when m &lt; n, so that each thread packs the whole of the smaller A,
 * else row stripes (of MR rows), each packing the whole of B. Packing B once in the caller before every
 * parallel section left the helper idle meanwhile and cost one section per k-slice; in the MLP's
 * weight-gradient GEMMs ({@code xᵀ·dz}, m = 784, k = 128) the 13 row blocks also split 7/6.
 *
 * <p>MR = 4 and NR = 4 vectors (64 floats or 32 doubles with 512-bit vectors): 16 accumulators. Packing reads a
 * transposed operand in place, so {@code Aᵀ·B} and {@code A·Bᵀ} cost no copy beyond the packing every case
 * does. Each element of C is the sum over k-slices in ascending order of per-slice FMA chains in ascending
 * k, whatever the thread count and whichever split; only row blocks or column stripes move between threads.
 *
 * <p>This class links against the incubator module; {@link Kernels} loads it reflectively and falls back to
 * {@link ScalarGemm} when the module is missing or incompatible.
 */
final class VectorGemm implements GemmKernel {

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final int FL = FS.length();
    private static final int DL = DS.length();
    private static final int MR = 4;
    private static final int NRF = 4 * FL;
    private static final int NRD = 4 * DL;
    private static final int KC = 256;
    private static final int MC = 64;
    private static final int NCF = roundUp(512, NRF);
    private static final int NCD = roundUp(256, NRD);

    /**
     * Whether a large enough GEMM is split into one stripe of C per thread, each packing its own operands (the
     * default), rather than into row blocks with B packed once by the caller; {@code -Dadjoint.gemm.split=rows}
     * restores the latter, for benchmarking one against the other (the benchmark also flips this field
     * reflectively between rounds, to time both in one JVM).
     */
    static volatile boolean stripes = !"rows".equals(System.getProperty("adjoint.gemm.split"));

    private static final ThreadLocal<float[]> A_F = ThreadLocal.withInitial(() -> new float[MC * KC]);
    private static final ThreadLocal<float[]> B_F = ThreadLocal.withInitial(() -> new float[NCF * KC]);
    private static final ThreadLocal<float[]> T_F = ThreadLocal.withInitial(() -> new float[MR * NRF]);
    private static final ThreadLocal<double[]> A_D = ThreadLocal.withInitial(() -> new double[MC * KC]);
    private static final ThreadLocal<double[]> B_D = ThreadLocal.withInitial(() -> new double[NCD * KC]);
    private static final ThreadLocal<double[]> T_D = ThreadLocal.withInitial(() -> new double[MR * NRD]);

    @Override
    public String description() {
        return "Vector API GEMM, " + FS.vectorBitSize() + "-bit vectors (" + FL + " floats, " + DL + " doubles)";
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }

    /** Rows per task: MC, or fewer so that every thread gets a block when m is small. */
    private static int rowBlock(int m, long work) {
        if (work < Kernels.PARALLEL_GEMM_WORK || Parallel.threads() == 1) {
            return MC;
        }
        int perThread = (m + Parallel.threads() - 1) / Parallel.threads();
        return Math.max(MR, Math.min(MC, roundUp(perThread, MR)));
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
        long work = (long) m * n * k;
        boolean parallel = work >= Kernels.PARALLEL_GEMM_WORK;
        int panels = (n + NRF - 1) / NRF;
        int threads = Parallel.threads();
        int rowPanels = (m + MR - 1) / MR;
        if (parallel && threads > 1 && stripes) {
            // one parallel section: each task owns a stripe of C and packs its own A and B; nobody waits for a
            // shared packing. The stripe runs along the longer side of C, so that the operand every task packs
            // whole (A for column stripes, B for row stripes) is the smaller one (see the class comment).
            if (m < n && panels >= threads) {
                Parallel.forEach(threads, t -> block(transA, transB, m, n, k, a, ao, b, bo, c, co, 0, m,
                        panels * t / threads * NRF, Math.min(n, panels * (t + 1) / threads * NRF)));
                return;
            }
            if (rowPanels >= threads) {
                Parallel.forEach(threads, t -> block(transA, transB, m, n, k, a, ao, b, bo, c, co,
                        rowPanels * t / threads * MR, Math.min(m, rowPanels * (t + 1) / threads * MR), 0, n));
                return;
            }
        }
        int mc = rowBlock(m, work);
        int tasks = (m + mc - 1) / mc;
        float[] bp = B_F.get();
        for (int jc = 0; jc < n; jc += NCF) {
            int nc = Math.min(NCF, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(transB, b, bo, k, n, pc, kc, jc, nc, bp);
                int jcF = jc;
                int pcF = pc;
                java.util.function.IntConsumer task = t -> {
                    int ic = t * mc;
                    int rows = Math.min(mc, m - ic);
                    float[] ap = A_F.get();
                    packA(transA, a, ao, m, k, ic, rows, pcF, kc, ap);
                    float[] tmp = T_F.get();
                    for (int ir = 0; ir < rows; ir += MR) {
                        for (int jr = 0; jr < nc; jr += NRF) {
                            kernel(kc, ap, ir * kc, bp, jr * kc, c, co + (ic + ir) * n + jcF + jr, n, pcF > 0,
                                    Math.min(MR, rows - ir), Math.min(NRF, nc - jr), tmp);
                        }
                    }
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

    /** The block {@code [i0, i1) × [j0, j1)} of C on the calling thread with its own packing buffers. */
    private static void block(boolean transA, boolean transB, int m, int n, int k, float[] a, int ao, float[] b, int bo,
            float[] c, int co, int i0, int i1, int j0, int j1) {
        float[] bp = B_F.get();
        float[] ap = A_F.get();
        float[] tmp = T_F.get();
        for (int jc = j0; jc < j1; jc += NCF) {
            int nc = Math.min(NCF, j1 - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(transB, b, bo, k, n, pc, kc, jc, nc, bp);
                for (int ic = i0; ic < i1; ic += MC) {
                    int rows = Math.min(MC, i1 - ic);
                    packA(transA, a, ao, m, k, ic, rows, pc, kc, ap);
                    for (int ir = 0; ir < rows; ir += MR) {
                        for (int jr = 0; jr < nc; jr += NRF) {
                            kernel(kc, ap, ir * kc, bp, jr * kc, c, co + (ic + ir) * n + jc + jr, n, pc > 0,
                                    Math.min(MR, rows - ir), Math.min(NRF, nc - jr), tmp);
                        }
                    }
                }
            }
        }
    }

    private static void packA(boolean trans, float[] a, int ao, int m, int k, int ic, int rows, int pc, int kc,
            float[] ap) {
        for (int ir = 0; ir < rows; ir += MR) {
            int base = ir * kc;
            for (int r = 0; r < MR; r++) {
                int i = ic + ir + r;
                if (ir + r >= rows) {
                    for (int p = 0; p < kc; p++) {
                        ap[base + p * MR + r] = 0f;
                    }
                } else if (trans) {
                    for (int p = 0; p < kc; p++) {
                        ap[base + p * MR + r] = a[ao + (pc + p) * m + i];
                    }
                } else {
                    int row = ao + i * k + pc;
                    for (int p = 0; p < kc; p++) {
                        ap[base + p * MR + r] = a[row + p];
                    }
                }
            }
        }
    }

    private static void packB(boolean trans, float[] b, int bo, int k, int n, int pc, int kc, int jc, int nc,
            float[] bp) {
        for (int jr = 0; jr < nc; jr += NRF) {
            int base = jr * kc;
            int width = Math.min(NRF, nc - jr);
            int j0 = jc + jr;
            if (trans) {
                for (int col = 0; col < NRF; col++) {
                    if (col < width) {
                        int src = bo + (j0 + col) * k + pc;
                        for (int p = 0; p < kc; p++) {
                            bp[base + p * NRF + col] = b[src + p];
                        }
                    } else {
                        for (int p = 0; p < kc; p++) {
                            bp[base + p * NRF + col] = 0f;
                        }
                    }
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int dst = base + p * NRF;
                    System.arraycopy(b, bo + (pc + p) * n + j0, bp, dst, width);
                    if (width < NRF) {
                        java.util.Arrays.fill(bp, dst + width, dst + NRF, 0f);
                    }
                }
            }
        }
    }

    private static void kernel(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] c, int cOff, int ldc,
            boolean add, int mr, int nr, float[] tmp) {
        FloatVector c00 = FloatVector.zero(FS);
        FloatVector c01 = c00;
        FloatVector c02 = c00;
        FloatVector c03 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c12 = c00;
        FloatVector c13 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c22 = c00;
        FloatVector c23 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c32 = c00;
        FloatVector c33 = c00;
        for (int p = 0; p < kc; p++) {
            int bb = bOff + p * NRF;
            FloatVector b0 = FloatVector.fromArray(FS, bp, bb);
            FloatVector b1 = FloatVector.fromArray(FS, bp, bb + FL);
            FloatVector b2 = FloatVector.fromArray(FS, bp, bb + 2 * FL);
            FloatVector b3 = FloatVector.fromArray(FS, bp, bb + 3 * FL);
            int aa = aOff + p * MR;
            FloatVector x = FloatVector.broadcast(FS, ap[aa]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            c02 = b2.fma(x, c02);
            c03 = b3.fma(x, c03);
            x = FloatVector.broadcast(FS, ap[aa + 1]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            c12 = b2.fma(x, c12);
            c13 = b3.fma(x, c13);
            x = FloatVector.broadcast(FS, ap[aa + 2]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            c22 = b2.fma(x, c22);
            c23 = b3.fma(x, c23);
            x = FloatVector.broadcast(FS, ap[aa + 3]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            c32 = b2.fma(x, c32);
            c33 = b3.fma(x, c33);
        }
        c00.intoArray(tmp, 0);
        c01.intoArray(tmp, FL);
        c02.intoArray(tmp, 2 * FL);
        c03.intoArray(tmp, 3 * FL);
        c10.intoArray(tmp, NRF);
        c11.intoArray(tmp, NRF + FL);
        c12.intoArray(tmp, NRF + 2 * FL);
        c13.intoArray(tmp, NRF + 3 * FL);
        c20.intoArray(tmp, 2 * NRF);
        c21.intoArray(tmp, 2 * NRF + FL);
        c22.intoArray(tmp, 2 * NRF + 2 * FL);
        c23.intoArray(tmp, 2 * NRF + 3 * FL);
        c30.intoArray(tmp, 3 * NRF);
        c31.intoArray(tmp, 3 * NRF + FL);
        c32.intoArray(tmp, 3 * NRF + 2 * FL);
        c33.intoArray(tmp, 3 * NRF + 3 * FL);
        writeTile(tmp, c, cOff, ldc, add, mr, nr);
    }

    /** {@code C[r, j] (+)= tile[r, j]} for the valid {@code mr × nr} corner of a micro-tile. */
    private static void writeTile(float[] tile, float[] c, int cOff, int ldc, boolean add, int mr, int nr) {
        int bound = FS.loopBound(nr);
        for (int r = 0; r < mr; r++) {
            int row = cOff + r * ldc;
            int t = r * NRF;
            int j = 0;
            if (add) {
                for (; j < bound; j += FL) {
                    FloatVector.fromArray(FS, c, row + j).add(FloatVector.fromArray(FS, tile, t + j)).intoArray(c, row + j);
                }
                for (; j < nr; j++) {
                    c[row + j] += tile[t + j];
                }
            } else {
                System.arraycopy(tile, t, c, row, nr);
            }
        }
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
        long work = (long) m * n * k;
        boolean parallel = work >= Kernels.PARALLEL_GEMM_WORK;
        int panels = (n + NRD - 1) / NRD;
        int threads = Parallel.threads();
        int rowPanels = (m + MR - 1) / MR;
        if (parallel && threads > 1 && stripes) {
            // one parallel section: each task owns a stripe of C and packs its own A and B; nobody waits for a
            // shared packing. The stripe runs along the longer side of C, so that the operand every task packs
            // whole (A for column stripes, B for row stripes) is the smaller one (see the class comment).
            if (m < n && panels >= threads) {
                Parallel.forEach(threads, t -> block(transA, transB, m, n, k, a, ao, b, bo, c, co, 0, m,
                        panels * t / threads * NRD, Math.min(n, panels * (t + 1) / threads * NRD)));
                return;
            }
            if (rowPanels >= threads) {
                Parallel.forEach(threads, t -> block(transA, transB, m, n, k, a, ao, b, bo, c, co,
                        rowPanels * t / threads * MR, Math.min(m, rowPanels * (t + 1) / threads * MR), 0, n));
                return;
            }
        }
        int mc = rowBlock(m, work);
        int tasks = (m + mc - 1) / mc;
        double[] bp = B_D.get();
        for (int jc = 0; jc < n; jc += NCD) {
            int nc = Math.min(NCD, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(transB, b, bo, k, n, pc, kc, jc, nc, bp);
                int jcF = jc;
                int pcF = pc;
                java.util.function.IntConsumer task = t -> {
                    int ic = t * mc;
                    int rows = Math.min(mc, m - ic);
                    double[] ap = A_D.get();
                    packA(transA, a, ao, m, k, ic, rows, pcF, kc, ap);
                    double[] tmp = T_D.get();
                    for (int ir = 0; ir < rows; ir += MR) {
                        for (int jr = 0; jr < nc; jr += NRD) {
                            kernel(kc, ap, ir * kc, bp, jr * kc, c, co + (ic + ir) * n + jcF + jr, n, pcF > 0,
                                    Math.min(MR, rows - ir), Math.min(NRD, nc - jr), tmp);
                        }
                    }
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

    /** The block {@code [i0, i1) × [j0, j1)} of C on the calling thread with its own packing buffers. */
    private static void block(boolean transA, boolean transB, int m, int n, int k, double[] a, int ao, double[] b, int bo,
            double[] c, int co, int i0, int i1, int j0, int j1) {
        double[] bp = B_D.get();
        double[] ap = A_D.get();
        double[] tmp = T_D.get();
        for (int jc = j0; jc < j1; jc += NCD) {
            int nc = Math.min(NCD, j1 - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(transB, b, bo, k, n, pc, kc, jc, nc, bp);
                for (int ic = i0; ic < i1; ic += MC) {
                    int rows = Math.min(MC, i1 - ic);
                    packA(transA, a, ao, m, k, ic, rows, pc, kc, ap);
                    for (int ir = 0; ir < rows; ir += MR) {
                        for (int jr = 0; jr < nc; jr += NRD) {
                            kernel(kc, ap, ir * kc, bp, jr * kc, c, co + (ic + ir) * n + jc + jr, n, pc > 0,
                                    Math.min(MR, rows - ir), Math.min(NRD, nc - jr), tmp);
                        }
                    }
                }
            }
        }
    }

    private static void packA(boolean trans, double[] a, int ao, int m, int k, int ic, int rows, int pc, int kc,
            double[] ap) {
        for (int ir = 0; ir < rows; ir += MR) {
            int base = ir * kc;
            for (int r = 0; r < MR; r++) {
                int i = ic + ir + r;
                if (ir + r >= rows) {
                    for (int p = 0; p < kc; p++) {
                        ap[base + p * MR + r] = 0.0;
                    }
                } else if (trans) {
                    for (int p = 0; p < kc; p++) {
                        ap[base + p * MR + r] = a[ao + (pc + p) * m + i];
                    }
                } else {
                    int row = ao + i * k + pc;
                    for (int p = 0; p < kc; p++) {
                        ap[base + p * MR + r] = a[row + p];
                    }
                }
            }
        }
    }

    private static void packB(boolean trans, double[] b, int bo, int k, int n, int pc, int kc, int jc, int nc,
            double[] bp) {
        for (int jr = 0; jr < nc; jr += NRD) {
            int base = jr * kc;
            int width = Math.min(NRD, nc - jr);
            int j0 = jc + jr;
            if (trans) {
                for (int col = 0; col < NRD; col++) {
                    if (col < width) {
                        int src = bo + (j0 + col) * k + pc;
                        for (int p = 0; p < kc; p++) {
                            bp[base + p * NRD + col] = b[src + p];
                        }
                    } else {
                        for (int p = 0; p < kc; p++) {
                            bp[base + p * NRD + col] = 0.0;
                        }
                    }
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int dst = base + p * NRD;
                    System.arraycopy(b, bo + (pc + p) * n + j0, bp, dst, width);
                    if (width < NRD) {
                        java.util.Arrays.fill(bp, dst + width, dst + NRD, 0.0);
                    }
                }
            }
        }
    }

    private static void kernel(int kc, double[] ap, int aOff, double[] bp, int bOff, double[] c, int cOff, int ldc,
            boolean add, int mr, int nr, double[] tmp) {
        DoubleVector c00 = DoubleVector.zero(DS);
        DoubleVector c01 = c00;
        DoubleVector c02 = c00;
        DoubleVector c03 = c00;
        DoubleVector c10 = c00;
        DoubleVector c11 = c00;
        DoubleVector c12 = c00;
        DoubleVector c13 = c00;
        DoubleVector c20 = c00;
        DoubleVector c21 = c00;
        DoubleVector c22 = c00;
        DoubleVector c23 = c00;
        DoubleVector c30 = c00;
        DoubleVector c31 = c00;
        DoubleVector c32 = c00;
        DoubleVector c33 = c00;
        for (int p = 0; p < kc; p++) {
            int bb = bOff + p * NRD;
            DoubleVector b0 = DoubleVector.fromArray(DS, bp, bb);
            DoubleVector b1 = DoubleVector.fromArray(DS, bp, bb + DL);
            DoubleVector b2 = DoubleVector.fromArray(DS, bp, bb + 2 * DL);
            DoubleVector b3 = DoubleVector.fromArray(DS, bp, bb + 3 * DL);
            int aa = aOff + p * MR;
            DoubleVector x = DoubleVector.broadcast(DS, ap[aa]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            c02 = b2.fma(x, c02);
            c03 = b3.fma(x, c03);
            x = DoubleVector.broadcast(DS, ap[aa + 1]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            c12 = b2.fma(x, c12);
            c13 = b3.fma(x, c13);
            x = DoubleVector.broadcast(DS, ap[aa + 2]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            c22 = b2.fma(x, c22);
            c23 = b3.fma(x, c23);
            x = DoubleVector.broadcast(DS, ap[aa + 3]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            c32 = b2.fma(x, c32);
            c33 = b3.fma(x, c33);
        }
        c00.intoArray(tmp, 0);
        c01.intoArray(tmp, DL);
        c02.intoArray(tmp, 2 * DL);
        c03.intoArray(tmp, 3 * DL);
        c10.intoArray(tmp, NRD);
        c11.intoArray(tmp, NRD + DL);
        c12.intoArray(tmp, NRD + 2 * DL);
        c13.intoArray(tmp, NRD + 3 * DL);
        c20.intoArray(tmp, 2 * NRD);
        c21.intoArray(tmp, 2 * NRD + DL);
        c22.intoArray(tmp, 2 * NRD + 2 * DL);
        c23.intoArray(tmp, 2 * NRD + 3 * DL);
        c30.intoArray(tmp, 3 * NRD);
        c31.intoArray(tmp, 3 * NRD + DL);
        c32.intoArray(tmp, 3 * NRD + 2 * DL);
        c33.intoArray(tmp, 3 * NRD + 3 * DL);
        writeTile(tmp, c, cOff, ldc, add, mr, nr);
    }

    /** {@code C[r, j] (+)= tile[r, j]} for the valid {@code mr × nr} corner of a micro-tile. */
    private static void writeTile(double[] tile, double[] c, int cOff, int ldc, boolean add, int mr, int nr) {
        int bound = DS.loopBound(nr);
        for (int r = 0; r < mr; r++) {
            int row = cOff + r * ldc;
            int t = r * NRD;
            int j = 0;
            if (add) {
                for (; j < bound; j += DL) {
                    DoubleVector.fromArray(DS, c, row + j).add(DoubleVector.fromArray(DS, tile, t + j)).intoArray(c, row + j);
                }
                for (; j < nr; j++) {
                    c[row + j] += tile[t + j];
                }
            } else {
                System.arraycopy(tile, t, c, row, nr);
            }
        }
    }

}
