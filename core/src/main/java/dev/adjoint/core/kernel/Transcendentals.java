package dev.adjoint.core.kernel;

import java.util.function.DoubleUnaryOperator;

/**
 * The logistic sigmoid and the hyperbolic tangent as the elementwise kernels compute them, with loops over
 * ranges of an array that give the same bits as calling the function element by element.
 *
 * <p><b>float64</b>:
 *
 * <pre>
 * sigmoid(x) = 1 / (1 + exp(-x))    for x &gt;= 0
 *            = e / (1 + e), e = exp(x)   for x &lt; 0   (neither form overflows)
 * tanh(x)    = StrictMath.tanh(x)
 * </pre>
 *
 * with {@code exp} = {@link StrictMath#exp}, so the values are fdlibm's on every CPU. The range loops run on
 * {@link VectorTranscendentals} when the vector kernels are in use: fdlibm's algorithms for {@code exp} and
 * {@code expm1} (range reduction, the same polynomials, the same IEEE operations in the same order), lane by
 * lane, so they reproduce {@code StrictMath}'s bits; a vector holding an argument outside the ranges those
 * lanes handle (tiny, huge, not finite) is computed element by element instead.
 *
 * <p><b>float32</b> is computed in float by {@link FloatTranscendentals}: the same two formulas for the sigmoid
 * and {@code tanh(x) = sign(x) (1 - e) / (1 + e)}, {@code e = exp(-2|x|)} (an odd polynomial below 0.5625),
 * with {@code exp} reduced to {@code 2^k (1 + expm1(r))}, {@code |r| <= ln(2)/2}, a polynomial evaluated with
 * fused multiply-adds and carried in two floats, and the quotients corrected by their exact remainders. Every
 * result is within 1 ulp of the correctly rounded value. Its range loops run on
 * {@link VectorFloatTranscendentals} when the vector kernels are in use, lane by lane with the same operations
 * in the same order (a lanewise {@code fma} for each {@link Math#fma}), so the bits are the same on every CPU,
 * whatever its vector width: no operation whose result depends on the instruction set (approximate reciprocals,
 * an unfused multiply-add on one side and a fused one on the other) is used.
 */
public final class Transcendentals {

    /** {@code sigmoid} as a function of one double, and its range loops (float64, and float32 in float). */
    public static final DoubleUnaryOperator SIGMOID = new Function(Transcendentals::sigmoid, true);

    /** {@code tanh} as a function of one double, and its range loops (float64, and float32 in float). */
    public static final DoubleUnaryOperator TANH = new Function(StrictMath::tanh, false);

    private Transcendentals() {
    }

    /** The logistic sigmoid, as in the class comment. */
    public static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + StrictMath.exp(-x));
        }
        double e = StrictMath.exp(x);
        return e / (1.0 + e);
    }

    /**
     * {@code y[yo + i] = f(x[xo + i])} for {@code 0 <= i < n}, in the loops of {@code f} when it is one of this
     * class's functions, else one call of {@code f} per element.
     */
    static void apply(DoubleUnaryOperator f, double[] x, int xo, double[] y, int yo, int n) {
        if (f instanceof Function g) {
            g.apply(x, xo, y, yo, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            y[yo + i] = f.applyAsDouble(x[xo + i]);
        }
    }

    /**
     * {@code y[yo + i] = f(x[xo + i])} in float32: {@link FloatTranscendentals}' function when {@code f} is one of
     * this class's, else {@code (float) f(x[xo + i])}, f computed in float64 and rounded once.
     */
    static void apply(DoubleUnaryOperator f, float[] x, int xo, float[] y, int yo, int n) {
        if (f instanceof Function g) {
            g.apply(x, xo, y, yo, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            y[yo + i] = (float) f.applyAsDouble(x[xo + i]);
        }
    }

    /** The range loops of the vector kernels when they are in use, else null (element by element). */
    private static final Loops LOOPS = Kernels.vectorized() ? load("VectorTranscendentals") : null;

    /** The float32 range loops of the vector kernels when they are in use, else null (element by element). */
    private static final FloatLoops FLOAT_LOOPS = Kernels.vectorized() ? load("VectorFloatTranscendentals") : null;

    private static <T> T load(String name) {
        try {
            @SuppressWarnings("unchecked")
            T loops = (T) Class.forName("dev.adjoint.core.kernel." + name).getDeclaredConstructor().newInstance();
            return loops;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null;
        }
    }

    /** Range loops over float64 arrays, the same bits as {@link #sigmoid} and {@link StrictMath#tanh}. */
    interface Loops {
        void sigmoid(double[] x, int xo, double[] y, int yo, int n);

        void tanh(double[] x, int xo, double[] y, int yo, int n);
    }

    /** Range loops over float32 arrays, the same bits as {@link FloatTranscendentals}. */
    interface FloatLoops {
        void sigmoid(float[] x, int xo, float[] y, int yo, int n);

        void tanh(float[] x, int xo, float[] y, int yo, int n);
    }

    /** One of the functions, with its range loops. */
    private static final class Function implements DoubleUnaryOperator {
        private final DoubleUnaryOperator f;
        private final boolean sigmoid;

        Function(DoubleUnaryOperator f, boolean sigmoid) {
            this.f = f;
            this.sigmoid = sigmoid;
        }

        @Override
        public double applyAsDouble(double x) {
            return f.applyAsDouble(x);
        }

        void apply(double[] x, int xo, double[] y, int yo, int n) {
            if (LOOPS == null) {
                for (int i = 0; i < n; i++) {
                    y[yo + i] = f.applyAsDouble(x[xo + i]);
                }
            } else if (sigmoid) {
                LOOPS.sigmoid(x, xo, y, yo, n);
            } else {
                LOOPS.tanh(x, xo, y, yo, n);
            }
        }

        void apply(float[] x, int xo, float[] y, int yo, int n) {
            if (FLOAT_LOOPS != null) {
                if (sigmoid) {
                    FLOAT_LOOPS.sigmoid(x, xo, y, yo, n);
                } else {
                    FLOAT_LOOPS.tanh(x, xo, y, yo, n);
                }
                return;
            }
            for (int i = 0; i < n; i++) {
                y[yo + i] = sigmoid ? FloatTranscendentals.sigmoid(x[xo + i]) : FloatTranscendentals.tanh(x[xo + i]);
            }
        }
    }
}
