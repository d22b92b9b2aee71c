package dev.adjoint.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void aNamedLabelColumnOfClassNamesBecomesSortedClassIndices() throws IOException {
        Path file = write("flowers.csv", "length,species,width\n1.5,virginica,0.2\n2.5,setosa,0.4\n3,virginica,1e-1\n");
        Dataset d = CsvReader.withHeader().dataset(file, "species");
        assertEquals(Shape.of(3, 2), d.x().shape());
        assertArrayEquals(new double[] {1.5, 0.2, 2.5, 0.4, 3, 0.1}, d.x().toDoubleArray());
        assertArrayEquals(new double[] {1, 0, 1}, d.y().toDoubleArray());
        assertEquals(List.of("setosa", "virginica"), d.classNames());
    }

    @Test
    void numericLabelsByIndexGzipAndSpaceSeparatedFilesAreRead() throws IOException {
        Path plain = write("plain.csv", "1,2,0\n3,4,1\n");
        Dataset d = CsvReader.withoutHeader().dataset(plain, -1);
        assertArrayEquals(new double[] {1, 2, 3, 4}, d.x().toDoubleArray());
        assertArrayEquals(new double[] {0, 1}, d.y().toDoubleArray());
        assertEquals(List.of(), d.classNames());
        assertArrayEquals(new double[] {2, 0, 4, 1}, CsvReader.withoutHeader().dataset(plain, 0).x().toDoubleArray());

        Path gz = dir.resolve("spaces.txt.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("1  2   3\n 4 5 6\n\n".getBytes(StandardCharsets.UTF_8));
        }
        Tensor m = CsvReader.withoutHeader().delimiter(' ').matrix(gz);
        assertEquals(Shape.of(2, 3), m.shape());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, m.toDoubleArray());
    }

    @Test
    void badFilesAreReportedWithLineAndColumn() throws IOException {
        Path bad = write("bad.csv", "a,b,y\n1,2,0\n1,x,1\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CsvReader.withHeader().dataset(bad, "y"));
        assertEquals("csv: " + bad + " line 3, column 'b': expected a number, got 'x'", e.getMessage());
        Path ragged = write("ragged.csv", "1,2\n3\n");
        e = assertThrows(IllegalArgumentException.class, () -> CsvReader.withoutHeader().matrix(ragged));
        assertEquals("csv: " + ragged + " line 2: expected 2 fields like the lines before, got 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CsvReader.withHeader().dataset(bad, "label"));
        assertEquals("csv: " + bad + ": no column named 'label', got columns [a, b, y]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CsvReader.withoutHeader().dataset(ragged, 5));
        assertEquals("csv: " + ragged + " line 2: expected 2 fields like the lines before, got 1", e.getMessage());
        Path empty = write("empty.csv", "a,b\n");
        e = assertThrows(IllegalArgumentException.class, () -> CsvReader.withHeader().dataset(empty, "a"));
        assertEquals("csv: " + empty + ": expected at least one line of data, got none", e.getMessage());
    }
}
