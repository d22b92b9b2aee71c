package dev.adjoint.core.kernel;

import java.util.List;
import java.util.Locale;

/**
 * The register and cache blocking of the packed GEMM ({@link GemmKernel}), chosen for the vector registers of
 * the CPU it runs on.
 *
 * <p>Register blocking: the micro-kernel keeps an {@code rows × vectors} tile of C (that is {@code rows} rows
 * by {@code vectors·L} columns, L lanes per vector) in {@code rows·vectors} accumulator registers, and per
 * step of k loads {@code vectors} vectors of packed B and broadcasts one element of packed A per row. It needs
 * {@code rows·vectors + vectors + 1} vector registers and does {@code rows·vectors} fused multiply-adds per
 * {@code vectors + rows} loads; the tile must fit the register file, or accumulators spill to memory:
 * <ul>
 *   <li>{@code 6 × 4}: 24 accumulators + 4 + 1 = 29 registers, for 32-register files (x86 AVX-512, AArch64
 *       NEON and SVE): 6 × 64 floats with AVX-512, 6 × 16 with NEON;</li>
 *   <li>{@code 6 × 2}: 12 accumulators + 2 + 1 = 15 registers, for 16-register files (x86 AVX2 and
 *       SSE/AVX); the 6 × 16-float tile of the classic AVX2 kernels.</li>
 * </ul>
 * Of the tiles tried for 32 registers (4 × 4, 6 × 4, 8 × 3, 8 × 2, 12 × 2), 6 × 4 ran the MLP's GEMMs fastest in
 * float32 and as fast as the best in float64, and its 64-float width divides the power-of-two sizes of most
 * layers; for 16 registers 6 × 2 beat 4 × 4, 8 × 2 and 4 × 3 (which spill or load more per FMA).
 * Cache blocking: a {@code kc × (vectors·L)} panel of B and an {@code rows × kc} panel of A stay in L1 for
 * one micro-kernel call, the packed {@code mc × kc} block of A in L2, the {@code kc × nc} block of B in L2 or
 * L3. {@code nc} is counted in float32 columns; float64 blocks take half as many columns (the same bytes).
 *
 * <p>The blocking decides speed only, never the bits: every GEMM here computes each element of C as one
 * chain of fused multiply-adds over k in ascending order, starting from +0 (see {@link GemmKernel}).
 *
 * @param rows     MR, rows of the register tile
 * @param vectors  NR in vectors: columns of the register tile, in vector lengths
 * @param kc       the slice of the inner dimension packed at once
 * @param mc       rows of A packed at once per thread (a multiple of {@code rows})
 * @param nc       columns of B packed at once, in float32 elements (float64: half)
 */
record GemmBlocking(int rows, int vectors, int kc, int mc, int nc) {

    /**
     * For 32 vector registers: 24 accumulators. KC 128: the {@code kc × 4} vectors of packed B that one
     * micro-kernel call streams and the next row tile reads again are 256 bytes per step of k (64 floats or 32
     * doubles with AVX-512), 32 KB at KC 128, which stays in a 48 KB L1 with the A panel; at KC 256 (64 KB) it
     * came from L2. MLP f32 step, one thread, AVX-512: 88-90k against 84-85k samples/s (two JVMs each); GEMM f32
     * n = 256-1024 3-5 % faster, f64 level within the machine's noise.
     */
    static final GemmBlocking TILE_6X4 = new GemmBlocking(6, 4, 128, 96, 1024);

    /** For 16 vector registers: 12 accumulators; its B panel ({@code kc × 2} vectors, 16 KB at KC 256) fits L1. */
    static final GemmBlocking TILE_6X2 = new GemmBlocking(6, 2, 256, 96, 1024);

    /** Every blocking the vector GEMM implements. */
    static List<GemmBlocking> candidates() {
        return List.of(TILE_6X4, TILE_6X2);
    }

    GemmBlocking {
        if (rows < 1 || vectors < 1 || kc < 1 || mc < rows || mc % rows != 0 || nc < 1) {
            throw new IllegalArgumentException("GemmBlocking: rows, vectors, kc, nc must be positive and mc a"
                    + " positive multiple of rows, got " + rows + ", " + vectors + ", " + kc + ", " + mc + ", " + nc);
        }
    }

    /** {@code "6x2"}: the register tile, rows by vectors. */
    String tile() {
        return rows + "x" + vectors;
    }

    /** Vector registers the micro-kernel needs: accumulators, B vectors and one broadcast. */
    int registers() {
        return rows * vectors + vectors + 1;
    }

    /** The candidate whose tile is {@code name} ({@code "6x4"}, {@code "6x2"}), or an error naming them all. */
    static GemmBlocking named(String name) {
        for (GemmBlocking b : candidates()) {
            if (b.tile().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return b;
            }
        }
        throw new IllegalArgumentException("adjoint.gemm.tile: must be one of "
                + candidates().stream().map(GemmBlocking::tile).toList() + ", got '" + name + "'");
    }

    /**
     * The number of vector registers the JIT can use with vectors of {@code vectorBits} on architecture
     * {@code arch} ({@code os.arch}): 32 on AArch64 (NEON, SVE) and on x86 with 512-bit vectors (AVX-512,
     * whose 32 registers HotSpot uses only when it uses AVX-512 at all), else 16 (x86 AVX2, AVX and SSE, and
     * any architecture not known here).
     */
    static int registerFile(int vectorBits, String arch) {
        if (arch.equals("aarch64") || arch.equals("arm64")) {
            return 32;
        }
        return vectorBits >= 512 ? 32 : 16;
    }

    /** The largest tile that fits {@code registers} vector registers. */
    static GemmBlocking forRegisters(int registers) {
        GemmBlocking best = null;
        for (GemmBlocking b : candidates()) {
            if (b.registers() <= registers && (best == null || b.rows * b.vectors > best.rows * best.vectors)) {
                best = b;
            }
        }
        return best != null ? best : TILE_6X2;
    }

    /**
     * The blocking for this JVM: {@code adjoint.gemm.tile} when set (for benchmarks and tests), else the
     * largest tile that fits the register file of {@code vectorBits}-bit vectors on this architecture.
     */
    static GemmBlocking choose(int vectorBits) {
        String forced = System.getProperty("adjoint.gemm.tile");
        if (forced != null && !forced.isBlank()) {
            return named(forced);
        }
        return forRegisters(registerFile(vectorBits, System.getProperty("os.arch", "")));
    }
}
