package dev.adjoint.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import dev.adjoint.nn.ThreadCost;
import java.time.Duration;
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

    /**
     * A label column of many distinct names (ids, free text) costs time linear in the rows: each row's class index
     * was found by a linear search of the sorted names, so 100,000 distinct names took some 5 * 10^9 string
     * comparisons (tens of seconds; a hostile file of a million, hours). Measured in this thread's CPU time.
     */
    @Test
    void manyDistinctClassNamesCostTimeLinearInTheRows() throws Exception {
        int rows = 100_000;
        StringBuilder text = new StringBuilder("x,label\n");
        for (int i = 0; i < rows; i++) {
            text.append(i % 7).append(",c").append(rows - 1 - i).append('\n'); // distinct names, in reverse order
        }
        Path file = write("ids.csv", text.toString());
        Dataset[] read = new Dataset[1];
        double cpu = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> ThreadCost.of(
                () -> read[0] = CsvReader.withHeader().dataset(file, "label")).cpuSeconds());
        Dataset d = read[0];
        assertEquals(rows, d.classNames().size());
        for (int i : new int[] {0, 1, rows / 2, rows - 1}) {
            assertEquals("c" + (rows - 1 - i), d.classNames().get((int) d.y().flat(i)), "row " + i);
        }
        assertTrue(cpu < 5, "reading " + rows + " distinct class names took " + cpu + " s of CPU, more than 5");
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

    private IllegalArgumentException rejects(String text) throws IOException {
        Path file = write("bad.csv", text);
        return assertThrows(IllegalArgumentException.class, () -> CsvReader.withHeader().dataset(file, "label"));
    }

    @Test
    void aBadValueIsReportedAtItsPhysicalLineNotItsRecordNumber() throws IOException {
        Path file = dir.resolve("bad.csv");
        // blank lines count: 'x' is on line 5, the third record
        assertEquals("csv: " + file + " line 5, column 'b': expected a number, got 'x'",
                rejects("a,b,label\n1,2,0\n\n\n3,x,1\n").getMessage());
        // a quoted value over two lines: 'zz' is on line 5, the fourth record
        assertEquals("csv: " + file + " line 5, column 'b': expected a number, got 'zz'",
                rejects("a,b,label\n1,2,0\n\"3\n\",4,1\n5,zz,1\n").getMessage());
        // inside such a record, the line where the value starts
        assertEquals("csv: " + file + " line 3, column 'b': expected a number, got 'x'",
                rejects("a,b,label\n\"1\r\n\",x,0\n").getMessage());
        assertEquals("csv: " + file + " line 2, column 'a': expected a number, got 'y'",
                rejects("a,b,label\ny,\"1\r\r\",0\n").getMessage());
        // CRLF and CR line ends, and a last line without one
        assertEquals("csv: " + file + " line 4, column 'b': expected a number, got 'x'",
                rejects("a,b,label\r\n1,2,0\r\n\r\n3,x,1").getMessage());
        assertEquals("csv: " + file + " line 4, column 'b': expected a number, got 'x'",
                rejects("a,b,label\r1,2,0\r\r3,x,1\r").getMessage());
        // a ragged record, and space-separated files
        Path ragged = write("ragged.csv", "1,2\n\n\n\"3\n\",4\n\n5\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CsvReader.withoutHeader().matrix(ragged));
        assertEquals("csv: " + ragged + " line 7: expected 2 fields like the lines before, got 1", e.getMessage());
        Path spaced = write("spaced.txt", "1  2\n\n 3 \"4\n\"\n5 x\n");
        e = assertThrows(IllegalArgumentException.class, () -> CsvReader.withoutHeader().delimiter(' ').matrix(spaced));
        assertEquals("csv: " + spaced + " line 5, column 1: expected a number, got 'x'", e.getMessage());
    }

    @Test
    void numbersAreDecimalOrNanOrInfinityAsDataToolsWriteThem() throws IOException {
        Path file = write("numbers.csv", "3,-0.5,.5,2.,1e-3,6.02E+23,+4, 7 ,1e-400\n"
                + "nan,NaN,-NaN,inf,-Inf,INF,Infinity,-Infinity,+infinity\n");
        Tensor m = CsvReader.withoutHeader().matrix(file);
        assertArrayEquals(new double[] {3, -0.5, 0.5, 2, 1e-3, 6.02e23, 4, 7, 0, Double.NaN, Double.NaN, Double.NaN,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY}, m.toDoubleArray());
        Dataset d = CsvReader.withHeader().dataset(write("labels.csv", "a,label\n1,2\n2,NaN\n3,-inf\n"), "label");
        assertEquals(List.of(), d.classNames());
        assertArrayEquals(new double[] {2, Double.NaN, Double.NEGATIVE_INFINITY}, d.y().toDoubleArray());
    }

    @Test
    void javasOtherNumberFormsOverflowAndMissingMarkersAreRejectedWithWhereAndWhat() throws IOException {
        Path file = dir.resolve("bad.csv");
        for (String text : List.of("2d", "1f", "1.5D", "0x1p3", "0X10", "1_000", "1e", "e3", ".", "+", "--1", "1e+-2",
                "nanx", "infinit", "NA", "n/a", "", "\u0661", "1 2")) {
            assertEquals("csv: " + file + " line 3, column 'a': expected a number, got '" + text + "'",
                    rejects("a,b,label\n1,2,0\n\"" + text + "\",2,1\n").getMessage(), text);
        }
        for (String text : List.of("1e400", "-1e400", "2e308", "1" + "0".repeat(400), "0.1e310")) {
            assertEquals("csv: " + file + " line 2, column 'b': expected a number within the range of a double"
                    + " (at most 1.7976931348623157E308 in magnitude), got '" + text + "'",
                    rejects("a,b,label\n1," + text + ",0\n").getMessage(), text);
        }
        assertEquals("csv: " + file + " line 3, column 'label': expected a number within the range of a double"
                + " (at most 1.7976931348623157E308 in magnitude), got '1e999'",
                rejects("a,b,label\n1,2,0\n1,2,1e999\n").getMessage());
        // what Java alone calls a number is a class name in the label column, as any other text
        Dataset d = CsvReader.withHeader().dataset(write("javaish.csv", "a,label\n1,1f\n2,0x1p3\n3,1f\n"), "label");
        assertEquals(List.of("0x1p3", "1f"), d.classNames());
        assertArrayEquals(new double[] {1, 0, 1}, d.y().toDoubleArray());
    }

    @Test
    void aLeadingByteOrderMarkIsSkippedNotReadIntoTheFirstColumn() throws IOException {
        // Before: the BOM stayed in the first name ("\uFEFFa"), so column 'a' was not found by name, and in a file
        // without header the first value ("\uFEFF1") was not a number.
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        Path file = dir.resolve("bom.csv");
        Files.write(file, concat(bom, "a,b,label\n1,2,0\n3,4,1\n".getBytes(StandardCharsets.UTF_8)));
        Dataset d = CsvReader.withHeader().dataset(file, "a");
        assertArrayEquals(new double[] {1, 3}, d.y().toDoubleArray());
        assertArrayEquals(new double[] {2, 0, 4, 1}, d.x().toDoubleArray());
        assertArrayEquals(new double[] {1, 2, 0, 3, 4, 1}, CsvReader.withHeader().matrix(file).toDoubleArray());

        Path noHeader = dir.resolve("bom-data.csv");
        Files.write(noHeader, concat(bom, "1,2\n3,4\n".getBytes(StandardCharsets.UTF_8)));
        assertArrayEquals(new double[] {1, 2, 3, 4}, CsvReader.withoutHeader().matrix(noHeader).toDoubleArray());

        Path gz = dir.resolve("bom.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(concat(bom, "a,label\nx,0\n".getBytes(StandardCharsets.UTF_8)));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CsvReader.withHeader().dataset(gz, "label"));
        assertEquals("csv: " + gz + " line 2, column 'a': expected a number, got 'x'", e.getMessage());

        // only a leading mark is skipped: one further on is data, and reported as such
        Path inside = write("inside.csv", "a,label\n\uFEFF1,0\n");
        e = assertThrows(IllegalArgumentException.class, () -> CsvReader.withHeader().dataset(inside, "label"));
        assertEquals("csv: " + inside + " line 2, column 'a': expected a number, got '\uFEFF1'", e.getMessage());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void repeatedColumnNamesAreRefusedNamingTheNameAndBothColumns() throws IOException {
        // Before: "a,a,label" was read, and column 'a' meant whichever came first.
        Path dup = write("dup.csv", "a,a,label\n1,2,0\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CsvReader.withHeader().dataset(dup, "label"));
        assertEquals("csv: " + dup + " line 1: the header's column names must be distinct, got 'a' as column 0 and"
                + " as column 1 (0-based)", e.getMessage());
        Path later = write("later.csv", "\nx,y,z, y\n1,2,3,4\n");
        e = assertThrows(IllegalArgumentException.class, () -> CsvReader.withHeader().matrix(later));
        assertEquals("csv: " + later + " line 2: the header's column names must be distinct, got 'y' as column 1 and"
                + " as column 3 (0-based)", e.getMessage());
        // without a header the same first line is data, and names nothing
        Path numbers = write("numbers.csv", "1,1,0\n1,2,0\n");
        assertArrayEquals(new double[] {1, 1, 0, 1, 2, 0}, CsvReader.withoutHeader().matrix(numbers).toDoubleArray());
    }

    @Test
    void aDirectoryOrAMissingFileIsReportedWithItsPath() throws IOException {
        // Before: a directory failed with a bare "IOException: Is a directory" that named no path.
        Path folder = Files.createDirectory(dir.resolve("data.csv"));
        List<org.junit.jupiter.api.function.Executable> reads = List.of(
                () -> CsvReader.withHeader().matrix(folder), () -> CsvReader.withHeader().dataset(folder, "label"),
                () -> CsvReader.withoutHeader().dataset(folder, -1));
        for (var read : reads) {
            FileSystemException e = assertThrows(FileSystemException.class, read);
            assertEquals(folder.toString(), e.getFile());
            assertEquals(folder + ": expected a CSV file, got a directory", e.getMessage());
        }
        Path missing = dir.resolve("missing.csv");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> CsvReader.withHeader().matrix(missing));
        assertEquals(missing.toString(), e.getFile());
    }

    @Test
    void textThatIsNotUtf8IsRefusedNamingTheLineNotMergedIntoReplacementCharacters() throws IOException {
        // café (E9) and cafè (E8) in Latin-1: decoded leniently both became "caf\uFFFD", one class for two labels.
        Path latin1 = dir.resolve("latin1.csv");
        Files.write(latin1, new byte[] {'a', ',', 'l', 'a', 'b', 'e', 'l', '\n', '1', ',', 'c', 'a', 'f', (byte) 0xE9,
                '\n', '2', ',', 'c', 'a', 'f', (byte) 0xE8, '\n', '3', ',', 't', 'e', 'a', '\n'});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CsvReader.withHeader().dataset(latin1, "label"));
        assertTrue(e.getMessage().startsWith("csv: " + latin1 + " line 2: expected UTF-8 text, got the byte 0xE9"),
                e.getMessage());

        // Far past the decoder's first buffer, after \r\n and \r line ends, in a gzip stream: still its own line.
        StringBuilder text = new StringBuilder("a,b\r\n");
        for (int i = 0; i < 20_000; i++) { // lines 2 .. 20001
            text.append(i).append(",1").append(i % 2 == 0 ? "\r\n" : "\r");
        }
        byte[] good = text.toString().getBytes(StandardCharsets.UTF_8);
        Path gz = dir.resolve("late.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(good);
            out.write(new byte[] {'7', ',', (byte) 0xC3, '(', '\n'}); // 0xC3 needs a continuation byte
        }
        IllegalArgumentException late = assertThrows(IllegalArgumentException.class,
                () -> CsvReader.withHeader().matrix(gz));
        assertTrue(late.getMessage().startsWith("csv: " + gz + " line 20002: expected UTF-8 text, got the byte 0xC3"),
                late.getMessage());

        Path cut = dir.resolve("cut.csv"); // a two-byte character cut off by the end of the file
        Files.write(cut, new byte[] {'1', ',', '2', '\n', '3', ',', (byte) 0xC3});
        IllegalArgumentException end = assertThrows(IllegalArgumentException.class,
                () -> CsvReader.withoutHeader().matrix(cut));
        assertTrue(end.getMessage().startsWith("csv: " + cut + " line 2: expected UTF-8 text, got the byte 0xC3"
                + " (a character cut short"), end.getMessage());

        Path utf8 = write("utf8.csv", "a,label\n1,café\n2,cafè\n3,tea\n"); // the same labels in UTF-8 are three
        Dataset d = CsvReader.withHeader().dataset(utf8, "label");
        assertEquals(List.of("cafè", "café", "tea"), d.classNames());
        assertArrayEquals(new double[] {1, 0, 2}, d.y().toDoubleArray());
    }

    @Test
    void anUnterminatedQuoteIsReportedNamingTheFileAndTheLineItOpensOn() throws IOException {
        Path quote = write("unterminated.csv", "a,label\n1,0\n\n\"2,1\n3,1\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CsvReader.withHeader().dataset(quote, "label"));
        assertEquals("csv: " + quote + " line 4: expected a closing '\"' for the quoted value that starts there, got"
                + " the end of the file", e.getMessage());
        Path junk = write("junk.csv", "a,b\n\"1\"x,2\n");
        IllegalArgumentException syntax = assertThrows(IllegalArgumentException.class,
                () -> CsvReader.withHeader().matrix(junk));
        assertTrue(syntax.getMessage().startsWith("csv: " + junk + " after line "), syntax.getMessage());
    }

    @Test
    void aCutOrCorruptGzipStreamIsReportedNamingTheFile() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            text.append(i).append(',').append(i * 7 % 13).append('\n');
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        }
        byte[] whole = bytes.toByteArray();
        Path cut = dir.resolve("cut.csv.gz");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));
        IOException e = assertThrows(IOException.class, () -> CsvReader.withoutHeader().matrix(cut));
        assertTrue(e.getMessage().startsWith("csv: " + cut + ": expected a complete gzip stream, got one that is cut"
                + " short or corrupt after line "), e.getMessage());
        assertTrue(e.getMessage().contains("Unexpected end of ZLIB input stream"), e.getMessage());

        Path header = dir.resolve("header.csv.gz"); // the signature and half a header
        Files.write(header, java.util.Arrays.copyOf(whole, 5));
        IOException h = assertThrows(IOException.class, () -> CsvReader.withoutHeader().matrix(header));
        assertTrue(h.getMessage().startsWith("csv: " + header + ": expected a complete gzip header"), h.getMessage());

        byte[] corrupt = whole.clone();
        for (int i = 20; i < 40; i++) {
            corrupt[i] = (byte) 0xFF;
        }
        Path bad = dir.resolve("corrupt.csv.gz");
        Files.write(bad, corrupt);
        IOException c = assertThrows(IOException.class, () -> CsvReader.withoutHeader().matrix(bad));
        assertTrue(c.getMessage().startsWith("csv: " + bad + ": expected a complete gzip stream"), c.getMessage());
    }
}
