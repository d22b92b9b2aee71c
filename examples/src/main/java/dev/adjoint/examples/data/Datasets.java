package dev.adjoint.examples.data;

import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.data.CsvReader;
import dev.adjoint.nn.data.Dataset;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * The small datasets shipped in this module's resources (see {@code data/README.md} there), read with the
 * library's {@link CsvReader}.
 */
public final class Datasets {

    private Datasets() {
    }

    /**
     * The UCI handwritten digits: 1,797 images of 8x8 pixels, scaled from counts 0..16 to [0, 1], and labels
     * 0..9 ({@code x : [1797, 64]}, {@code y : [1797]}).
     */
    public static Dataset digits() {
        Dataset raw = read("data/digits.csv.gz", CsvReader.withoutHeader(), -1);
        double[] pixels = raw.x().toDoubleArray();
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] /= 16.0;
        }
        return raw.withX(Tensor.of(raw.x().shape(), pixels));
    }

    /**
     * The diabetes data of Efron et al. (2004): 442 patients, 10 raw features (age, sex, bmi, bp, s1..s6) and
     * a measure of disease progression one year later ({@code x : [442, 10]}, {@code y : [442]}).
     */
    public static Dataset diabetes() {
        CsvReader spaces = CsvReader.withoutHeader().delimiter(' ');
        Tensor x = matrix("data/diabetes_data_raw.csv.gz", spaces);
        Tensor y = matrix("data/diabetes_target.csv.gz", spaces);
        return new Dataset(x, y.reshape(Shape.of(y.size())));
    }

    /**
     * Fisher's iris: 150 flowers, 4 measurements in cm (sepal length and width, petal length and width) and
     * the species 0..2 ({@code x : [150, 4]}, {@code y : [150]}).
     */
    public static Dataset iris() {
        return read("data/iris.csv", CsvReader.withHeader(), -1);
    }

    /**
     * The books of Genesis and Exodus in the King James Version (1611, public domain), one verse per line
     * without the verse numbers: 366,194 characters of plain ASCII, from Debian's {@code bible-kjv-text}
     * (see {@code data/kjv-genesis-exodus.PROVENANCE.md}).
     */
    public static String kjvGenesisExodus() {
        try (InputStream in = new GZIPInputStream(open("data/kjv-genesis-exodus.txt.gz"))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("datasets: cannot read data/kjv-genesis-exodus.txt.gz", e);
        }
    }

    private static Dataset read(String resource, CsvReader reader, int labelColumn) {
        try (InputStream in = open(resource)) {
            return reader.dataset(in, resource, labelColumn);
        } catch (IOException e) {
            throw new UncheckedIOException("datasets: cannot read " + resource, e);
        }
    }

    private static Tensor matrix(String resource, CsvReader reader) {
        try (InputStream in = open(resource)) {
            return reader.matrix(in, resource);
        } catch (IOException e) {
            throw new UncheckedIOException("datasets: cannot read " + resource, e);
        }
    }

    private static InputStream open(String resource) {
        InputStream in = Datasets.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("datasets: resource " + resource + " is missing from the classpath");
        }
        return in;
    }
}
