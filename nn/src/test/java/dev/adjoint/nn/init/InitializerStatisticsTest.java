package dev.adjoint.nn.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sample means and variances on large tensors against the distributions' moments. Bounds are a few standard
 * errors wide: with n = 60,000 samples the mean's standard error is sigma / 245 and the variance's relative
 * standard error at most sqrt(2 / n) = 0.6% (normal), less for the uniform and truncated normal.
 */
class InitializerStatisticsTest {

    private static final Shape KERNEL = Shape.of(200, 300);
    private static final Key KEY = Key.of(2024);

    private record Moments(double mean, double variance, double min, double max) {
        static Moments of(Tensor t) {
            double[] v = t.toDoubleArray();
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double x : v) {
                sum += x;
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
            double mean = sum / v.length;
            double squares = 0;
            for (double x : v) {
                squares += (x - mean) * (x - mean);
            }
            return new Moments(mean, squares / (v.length - 1), min, max);
        }
    }

    private static void assertMoments(Tensor t, double mean, double variance) {
        Moments m = Moments.of(t);
        double standardError = Math.sqrt(variance / t.size());
        assertEquals(mean, m.mean(), 5 * standardError, "mean");
        assertEquals(variance, m.variance(), 0.04 * variance, "variance");
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void randomNormalHasItsMeanAndVariance(DType dtype) {
        Tensor t = new RandomNormal(0.5, 2.0).initialize(KEY, KERNEL, dtype);
        assertEquals(dtype, t.dtype());
        assertEquals(KERNEL, t.shape());
        assertMoments(t, 0.5, 4.0);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void randomUniformStaysInItsBoundsWithItsMoments(DType dtype) {
        Tensor t = new RandomUniform(-1, 3).initialize(KEY, KERNEL, dtype);
        Moments m = Moments.of(t);
        assertTrue(m.min() >= -1 && m.max() <= 3, m.toString());
        assertTrue(m.min() < -0.99 && m.max() > 2.99, "fills the interval: " + m);
        assertMoments(t, 1.0, 16.0 / 12);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void truncatedNormalStaysWithinTwoStandardDeviations(DType dtype) {
        Tensor t = new TruncatedNormal(1.0, 0.5).initialize(KEY, KERNEL, dtype);
        Moments m = Moments.of(t);
        double slack = dtype == DType.FLOAT32 ? 1e-6 : 0;
        assertTrue(m.min() >= 1.0 - 2 * 0.5 - slack && m.max() <= 1.0 + 2 * 0.5 + slack, m.toString());
        assertTrue(m.min() < 0.01 && m.max() > 1.99, "reaches near the bounds: " + m);
        double truncatedStd = 0.5 * TruncatedNormal.STDDEV_OF_TRUNCATED_STANDARD;
        assertMoments(t, 1.0, truncatedStd * truncatedStd);
    }

    @Test
    void theTruncationConstantIsTheStandardDeviationOfTheTruncatedNormal() {
        // Var = 1 - 2 b phi(b) / (2 Phi(b) - 1) at b = 2, with Phi(2) = 0.9772498680518208.
        double phi = Math.exp(-2) / Math.sqrt(2 * Math.PI);
        double mass = 2 * 0.9772498680518208 - 1;
        assertEquals(Math.sqrt(1 - 4 * phi / mass), TruncatedNormal.STDDEV_OF_TRUNCATED_STANDARD, 1e-12);
    }

    @Test
    void glorotInitializersHaveVarianceTwoOverFanSum() {
        double variance = 2.0 / (200 + 300);
        Tensor uniform = new GlorotUniform().initialize(KEY, KERNEL, DType.FLOAT64);
        double limit = Math.sqrt(6.0 / 500);
        Moments u = Moments.of(uniform);
        assertTrue(u.min() >= -limit && u.max() <= limit, u.toString());
        assertMoments(uniform, 0, variance);
        Tensor normal = new GlorotNormal().initialize(KEY, KERNEL, DType.FLOAT64);
        Moments n = Moments.of(normal);
        double bound = 2 * Math.sqrt(variance) / TruncatedNormal.STDDEV_OF_TRUNCATED_STANDARD;
        assertTrue(n.min() >= -bound && n.max() <= bound, n.toString());
        assertMoments(normal, 0, variance);
    }

    @Test
    void heInitializersHaveVarianceTwoOverFanIn() {
        assertMoments(new HeUniform().initialize(KEY, KERNEL, DType.FLOAT64), 0, 2.0 / 200);
        assertMoments(new HeNormal().initialize(KEY, KERNEL, DType.FLOAT64), 0, 2.0 / 200);
    }

    @Test
    void lecunInitializersHaveVarianceOneOverFanIn() {
        assertMoments(new LecunNormal().initialize(KEY, KERNEL, DType.FLOAT64), 0, 1.0 / 200);
        assertMoments(new LecunUniform().initialize(KEY, KERNEL, DType.FLOAT64), 0, 1.0 / 200);
    }

    @Test
    void varianceScalingUsesTheReceptiveFieldOfConvolutionKernels() {
        Shape conv = Shape.of(3, 3, 40, 64);
        assertEquals(2.0 / 360, new VarianceScaling(2.0, VarianceScaling.Mode.FAN_IN,
                VarianceScaling.Distribution.UNIFORM).variance(conv), 1e-15);
        assertEquals(1.0 / 576, new VarianceScaling(1.0, VarianceScaling.Mode.FAN_OUT,
                VarianceScaling.Distribution.UNIFORM).variance(conv), 1e-15);
        assertMoments(new HeNormal().initialize(KEY, conv, DType.FLOAT64), 0, 2.0 / 360);
        assertMoments(new VarianceScaling(3.0, VarianceScaling.Mode.FAN_OUT,
                VarianceScaling.Distribution.UNTRUNCATED_NORMAL).initialize(KEY, conv, DType.FLOAT64), 0, 3.0 / 576);
    }

    @Test
    void constantsFillEveryElement() {
        Shape shape = Shape.of(3, 4);
        assertTrue(new Zeros().initialize(KEY, shape, DType.FLOAT32).sameValues(Tensor.zeros(DType.FLOAT32, shape)));
        assertTrue(new Ones().initialize(KEY, shape, DType.FLOAT64).sameValues(Tensor.ones(shape)));
        assertTrue(new Constant(0.1).initialize(KEY, shape, DType.FLOAT32)
                .sameValues(Tensor.full(DType.FLOAT32, shape, 0.1)));
        assertEquals(Shape.scalar(), new Zeros().initialize(KEY, Shape.scalar(), DType.FLOAT64).shape());
    }
}
