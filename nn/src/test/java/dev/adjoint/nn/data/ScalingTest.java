package dev.adjoint.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.io.ModelFiles;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.Normalization;
import dev.adjoint.nn.loss.MeanSquaredError;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.optim.Sgd;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Standardization and min-max scaling: measured on training rows, exact on them, saved with a model. */
class ScalingTest {

    @TempDir
    Path dir;

    /** 40 rows of 3 features: N(5, 2), U(-1, 3) and a constant 7. */
    private static Tensor train() {
        Key.Stream s = Key.of(9).stream();
        double[] x = new double[120];
        for (int i = 0; i < 40; i++) {
            x[3 * i] = 5 + 2 * s.nextGaussian();
            x[3 * i + 1] = -1 + 4 * s.nextDouble();
            x[3 * i + 2] = 7;
        }
        return Tensor.of(Shape.of(40, 3), x);
    }

    private static double[] column(Tensor x, int j) {
        int features = x.size() / x.shape().dim(0);
        double[] c = new double[x.shape().dim(0)];
        for (int i = 0; i < c.length; i++) {
            c[i] = x.flat(i * features + j);
        }
        return c;
    }

    @Test
    void standardizedTrainingRowsHaveMeanZeroAndStdOneAndConstantsAreOnlyCentred() {
        Normalization s = Scaling.standardize(train());
        Tensor z = s.transform(train());
        for (int j = 0; j < 2; j++) {
            double[] c = column(z, j);
            double mean = Arrays.stream(c).average().orElseThrow();
            double var = Arrays.stream(c).map(v -> (v - mean) * (v - mean)).sum() / c.length;
            assertEquals(0, mean, 1e-12);
            assertEquals(1, var, 1e-12);
        }
        for (double v : column(z, 2)) {
            assertEquals(0, v, 0);
        }
        assertTrue(s.inverse(z).allClose(train(), 1e-14, 1e-13), "inverse undoes transform");
    }

    @Test
    void minMaxMapsTrainingExtremesToZeroAndOne() {
        Normalization m = Scaling.minMax(train());
        Tensor u = m.transform(train());
        for (int j = 0; j < 2; j++) {
            double[] c = column(u, j);
            assertEquals(0, Arrays.stream(c).min().orElseThrow(), 0);
            assertEquals(1, Arrays.stream(c).max().orElseThrow(), 1e-15);
        }
        assertTrue(m.inverse(u).allClose(train(), 1e-14, 1e-13));
        double min = m.center()[0];
        double range = m.scale()[0];
        Tensor outside = Tensor.of(Shape.of(1, 3), min + 2 * range, 0, 7);
        assertEquals(2, m.transform(outside).flat(0), 1e-12, "test rows are not clipped");
    }

    @Test
    void theScalingAsAModelsFirstLayerPredictsLikeTheTransformAndIsSavedWithTheModel() throws Exception {
        Normalization s = Scaling.standardize(train());
        Sequential model = new Sequential(Shape.of(3), DType.FLOAT64, 1);
        model.add(s);
        model.add(Dense.of(2));
        model.compile(Sgd.defaults(), new MeanSquaredError());
        Sequential reference = new Sequential(Shape.of(3), DType.FLOAT64, 1);
        reference.add(Dense.of(2));
        reference.setState(model.state());
        assertTrue(model.predict(train()).allClose(reference.predict(s.transform(train())), 1e-14, 1e-14));

        Path file = dir.resolve("scaled.safetensors");
        ModelFiles.save(model, file);
        Model loaded = ModelFiles.load(file);
        assertEquals(s, ((Sequential) loaded).stack().get(0), "the constants travel in the file");
        assertTrue(loaded.predict(train()).sameValues(model.predict(train())));
    }

    @Test
    void badInputIsNamedByRowAndFeature() {
        Tensor nan = Tensor.of(Shape.of(2, 2), 1, 2, 3, Double.NaN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Scaling.standardize(nan));
        assertEquals("Scaling.standardize: x must be finite, got NaN at row 1, feature 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Scaling.minMax(Tensor.zeros(Shape.of(0, 2))));
        assertEquals("Scaling.minMax: x has no rows to measure, got [0, 2]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Scaling.standardize(train()).transform(Tensor.zeros(Shape.of(2, 4))));
        assertEquals("Normalization: x must be [rows, ...] with 3 features per row, got [2, 4]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new Normalization(new double[] {0}, new double[] {0}, null));
        assertEquals("Normalization: feature 0 needs a finite center and a finite scale > 0, got center 0.0 and"
                + " scale 0.0", e.getMessage());
    }

    @Test
    void standardizeMeasuresFeaturesNearTheLargestDoubleWithoutOverflow() {
        // The sum of squares of {1e200, -1e200} is 2e400: the std came out infinite and Normalization refused it.
        Normalization s = Scaling.standardize(Tensor.matrix(new double[][] {
                {1e200, 1.7e308, 1, 1.7e308}, {-1e200, -1.7e308, 2, 1.7e308}, {1e200, 1.7e308, 3, 1.7e308},
                {-1e200, -1.7e308, 4, 1.7e308}}));
        assertArrayEquals(new double[] {0, 0, 2.5, 1.7e308}, s.center(), 0);
        assertArrayEquals(new double[] {1e200, 1.7e308, Math.sqrt(1.25), 1}, s.scale(), 0);
        Normalization tiny = Scaling.standardize(Tensor.matrix(new double[][] {{1e-300}, {3e-300}}));
        assertArrayEquals(new double[] {2e-300}, tiny.center(), 1e-314);
        assertArrayEquals(new double[] {1e-300}, tiny.scale(), 1e-314, "not a constant: its own scale is small");
    }

    /**
     * A feature in small units (std 8.2e-7) is standardized like any other, as scikit-learn's relative test of a
     * constant feature and Keras's floor of 1e-7 on the std do; an absolute cutoff (a variance at most 1e-12, the
     * rule before) left it as it was. A constant feature still gets std 1, whatever its magnitude.
     */
    @Test
    void aFeatureOfSmallUnitsIsStandardizedAndOnlyAConstantOneIsLeftUnscaled() {
        Normalization s = Scaling.standardize(Tensor.matrix(new double[][] {{5e-6, 3e-9, 1e100}, {6e-6, 3e-9,
                1e100}, {7e-6, 3e-9, 1e100}}));
        double[] scaled = s.transform(Tensor.matrix(new double[][] {{5e-6, 3e-9, 1e100}, {7e-6, 3e-9, 1e100}}))
                .toDoubleArray();
        assertEquals(-Math.sqrt(1.5), scaled[0], 1e-9);
        assertEquals(Math.sqrt(1.5), scaled[3], 1e-9);
        assertArrayEquals(new double[] {Math.sqrt(2.0 / 3) * 1e-6, 1, 1}, s.scale(), 1e-18,
                "constant features, 3e-9 and 1e100, keep std 1");
    }

    @Test
    void standardizeOfOrdinaryDataIsBitForBitTheDirectComputation() {
        double[] x = train().toDoubleArray();
        double[] mean = new double[3];
        double[] std = new double[3];
        for (int i = 0; i < x.length; i++) {
            mean[i % 3] += x[i];
        }
        for (int j = 0; j < 3; j++) {
            mean[j] /= 40;
        }
        for (int i = 0; i < x.length; i++) {
            std[i % 3] += (x[i] - mean[i % 3]) * (x[i] - mean[i % 3]);
        }
        for (int j = 0; j < 3; j++) {
            std[j] = std[j] / 40 > 0 ? Math.sqrt(std[j] / 40) : 1; // only the constant 7 has variance 0
        }
        Normalization s = Scaling.standardize(train());
        assertArrayEquals(mean, s.center(), 0);
        assertArrayEquals(std, s.scale(), 0);
    }

    @Test
    void minMaxOfARangeBeyondTheLargestDoubleNamesTheFeature() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Scaling.minMax(
                Tensor.matrix(new double[][] {{0, 1.7e308}, {1, -1.7e308}})));
        assertEquals("Scaling.minMax: feature 1 ranges from -1.7E308 to 1.7E308; its range max - min, the divisor of"
                + " min-max scaling, must be at most 1.7976931348623157E308 (the largest double), got one beyond it;"
                + " standardize the feature instead, or rescale it first", e.getMessage());
        Normalization wide = Scaling.minMax(Tensor.matrix(new double[][] {{-1e308}, {0.7e308}}));
        assertArrayEquals(new double[] {1.7e308}, wide.scale(), 1e293);
    }

    /**
     * Keras's default {@code Normalization(axis=-1)} on a sequence {@code [rows, T, d]}: each of the d features is
     * measured over the rows and the steps. Rows [[1, 10], [3, 30]] and [[5, 50], [7, 70]]: feature 0 holds
     * 1, 3, 5, 7 (mean 4, std sqrt(5)), feature 1 ten times that; axis 1 measures the steps instead.
     */
    @Test
    void standardizeAlongAnAxisSharesTheStatisticsOfEachIndexOverTheOtherAxes() {
        Tensor x = Tensor.of(Shape.of(2, 2, 2), 1, 10, 3, 30, 5, 50, 7, 70);
        Normalization last = Scaling.standardize(x, -1);
        double std = Math.sqrt(5);
        assertArrayEquals(new double[] {4, 40, 4, 40}, last.center(), 1e-12);
        assertArrayEquals(new double[] {std, 10 * std, std, 10 * std}, last.scale(), 1e-12);
        assertArrayEquals(new double[] {-3 / std, -3 / std, -1 / std, -1 / std, 1 / std, 1 / std, 3 / std,
                3 / std}, last.transform(x).toDoubleArray(), 1e-12, "(1 - 4) / std, (10 - 40) / (10 std), ...");
        Normalization steps = Scaling.standardize(x, 1); // step 0: 1, 10, 5, 50; step 1: 3, 30, 7, 70
        assertEquals(16.5, steps.center()[0], 1e-12);
        assertEquals(16.5, steps.center()[1], 1e-12, "one statistic per step, shared by its features");
        assertEquals(27.5, steps.center()[2], 1e-12);
        Tensor rows = train();
        Normalization plain = Scaling.standardize(rows);
        Normalization lastAxis = Scaling.standardize(rows, -1);
        assertArrayEquals(plain.center(), lastAxis.center(), 0, "[rows, d]: the same, bit for bit");
        assertArrayEquals(plain.scale(), lastAxis.scale(), 0);
        assertEquals("Scaling.standardize: axis must be an axis of x other than the rows' axis 0, in [1, 3) or"
                + " [-2, -1], got 0 for x [2, 2, 2]", assertThrows(IllegalArgumentException.class,
                        () -> Scaling.standardize(x, 0)).getMessage());
    }
}
