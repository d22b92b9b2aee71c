package dev.adjoint.core.kernel;

/**
 * Chooses, once per JVM, which low-level kernels the tensor-level kernels run on, and says so once in the log.
 *
 * <p>The fast kernels ({@link VectorGemm}, {@link VectorArrayOps}) use the incubating JDK Vector API
 * ({@code jdk.incubator.vector}), whose module must be added at compile and run time
 * ({@code --add-modules jdk.incubator.vector}). They are loaded reflectively and checked on a small problem
 * against the portable kernels; when the module is missing, incompatible with this JDK, or gives a different
 * answer, the portable kernels ({@link ScalarGemm}, {@link ScalarArrayOps}) are used instead and the library
 * keeps working. The system property {@code adjoint.kernels} forces a choice: {@code scalar} or
 * {@code vector} (an error when the Vector API is unavailable); the default is {@code auto}. The vector GEMM's
 * register tile and cache blocks are chosen for this CPU's vector registers ({@link GemmBlocking};
 * {@code adjoint.gemm.tile} forces one) and logged on the same line. Every choice gives the same bits (see the
 * package documentation).
 */
public final class Kernels {

    /** Below this many multiply-adds ({@code m·n·k}) a GEMM runs on the calling thread alone. */
    static final long PARALLEL_GEMM_WORK = 1L << 18;

    private static final System.Logger LOG = System.getLogger("dev.adjoint.core.kernel");
    private static final GemmKernel SCALAR_GEMM = new ScalarGemm();
    private static final ArrayOps SCALAR_OPS = new ScalarArrayOps();
    private static final GemmKernel VECTOR_GEMM;
    private static final ArrayOps VECTOR_OPS;
    private static final String VECTOR_PROBLEM;
    static final GemmKernel GEMM;
    static final ArrayOps OPS;
    /** The vector GEMM with the narrowest register tile, for products with few columns; or {@link #GEMM}. */
    private static final GemmKernel NARROW_GEMM;
    /** The direct convolution's register tiles when they loaded (whether or not in use), else null. */
    private static final ConvTiles VECTOR_CONV_TILES;
    /** The direct convolution's register tiles when the vector kernels are in use, else null. */
    private static final ConvTiles CONV_TILES;
    /** Max pooling's search step: on the Vector API when the vector kernels are in use. */
    private static final WindowMax WINDOW_MAX;

    static {
        GemmKernel gemm = null;
        ArrayOps ops = null;
        String problem = null;
        try {
            gemm = (GemmKernel) Class.forName("dev.adjoint.core.kernel.VectorGemm").getDeclaredConstructor()
                    .newInstance();
            ops = (ArrayOps) Class.forName("dev.adjoint.core.kernel.VectorArrayOps").getDeclaredConstructor()
                    .newInstance();
            problem = selfTest(gemm, ops);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            problem = e.toString();
        }
        if (problem != null) {
            gemm = null;
            ops = null;
        }
        VECTOR_GEMM = gemm;
        VECTOR_OPS = ops;
        VECTOR_PROBLEM = problem;
        String mode = System.getProperty("adjoint.kernels", "auto").trim();
        boolean vector;
        switch (mode) {
            case "scalar" -> vector = false;
            case "vector" -> {
                if (gemm == null) {
                    throw new IllegalStateException("adjoint.kernels: 'vector' was asked for, but the Vector API is"
                            + " unavailable (" + problem + "); run with --add-modules jdk.incubator.vector");
                }
                vector = true;
            }
            case "auto" -> vector = gemm != null;
            default -> throw new IllegalArgumentException("adjoint.kernels: must be auto, scalar or vector, got '"
                    + mode + "'");
        }
        GEMM = vector ? gemm : SCALAR_GEMM;
        OPS = vector ? ops : SCALAR_OPS;
        NARROW_GEMM = vector ? narrow(gemm) : GEMM;
        VECTOR_CONV_TILES = VECTOR_GEMM == null ? null : loadConvTiles();
        CONV_TILES = vector ? VECTOR_CONV_TILES : null;
        WINDOW_MAX = vector ? loadWindowMax() : WindowMax.SCALAR;
        LOG.log(System.Logger.Level.INFO, "adjoint: kernels: " + description()
                + (vector || problem == null ? "" : " (Vector API unavailable: " + problem
                        + "; add --add-modules jdk.incubator.vector)"));
    }

    private Kernels() {
    }

    /** One line saying which kernels are in use and on how many threads, as logged at start-up. */
    public static String description() {
        return GEMM.description() + ", " + (CONV_TILES == null ? "convolution on the GEMM" : CONV_TILES.toString())
                + ", " + (OPS == SCALAR_OPS ? "scalar" : "vector") + " elementwise, "
                + Parallel.threads() + " thread" + (Parallel.threads() == 1 ? "" : "s");
    }

    /** The vector GEMM with {@link GemmBlocking#TILE_6X2} when its tile is narrower than {@code gemm}'s, else gemm. */
    private static GemmKernel narrow(GemmKernel gemm) {
        try {
            GemmKernel narrow = (GemmKernel) Class.forName("dev.adjoint.core.kernel.VectorGemm")
                    .getDeclaredConstructor(GemmBlocking.class).newInstance(GemmBlocking.TILE_6X2);
            return narrow.tileColumns(true) < gemm.tileColumns(true) ? narrow : gemm;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return gemm;
        }
    }

    /** The vector convolution tiles, or null when they do not load. */
    private static ConvTiles loadConvTiles() {
        try {
            return (ConvTiles) Class.forName("dev.adjoint.core.kernel.VectorConvTiles").getDeclaredConstructor()
                    .newInstance();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null;
        }
    }

    /** The vector search step of max pooling, or the scalar one when it does not load. */
    private static WindowMax loadWindowMax() {
        try {
            return (WindowMax) Class.forName("dev.adjoint.core.kernel.VectorWindowMax").getDeclaredConstructor()
                    .newInstance();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return WindowMax.SCALAR;
        }
    }

    /** Max pooling's search step. */
    static WindowMax windowMax() {
        return WINDOW_MAX;
    }

    /** The direct convolution's register tiles, or null: convolutions then multiply packed patches. */
    static ConvTiles convTiles() {
        return CONV_TILES;
    }

    /** The vector convolution tiles when they loaded, whether or not in use (tests compare them), else null. */
    static ConvTiles vectorConvTiles() {
        return VECTOR_CONV_TILES;
    }

    /**
     * The GEMM for products of {@code n} columns: the CPU's, or the one with a narrower register tile when that
     * computes fewer padding columns (32 output channels in a 64-float AVX-512 tile). The bits are the same.
     */
    static GemmKernel gemmFor(int n, boolean f32) {
        int wide = GEMM.tileColumns(f32);
        int narrow = NARROW_GEMM.tileColumns(f32);
        return (n + narrow - 1) / narrow * narrow < (n + wide - 1) / wide * wide ? NARROW_GEMM : GEMM;
    }

    /** True when the Vector API kernels are in use. */
    public static boolean vectorized() {
        return GEMM != SCALAR_GEMM;
    }

    /** True when the Vector API kernels loaded and passed their self-test (whether or not they are in use). */
    static boolean vectorAvailable() {
        return VECTOR_GEMM != null;
    }

    static GemmKernel scalarGemm() {
        return SCALAR_GEMM;
    }

    static ArrayOps scalarOps() {
        return SCALAR_OPS;
    }

    /** The Vector API GEMM, or null when unavailable ({@link #vectorProblem()} says why). */
    static GemmKernel vectorGemm() {
        return VECTOR_GEMM;
    }

    static ArrayOps vectorOps() {
        return VECTOR_OPS;
    }

    static String vectorProblem() {
        return VECTOR_PROBLEM;
    }

    /** Null when the vector kernels agree with the scalar ones on a small problem, else what went wrong. */
    private static String selfTest(GemmKernel gemm, ArrayOps ops) {
        int m = 5;
        int n = 7;
        int k = 3;
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = i - 4;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = 2 * i - 9;
        }
        float[] c1 = new float[m * n];
        float[] c2 = new float[m * n];
        gemm.gemm(false, false, m, n, k, a, 0, b, 0, c1, 0);
        SCALAR_GEMM.gemm(false, false, m, n, k, a, 0, b, 0, c2, 0);
        if (!java.util.Arrays.equals(c1, c2)) {
            return "the vector GEMM disagrees with the scalar one on a self-test";
        }
        float[] y = new float[a.length];
        ops.binary(ArrayOps.ADD, a, 0, a, 0, y, 0, a.length);
        for (int i = 0; i < a.length; i++) {
            if (y[i] != 2 * a[i]) {
                return "the vector elementwise kernels disagree with the scalar ones on a self-test";
            }
        }
        return null;
    }
}
