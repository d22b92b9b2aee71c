package dev.adjoint.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Missing values in CSV files ({@link CsvReader#missing}), {@link CsvTable}, {@link Imputer} and {@link StringLookup}.
 */
class MissingAndCategoricalTest {

    private static final String PATIENTS = "band,sex,bmi,bp,y\n"
            + "40-59,2,32.1,101,151\n"
            + "under 40,,21.6,NA,75\n"
            + "40-59,1, ,93,141\n"
            + "60+,1,25.3,n/a,206\n";

    private static CsvTable table(CsvReader reader, String text) throws IOException {
        return reader.table(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "patients.csv");
    }

    @Test
    void declaredMarkersReadAsNaNAndNullOthersAreStillReportedWithLineAndColumn() throws IOException {
        CsvTable t = table(CsvReader.withHeader().missing("", "NA", "n/a"), PATIENTS);
        assertEquals(List.of("band", "sex", "bmi", "bp", "y"), t.names());
        assertEquals(4, t.rows());
        Tensor m = t.matrix("bmi", "bp");
        assertEquals(Shape.of(4, 2), m.shape());
        assertArrayEquals(new double[] {32.1, 101, 21.6, Double.NaN, Double.NaN, 93, 25.3, Double.NaN},
                m.toDoubleArray());
        assertEquals(Arrays.asList("2", null, "1", "1"), t.strings("sex"));
        assertEquals(List.of("40-59", "under 40", "40-59", "60+"), t.strings("band"));

        // without "n/a" declared, line 5's bp is an error naming the line and the column
        CsvTable strict = table(CsvReader.withHeader().missing("", "NA"), PATIENTS);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> strict.matrix("bp"));
        assertEquals("csv: patients.csv line 5, column 'bp': expected a number, got 'n/a'", e.getMessage());
        // and by default nothing is missing: an empty field is an error, as before
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> table(CsvReader.withHeader(), PATIENTS).numbers("bmi"));
        assertEquals("csv: patients.csv line 4, column 'bmi': expected a number, got ''", empty.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> t.strings("weight")).getMessage()
                .contains("no column named 'weight'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> t.numbers("band")).getMessage()
                .contains("line 2, column 'band': expected a number, got '40-59'"));
    }

    @Test
    void aMissingLabelIsRefusedAndMarkersMustBeTrimmed() {
        String text = "x,label\n1,a\n2,\n";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CsvReader.withHeader()
                .missing("").dataset(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "f.csv", 1));
        assertTrue(e.getMessage().startsWith("csv: f.csv line 3, column 'label': expected a label"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CsvReader.withHeader().missing(" NA"));
    }

    /** A null marker and a delimiter CSV reserves are refused when the reader is made, naming the argument. */
    @Test
    void aNullMarkerAndAReservedDelimiterAreNamed() {
        assertEquals("CsvReader.missing: markers[1] is null", assertThrows(NullPointerException.class,
                () -> CsvReader.withHeader().missing("NA", null)).getMessage());
        assertEquals("CsvReader.missing: markers[0] is null", assertThrows(NullPointerException.class,
                () -> CsvReader.withHeader().missing((String) null)).getMessage());
        java.util.Set<String> withNull = new java.util.HashSet<>(java.util.Arrays.asList("NA", null));
        assertEquals("CsvReader: a missing-value marker is null", assertThrows(NullPointerException.class,
                () -> new CsvReader(',', true, withNull)).getMessage());
        assertEquals(java.util.Set.of("NA"), CsvReader.withHeader().missing("NA", "NA").missing(), "pandas's rule");
        assertEquals("csv: the delimiter must not be '\"', the quote character that encloses a field holding"
                + " delimiters or line breaks", assertThrows(IllegalArgumentException.class,
                () -> CsvReader.withHeader().delimiter('"')).getMessage());
        assertEquals("csv: the delimiter must not be a line break, which ends a record, got '\\n'",
                assertThrows(IllegalArgumentException.class, () -> CsvReader.withHeader().delimiter('\n'))
                        .getMessage());
        assertEquals("csv: the delimiter must not be a line break, which ends a record, got '\\r'",
                assertThrows(IllegalArgumentException.class, () -> new CsvReader('\r', false)).getMessage());
    }

    @Test
    void imputersFillNaNWithTheTrainingRowsMeanMedianOrConstants() {
        double nan = Double.NaN;
        Tensor train = Tensor.matrix(new double[][] {{1, 10}, {nan, 20}, {4, nan}, {7, 60}});
        assertArrayEquals(new double[] {4, 30}, Imputer.mean(train).values());
        assertArrayEquals(new double[] {4, 20}, Imputer.median(train).values());
        Tensor filled = Imputer.mean(train).transform(Tensor.matrix(new double[][] {{nan, nan}, {2, 3}}));
        assertArrayEquals(new double[] {4, 30, 2, 3}, filled.toDoubleArray());
        assertArrayEquals(new double[] {0, -1}, Imputer.constant(0, -1).transform(Tensor.matrix(new double[][] {
            {nan, nan}})).toDoubleArray());
        assertEquals(2.5, Imputer.median(Tensor.matrix(new double[][] {{1}, {4}, {2}, {3}})).values()[0]);

        IllegalArgumentException allMissing = assertThrows(IllegalArgumentException.class,
                () -> Imputer.mean(Tensor.matrix(new double[][] {{1, nan}, {2, nan}})));
        assertTrue(allMissing.getMessage().startsWith("Imputer.mean: feature 1 has no value present"),
                allMissing.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Imputer.mean(Tensor.matrix(new double[][] {
            {1}, {Double.POSITIVE_INFINITY}}))).getMessage().contains("at row 1, feature 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Imputer.mean(train)
                .transform(Tensor.matrix(new double[][] {{1, 2, 3}}))).getMessage().contains("2 features per row"));
        assertThrows(IllegalArgumentException.class, () -> Imputer.constant(1, nan));
    }

    @Test
    void stringLookupOrdersByFrequencyThenValuesHighToLowAndMapsUnknownAndMissingToZero() {
        List<String> training = Arrays.asList("b", "a", "c", "a", null, "c", "d", "a");
        StringLookup lookup = StringLookup.adapt(training);
        // a: 3, c: 2, b and d: 1 each, the tie broken from high to low (d before b), as Keras's adapt
        assertEquals(List.of("[UNK]", "a", "c", "d", "b"), lookup.vocabulary());
        assertEquals(5, lookup.vocabularySize());
        Tensor idx = lookup.indices(Arrays.asList("a", "b", "zzz", null));
        assertEquals(Shape.of(4, 1), idx.shape());
        assertArrayEquals(new double[] {1, 4, 0, 0}, idx.toDoubleArray());
        assertEquals(lookup.vocabulary(), StringLookup.of(List.of("a", "c", "d", "b")).vocabulary());

        assertThrows(IllegalArgumentException.class, () -> StringLookup.of(List.of("a", "a")));
        assertEquals(lookup.vocabulary(), StringLookup.of(lookup.vocabulary()).vocabulary(),
                "of(vocabulary()) rebuilds the lookup: a leading [UNK] is index 0, as in Keras");
        assertEquals(List.of("[UNK]"), StringLookup.of(List.of("[UNK]")).vocabulary());
        assertEquals("StringLookup: the out-of-vocabulary token [UNK] may only come first (index 0), got it at"
                + " position 2", assertThrows(IllegalArgumentException.class,
                        () -> StringLookup.of(List.of("[UNK]", "a", "[UNK]"))).getMessage());
        assertEquals("StringLookup: the out-of-vocabulary token [UNK] may only come first (index 0), got it at"
                + " position 1", assertThrows(IllegalArgumentException.class,
                        () -> StringLookup.of(List.of("a", "[UNK]", "b", "[UNK]"))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> StringLookup.adapt(Arrays.asList(null, null)));
    }

    /**
     * Ties break by Unicode code point (UTF-8 byte order, Keras's), not by UTF-16 unit: U+1F600 (a surrogate
     * pair, U+D83D U+DE00) is above U+FFFD, so it comes first from high to low, where String.compareTo put it
     * below.
     */
    @Test
    void stringLookupBreaksTiesByCodePointBeyondTheBasicPlane() {
        String emoji = new String(Character.toChars(0x1F600));
        String replacement = "\uFFFD";
        StringLookup lookup = StringLookup.adapt(List.of(replacement, emoji));
        assertEquals(List.of("[UNK]", emoji, replacement), lookup.vocabulary());
    }
}
