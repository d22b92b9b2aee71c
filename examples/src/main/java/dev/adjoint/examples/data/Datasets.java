package dev.adjoint.examples.data;

import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/** The small datasets shipped in this module's resources (see {@code data/README.md} there). */
public final class Datasets {

    private Datasets() {
    }

    /**
     * The UCI handwritten digits: 1,797 images of 8x8 pixels, scaled from counts 0..16 to [0, 1], and labels
     * 0..9 ({@code x : [1797, 64]}, {@code y : [1797]}).
     */
    public static Dataset digits() {
        List<double[]> rows = readCsv("data/digits.csv.gz", CSVFormat.DEFAULT);
        int n = rows.size();
        double[] x = new double[n * 64];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double[] r = rows.get(i);
            if (r.length != 65) {
                throw new IllegalStateException("digits: row " + i + " must have 65 numbers, got " + r.length);
            }
            for (int j = 0; j < 64; j++) {
                x[i * 64 + j] = r[j] / 16.0;
            }
            y[i] = r[64];
        }
        return new Dataset(Tensor.of(Shape.of(n, 64), x), Tensor.of(Shape.of(n), y));
    }

    /**
     * The diabetes data of Efron et al. (2004): 442 patients, 10 raw features (age, sex, bmi, bp, s1..s6) and
     * a measure of disease progression one year later ({@code x : [442, 10]}, {@code y : [442]}).
     */
    public static Dataset diabetes() {
        CSVFormat spaces = CSVFormat.DEFAULT.builder().setDelimiter(' ').setIgnoreSurroundingSpaces(true).build();
        List<double[]> features = readCsv("data/diabetes_data_raw.csv.gz", spaces);
        List<double[]> targets = readCsv("data/diabetes_target.csv.gz", spaces);
        int n = features.size();
        if (targets.size() != n) {
            throw new IllegalStateException("diabetes: feature and target files must have the same number of rows,"
                    + " got " + n + " and " + targets.size());
        }
        double[] x = new double[n * 10];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(features.get(i), 0, x, i * 10, 10);
            y[i] = targets.get(i)[0];
        }
        return new Dataset(Tensor.of(Shape.of(n, 10), x), Tensor.of(Shape.of(n), y));
    }

    /**
     * Fisher's iris: 150 flowers, 4 measurements in cm (sepal length and width, petal length and width) and
     * the species 0..2 ({@code x : [150, 4]}, {@code y : [150]}).
     */
    public static Dataset iris() {
        try (InputStream raw = Datasets.class.getClassLoader().getResourceAsStream("data/iris.csv")) {
            if (raw == null) {
                throw new IllegalStateException("datasets: resource data/iris.csv is missing from the classpath");
            }
            List<double[]> rows = new ArrayList<>();
            try (Reader reader = new InputStreamReader(raw, StandardCharsets.UTF_8)) {
                boolean header = true;
                for (CSVRecord record : CSVFormat.DEFAULT.parse(reader)) {
                    if (header) {
                        header = false;
                        continue;
                    }
                    rows.add(record.stream().mapToDouble(Double::parseDouble).toArray());
                }
            }
            int n = rows.size();
            double[] x = new double[n * 4];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                System.arraycopy(rows.get(i), 0, x, i * 4, 4);
                y[i] = rows.get(i)[4];
            }
            return new Dataset(Tensor.of(Shape.of(n, 4), x), Tensor.of(Shape.of(n), y));
        } catch (IOException e) {
            throw new UncheckedIOException("datasets: cannot read data/iris.csv", e);
        }
    }

    private static List<double[]> readCsv(String resource, CSVFormat format) {
        try (InputStream raw = Datasets.class.getClassLoader().getResourceAsStream(resource)) {
            if (raw == null) {
                throw new IllegalStateException("datasets: resource " + resource + " is missing from the classpath");
            }
            try (Reader reader = new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.UTF_8)) {
                List<double[]> rows = new ArrayList<>();
                for (CSVRecord record : format.parse(reader)) {
                    List<Double> values = new ArrayList<>();
                    for (String field : record) {
                        if (!field.isBlank()) {
                            values.add(Double.parseDouble(field.trim()));
                        }
                    }
                    rows.add(values.stream().mapToDouble(Double::doubleValue).toArray());
                }
                return rows;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("datasets: cannot read " + resource, e);
        }
    }
}
