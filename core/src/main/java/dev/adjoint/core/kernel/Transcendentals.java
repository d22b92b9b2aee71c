package dev.adjoint.core.kernel;

import java.util.function.DoubleUnaryOperator;

/**
 * The logistic sigmoid and the hyperbolic tangent as the elementwise kernels compute them, with loops over
 * ranges of an array that give the same bits as calling the function element by element:
 *
 * <pre>
 * sigmoid(x) = 1 / (1 + exp(-x))    for x &gt;= 0
 *            = e / (1 + e), e = exp(x)   for x &lt; 0   (neither form overflows)
 * tanh(x)    = StrictMath.tanh(x)
 * </pre>
 *
 * with {@code exp} = {@link StrictMath#exp}, so the values are fdlibm's on every CPU. A float32 element is
 * computed in float64 and rounded once. The range loops run on {@link VectorTranscendentals} when the vector
 * kernels are in use: fdlibm's algorithms for {@code exp} and {@code expm1} (range reduction, the same
 * polynomials, the same IEEE operations in the same order), lane by lane, so they reproduce
 * {@code StrictMath}'s bits; a vector holding an argument outside the ranges those lanes handle (tiny, huge, not
 * finite) is computed element by element instead.
 */
public final class Transcendentals {

    /** {@code sigmoid} as a function of one double, and its range loops. */
    public static final DoubleUnaryOperator SIGMOID = new Function(Transcendentals::sigmoid, true);

    /** {@code tanh} as a function of one double, and its range loops. */
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

    /** {@code y[yo + i] = (float) f(x[xo + i])}, as {@link #apply(DoubleUnaryOperator, double[], int, double[], int, int)}. */
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
    private static final Loops LOOPS = Kernels.vectorized() ? load() : null;

    private static Loops load() {
        try {
            return (Loops) Class.forName("dev.adjoint.core.kernel.VectorTranscendentals").getDeclaredConstructor()
                    .newInstance();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return null;
        }
    }

    /** Range loops over float64 arrays, the same bits as {@link #sigmoid} and {@link StrictMath#tanh}. */
    interface Loops {
        void sigmoid(double[] x, int xo, double[] y, int yo, int n);

        void tanh(double[] x, int xo, double[] y, int yo, int n);
    }

    /** One of the functions, with its range loops. */
    private static final class Function implements DoubleUnaryOperator {
        /** Floats are widened into blocks of this many doubles, so that the loops run on doubles. */
        private static final int BLOCK = 1024;
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
            if (LOOPS == null) {
                for (int i = 0; i < n; i++) {
                    y[yo + i] = (float) f.applyAsDouble(x[xo + i]);
                }
                return;
            }
            double[] block = new double[Math.min(BLOCK, n)];
            for (int b = 0; b < n; b += BLOCK) {
                int m = Math.min(BLOCK, n - b);
                for (int i = 0; i < m; i++) {
                    block[i] = x[xo + b + i];
                }
                apply(block, 0, block, 0, m);
                for (int i = 0; i < m; i++) {
                    y[yo + b + i] = (float) block[i];
                }
            }
        }
    }
}
