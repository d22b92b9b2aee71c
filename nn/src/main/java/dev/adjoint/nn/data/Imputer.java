package dev.adjoint.nn.data;

import dev.adjoint.core.tensor.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * Fills missing values (NaN, as {@link CsvReader#missing} reads them) feature by feature with a value measured on
 * the training rows only, as scikit-learn's {@code SimpleImputer}: the mean or the median of the values present,
 * or given constants. A model refuses NaN inputs, so the filling happens before {@code fit} and {@code predict},
 * with the same imputer for both:
 *
 * <pre>{@code
 * Imputer imputer = Imputer.mean(trainX);                 // measured on the training rows only
 * model.fit(imputer.transform(trainX), trainY, options);
 * model.predict(imputer.transform(newX));                 // the training means fill the new rows' gaps
 * }</pre>
 *
 * <p>The features of an example are its elements in row-major order, as for {@link Scaling}; keep
 * {@link #values()} (or rebuild with {@link #constant}) to fill new rows in another program. Infinities are
 * values, not gaps: they are left as they are and refused by the measurement.
 */
public final class Imputer {

    private final double[] values;

    private Imputer(double[] values) {
        this.values = values;
    }

    /**
     * The mean of each feature's present values in {@code x : [rows, ...]}.
     *
     * @throws IllegalArgumentException when a feature has no value present (named), or an infinite one
     */
    public static Imputer mean(Tensor x) {
        double[][] present = present("Imputer.mean", x);
        double[] values = new double[present.length];
        for (int j = 0; j < present.length; j++) {
            int n = present[j].length;
            double sum = 0;
            for (double v : present[j]) {
                sum += v;
            }
            values[j] = sum / n;
            if (Double.isInfinite(values[j])) { // the sum overflowed: add the terms already divided
                values[j] = 0;
                for (double v : present[j]) {
                    values[j] += v / n;
                }
            }
        }
        return new Imputer(values);
    }

    /**
     * The median of each feature's present values (the mean of the two middle ones for an even count, as NumPy's
     * {@code nanmedian}).
     *
     * @throws IllegalArgumentException when a feature has no value present (named), or an infinite one
     */
    public static Imputer median(Tensor x) {
        double[][] present = present("Imputer.median", x);
        double[] values = new double[present.length];
        for (int j = 0; j < present.length; j++) {
            double[] sorted = present[j].clone();
            Arrays.sort(sorted);
            int n = sorted.length;
            values[j] = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }
        return new Imputer(values);
    }

    /**
     * Given fill values, one per feature.
     *
     * @throws IllegalArgumentException when there is none or one is not finite
     */
    public static Imputer constant(double... values) {
        Objects.requireNonNull(values, "Imputer.constant: values is null");
        if (values.length == 0) {
            throw new IllegalArgumentException("Imputer.constant: expected one value per feature, got none");
        }
        for (int j = 0; j < values.length; j++) {
            if (!Double.isFinite(values[j])) {
                throw new IllegalArgumentException("Imputer.constant: fill values must be finite, got " + values[j]
                        + " for feature " + j);
            }
        }
        return new Imputer(values.clone());
    }

    /** The fill value of each feature (a copy). */
    public double[] values() {
        return values.clone();
    }

    /**
     * {@code x} with each NaN replaced by its feature's fill value, in {@code x}'s dtype.
     *
     * @throws IllegalArgumentException when {@code x} has another number of features
     */
    public Tensor transform(Tensor x) {
        Objects.requireNonNull(x, "Imputer.transform: x is null");
        int rows = x.rank() < 1 ? 0 : x.shape().dim(0);
        if (x.rank() < 2 || (rows > 0 ? x.size() / rows : x.shape().drop(0).size()) != values.length) {
            throw new IllegalArgumentException("Imputer.transform: x must be [rows, ...] with " + values.length
                    + " features per row, got " + x.shape());
        }
        double[] data = x.toDoubleArray();
        for (int i = 0; i < data.length; i++) {
            if (Double.isNaN(data[i])) {
                data[i] = values[i % values.length];
            }
        }
        return Tensor.of(x.dtype(), x.shape(), data);
    }

    /** {@code Imputer[3 features]}. */
    @Override
    public String toString() {
        return "Imputer[" + values.length + " features]";
    }

    /** Each feature's present values, checked: at least one per feature, none infinite. */
    private static double[][] present(String who, Tensor x) {
        Objects.requireNonNull(x, who + ": x is null");
        if (x.rank() < 2 || x.shape().dim(0) == 0) {
            throw new IllegalArgumentException(who + ": x must be [rows, features...] with rows, got " + x.shape());
        }
        int rows = x.shape().dim(0);
        int features = x.size() / rows;
        double[][] present = new double[features][];
        for (int j = 0; j < features; j++) {
            double[] column = new double[rows];
            int n = 0;
            for (int i = 0; i < rows; i++) {
                double v = x.flat(i * features + j);
                if (Double.isInfinite(v)) {
                    throw new IllegalArgumentException(who + ": x must be finite or NaN (missing), got " + v
                            + " at row " + i + ", feature " + j);
                }
                if (!Double.isNaN(v)) {
                    column[n++] = v;
                }
            }
            if (n == 0) {
                throw new IllegalArgumentException(who + ": feature " + j + " has no value present in its " + rows
                        + " rows, so there is nothing to measure; drop it or use Imputer.constant");
            }
            present[j] = Arrays.copyOf(column, n);
        }
        return present;
    }
}
