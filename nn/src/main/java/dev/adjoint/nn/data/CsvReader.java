package dev.adjoint.nn.data;

import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads numeric CSV files (parsed by Apache Commons CSV) into tensors and datasets: one example per line,
 * every column a number except, optionally, the label column, whose values may also be class names. Gzipped
 * input is recognized by its first two bytes; a UTF-8 byte-order mark at the start of the text (as Excel and
 * Windows tools write one) is skipped, so it does not become part of the first column's name or value.
 * The text must be UTF-8 (or ASCII): bytes that are not, as in a Latin-1 or Windows-1252 file, are an
 * {@link IllegalArgumentException} naming the source, the line and the bytes, not characters replaced by
 * U+FFFD (which would merge distinct class names such as {@code café} and {@code cafè}).
 *
 * <pre>{@code
 * Dataset iris = CsvReader.withHeader().dataset(Path.of("iris.csv"), "species");   // names -> 0, 1, 2
 * Tensor x = CsvReader.withoutHeader().delimiter(' ').matrix(Path.of("features.txt.gz"));
 * }</pre>
 *
 * <p>A number is written in decimal: an optional sign, digits with an optional fraction ({@code 3}, {@code -0.5},
 * {@code .5}, {@code 2.}) and an optional exponent ({@code 1e-3}, {@code 6.02E+23}); every field is read
 * without the whitespace around it ({@code 1, 2} is two numbers). NaN and the infinities are written
 * {@code nan} and {@code inf} or {@code infinity}, in any case and with an optional sign, as numpy, pandas, R
 * and Java write them ({@code nan}, {@code NaN}, {@code -inf}, {@code Inf}, {@code Infinity}). Everything else
 * is not a number: Java's other forms ({@code 2d}, {@code 1f}, {@code 0x1p3}), an empty field, and markers of
 * missing values such as {@code NA} or {@code n/a}, unless the reader declares them missing.
 *
 * <p><b>Missing values</b> are declared, as pandas' {@code na_values}: {@code missing("", "NA")} reads an empty
 * field and {@code NA} (compared after trimming, case-sensitively) as NaN in a numeric column; nothing is missing
 * by default, so a stray empty field is still reported. Fill them before training with {@link Imputer} (a model
 * refuses NaN inputs). <b>Categorical columns</b> (text such as {@code male}, {@code 40-59}) are read with
 * {@link #table}, whose {@link CsvTable#strings} gives a column's values for a {@link StringLookup} (a missing
 * marker is {@code null} there), and {@link CsvTable#numbers} / {@link CsvTable#matrix} its numeric columns:
 *
 * <pre>{@code
 * CsvTable table = CsvReader.withHeader().missing("", "NA").table(Path.of("patients.csv"));
 * Tensor numeric = table.matrix("bmi", "bp", "s1");                    // NaN where a value is missing
 * StringLookup band = StringLookup.adapt(table.strings("age_band"));   // vocabulary by frequency, [UNK] first
 * Tensor bandIndex = band.indices(table.strings("age_band"));           // [rows, 1], 0 for unknown or missing
 * }</pre> A finite value too large for
 * a double ({@code 1e400}) is an error, not an infinity; one too small for it rounds to zero, as in Python.
 *
 * <p>Every value is checked while reading; a bad one is reported with the source, the physical line of the
 * file (counting blank lines, and the lines of a quoted value that spans several) and the column,
 * e.g. {@code csv: iris.csv line 7, column 'petal_width': expected a number, got 'n/a'}. The names of a header
 * line must be distinct ({@code a,a,label} is refused, naming the name and both columns): a column is looked
 * up, and reported, by its name. A quoted value that is not closed before the end of the file, and other
 * CSV syntax errors, are an {@link IllegalArgumentException} naming the source and line; a gzip stream cut
 * short or corrupt is an {@link IOException} naming the source and the last line read.
 *
 * <p>The methods reading a {@link Path} throw, besides, a {@link java.nio.file.FileSystemException} naming
 * the path when it is missing ({@code NoSuchFileException}), not readable ({@code AccessDeniedException}) or
 * a directory ({@code <path>: expected a CSV file, got a directory}).
 *
 * @param delimiter the field separator; with {@code ' '} any run of spaces separates fields
 * @param header whether the first line names the columns
 * @param missing the fields (after trimming) that mark a missing value, read as NaN; empty for none
 */
public record CsvReader(char delimiter, boolean header, Set<String> missing) {

    /**
     * Validates the delimiter and copies the markers of missing values.
     *
     * @throws IllegalArgumentException for a delimiter that is the quote character {@code '"'} or a line break
     *     ({@code '\n'}, {@code '\r'}), or a marker with surrounding whitespace
     * @throws NullPointerException when {@code missing} or one of its markers is null
     */
    public CsvReader {
        if (delimiter == '"') {
            throw new IllegalArgumentException("csv: the delimiter must not be '\"', the quote character that"
                    + " encloses a field holding delimiters or line breaks");
        }
        if (delimiter == '\n' || delimiter == '\r') {
            throw new IllegalArgumentException("csv: the delimiter must not be a line break, which ends a record,"
                    + " got '" + (delimiter == '\n' ? "\\n" : "\\r") + "'");
        }
        Objects.requireNonNull(missing, "CsvReader: missing is null");
        for (String marker : missing) {
            Objects.requireNonNull(marker, "CsvReader: a missing-value marker is null");
        }
        missing = Set.copyOf(missing);
        for (String marker : missing) {
            if (!marker.equals(marker.trim())) {
                throw new IllegalArgumentException("csv: a missing-value marker is compared with trimmed fields, so it"
                        + " must not start or end with whitespace, got '" + marker + "'");
            }
        }
    }

    /** A reader without missing values. */
    public CsvReader(char delimiter, boolean header) {
        this(delimiter, header, Set.of());
    }

    /** Comma-separated, the first line naming the columns. */
    public static CsvReader withHeader() {
        return new CsvReader(',', true);
    }

    /** Comma-separated, data from the first line. */
    public static CsvReader withoutHeader() {
        return new CsvReader(',', false);
    }

    /**
     * The same with another separator.
     *
     * @throws IllegalArgumentException for the quote character {@code '"'} or a line break, which CSV reserves
     */
    public CsvReader delimiter(char separator) {
        return new CsvReader(separator, header, missing);
    }

    /**
     * The same reading these fields (compared after trimming, case-sensitively; {@code ""} for an empty field) as
     * missing values: NaN in numbers, {@code null} in {@link CsvTable#strings}. A label column must not hold one.
     *
     * @throws NullPointerException when a marker is null
     */
    public CsvReader missing(String... markers) {
        Objects.requireNonNull(markers, "CsvReader.missing: markers is null");
        for (int i = 0; i < markers.length; i++) {
            Objects.requireNonNull(markers[i], "CsvReader.missing: markers[" + i + "] is null");
        }
        return new CsvReader(delimiter, header, Set.copyOf(java.util.Arrays.asList(markers)));
    }

    /**
     * The whole file as a table of text fields, for files with categorical columns (read them with
     * {@link CsvTable#strings}) beside numeric ones ({@link CsvTable#numbers}, {@link CsvTable#matrix}).
     */
    public CsvTable table(Path file) throws IOException {
        try (InputStream in = open(file)) {
            return table(in, file.toString());
        }
    }

    /** As {@link #table(Path)}, from a stream named {@code source} in messages. */
    public CsvTable table(InputStream in, String source) throws IOException {
        return new CsvTable(read(in, source));
    }

    /** Every column of a file as one float64 matrix {@code [lines, columns]}. */
    public Tensor matrix(Path file) throws IOException {
        try (InputStream in = open(file)) {
            return matrix(in, file.toString());
        }
    }

    /** Every column of a stream (named {@code source} in messages) as a float64 matrix. */
    public Tensor matrix(InputStream in, String source) throws IOException {
        Table table = read(in, source);
        double[] values = new double[table.rows.size() * table.width];
        for (int i = 0; i < table.rows.size(); i++) {
            for (int j = 0; j < table.width; j++) {
                values[i * table.width + j] = table.number(i, j);
            }
        }
        return Tensor.of(Shape.of(table.rows.size(), table.width), values);
    }

    /**
     * A dataset whose label is the column named {@code labelColumn} (the file must have a header) and whose
     * features are all the other columns, in order.
     */
    public Dataset dataset(Path file, String labelColumn) throws IOException {
        Objects.requireNonNull(labelColumn, "CsvReader.dataset: labelColumn is null");
        try (InputStream in = open(file)) {
            Table table = read(in, file.toString());
            return table.dataset(table.column(labelColumn));
        }
    }

    /**
     * A dataset whose label is column {@code labelColumn} (0-based; negative counts from the end, -1 the last
     * column) and whose features are all the other columns.
     */
    public Dataset dataset(Path file, int labelColumn) throws IOException {
        try (InputStream in = open(file)) {
            return dataset(in, file.toString(), labelColumn);
        }
    }

    /** As {@link #dataset(Path, int)}, from a stream named {@code source} in messages. */
    public Dataset dataset(InputStream in, String source, int labelColumn) throws IOException {
        Table table = read(in, source);
        int column = labelColumn < 0 ? table.width + labelColumn : labelColumn;
        if (column < 0 || column >= table.width) {
            throw new IllegalArgumentException("csv: " + source + ": label column must be in [-" + table.width + ", "
                    + table.width + "), got " + labelColumn);
        }
        return table.dataset(column);
    }

    /** The file's bytes; a directory is reported naming its path (else the read fails naming none). */
    private static InputStream open(Path file) throws IOException {
        Objects.requireNonNull(file, "CsvReader: file is null");
        if (Files.isDirectory(file)) {
            throw new FileSystemException(file.toString(), null, "expected a CSV file, got a directory");
        }
        return Files.newInputStream(file);
    }

    private Table read(InputStream raw, String source) throws IOException {
        Objects.requireNonNull(raw, "CsvReader: in is null");
        Objects.requireNonNull(source, "CsvReader: source is null");
        InputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        if (gzip) {
            try {
                in = new GZIPInputStream(in, 1 << 16);
            } catch (IOException e) {
                throw new IOException("csv: " + source + ": expected a complete gzip header (the file starts with the"
                        + " gzip signature 1f 8b), got " + describe(e), e);
            }
        }
        boolean spaces = delimiter == ' ';
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreSurroundingSpaces(spaces)
                .setIgnoreEmptyLines(true).get();
        Table table = new Table(source, missing);
        Utf8Text text = new Utf8Text(in, source, gzip);
        try (Reader reader = withoutByteOrderMark(text); CSVParser parser = format.parse(reader)) {
            try {
                for (CSVRecord record : parser) {
                    // The parser has just read the record's last line; the record began as many lines earlier as
                    // its quoted values hold line breaks (blank lines before it are skipped, not part of it).
                    long line = parser.getCurrentLineNumber() - lineBreaks(record);
                    List<String> fields = new ArrayList<>();
                    int[] lines = null; // each field's line after the first, for a record over several lines
                    int breaks = 0;
                    for (String field : record) {
                        if (!(spaces && field.isBlank())) {
                            fields.add(field.trim());
                            if (breaks > 0) {
                                lines = lines == null ? new int[record.size()] : lines;
                                lines[fields.size() - 1] = breaks;
                            }
                        }
                        breaks += lineBreaks(field);
                    }
                    table.add(fields, line, lines, header && table.names == null);
                }
            } catch (UncheckedIOException e) { // the parser's iterator wraps what reading and parsing throw
                throw reported(e.getCause(), source, parser.getCurrentLineNumber());
            }
        } catch (Failure e) {
            throw e.reported(); // from the first read, before the parser exists
        }
        if (table.rows.isEmpty()) {
            throw new IllegalArgumentException("csv: " + source + ": expected at least one line of data, got none");
        }
        return table;
    }

    /** A "(startline N)" in Commons CSV's message for a quoted value the file ends in. */
    private static final Pattern START_LINE = Pattern.compile("\\(startline ([^)]*)\\) EOF reached before"
            + " encapsulated token finished");

    /**
     * The exception to throw for a failure while parsing: the text's own report (invalid UTF-8, a cut gzip
     * stream) as it is, a CSV syntax error as an {@link IllegalArgumentException} naming the source and line.
     */
    private static Exception reportedException(IOException e, String source, long linesRead) {
        if (e instanceof Failure failure) {
            return failure.report;
        }
        if (e instanceof CSVException) {
            Matcher unterminated = START_LINE.matcher(String.valueOf(e.getMessage()));
            if (unterminated.find()) {
                String digits = unterminated.group(1).replaceAll("[^0-9]", "");
                String where = digits.isEmpty() ? " after line " + linesRead : " line " + digits;
                return new IllegalArgumentException("csv: " + source + where + ": expected a closing '\"' for the"
                        + " quoted value that starts there, got the end of the file", e);
            }
            return new IllegalArgumentException("csv: " + source + " after line " + linesRead + ": expected valid"
                    + " CSV, got " + e.getMessage(), e);
        }
        return new IOException("csv: " + source + ": cannot read after line " + linesRead + ": " + describe(e), e);
    }

    /** {@link #reportedException} thrown as what it is. */
    private static IOException reported(IOException e, String source, long linesRead) {
        Exception r = reportedException(e, source, linesRead);
        if (r instanceof RuntimeException runtime) {
            throw runtime;
        }
        return (IOException) r;
    }

    /** An exception's class and message, for a message of ours that wraps it. */
    private static String describe(Exception e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** A failure that {@link Utf8Text} has already described with the source and line, to be thrown as is. */
    private static final class Failure extends IOException {
        private final Exception report;

        Failure(Exception report) {
            super(report.getMessage(), report);
            this.report = report;
        }

        /** The report, as the unchecked or checked exception it is. */
        IOException reported() {
            if (report instanceof RuntimeException runtime) {
                throw runtime;
            }
            return (IOException) report;
        }
    }

    /**
     * The characters of UTF-8 bytes, decoded strictly: a byte sequence that is not UTF-8 (a Latin-1 or
     * Windows-1252 file) is an error naming the source and line rather than a U+FFFD that merges distinct
     * values ({@code café} and {@code cafè} in Latin-1 would both read {@code caf\uFFFD}). A failing read
     * (a cut or corrupt gzip stream) is reported naming the source and the last line read. Lines are counted
     * as the parser counts them: {@code \n}, {@code \r} and {@code \r\n} each end one.
     */
    private static final class Utf8Text extends Reader {
        private final InputStream in;
        private final String source;
        private final boolean gzip;
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16).flip();
        private final CharBuffer chars = CharBuffer.allocate(1 << 16).flip();
        /** The line breaks decoded so far. */
        private long breaks;
        private boolean afterCr;
        private boolean endOfBytes;
        private boolean done;

        Utf8Text(InputStream in, String source, boolean gzip) {
            this.in = in;
            this.source = source;
            this.gzip = gzip;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, buffer.length);
            if (length == 0) {
                return 0;
            }
            while (!chars.hasRemaining()) {
                if (!fill()) {
                    return -1;
                }
            }
            int n = Math.min(length, chars.remaining());
            chars.get(buffer, offset, n);
            return n;
        }

        /** Decodes more characters into {@link #chars}; false at the end of the text. */
        private boolean fill() throws IOException {
            if (done) {
                return false;
            }
            chars.clear();
            while (chars.position() == 0 && !done) {
                if (!endOfBytes) {
                    bytes.compact();
                    int n;
                    try {
                        n = in.read(bytes.array(), bytes.position(), bytes.remaining());
                    } catch (IOException e) {
                        String what = gzip && (e instanceof EOFException || e instanceof ZipException)
                                ? ": expected a complete gzip stream, got one that is cut short or corrupt after line "
                                : ": cannot read after line ";
                        throw new Failure(new IOException("csv: " + source + what + (breaks + 1) + " ("
                                + describe(e) + ")", e));
                    }
                    if (n < 0) {
                        endOfBytes = true;
                    } else {
                        bytes.position(bytes.position() + n);
                    }
                    bytes.flip();
                }
                CoderResult result = decoder.decode(bytes, chars, endOfBytes);
                if (result.isError()) {
                    count(chars.position());
                    StringBuilder got = new StringBuilder();
                    for (int i = 0; i < result.length(); i++) {
                        got.append(i == 0 ? "" : " ").append(String.format("0x%02X", bytes.get(bytes.position() + i)));
                    }
                    throw new Failure(new IllegalArgumentException("csv: " + source + " line " + (breaks + 1)
                            + ": expected UTF-8 text, got the byte" + (result.length() == 1 ? " " : "s ") + got
                            + (endOfBytes && bytes.position() + result.length() == bytes.limit()
                                    ? " (a character cut short at the end of the file)"
                                    : ", which is not UTF-8 (is the file in another encoding, such as Latin-1 or"
                                            + " Windows-1252? save it as UTF-8)")));
                }
                if (endOfBytes && result.isUnderflow()) {
                    decoder.flush(chars);
                    done = true;
                }
            }
            count(chars.position());
            chars.flip();
            return chars.hasRemaining();
        }

        /** Counts the line breaks in the first {@code n} characters of {@link #chars} (in write mode). */
        private void count(int n) {
            char[] a = chars.array(); // a heap buffer: its array from index 0
            boolean cr = afterCr;
            long found = 0;
            for (int i = 0; i < n; i++) {
                char c = a[i];
                if (c <= '\r') { // the rare characters up to '\r' only: one comparison for the rest
                    if (c == '\r' || (c == '\n' && !cr)) {
                        found++;
                    }
                    cr = c == '\r';
                } else {
                    cr = false;
                }
            }
            breaks += found;
            afterCr = cr;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** {@code text} after its byte-order mark (U+FEFF as its first character), if it has one. */
    private static Reader withoutByteOrderMark(Reader text) throws IOException {
        BufferedReader reader = new BufferedReader(text, 1 << 16);
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
        return reader;
    }

    /** The line breaks in the values of a record, each counted as its parser counts lines. */
    private static int lineBreaks(CSVRecord record) {
        int breaks = 0;
        for (String field : record) {
            breaks += lineBreaks(field);
        }
        return breaks;
    }

    /** The line breaks in a value: {@code \n}, {@code \r} and {@code \r\n} each count once. */
    private static int lineBreaks(String value) {
        if (value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return 0; // nearly every value: two intrinsic searches instead of a loop over its characters
        }
        int breaks = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\n' || c == '\r' && (i + 1 == value.length() || value.charAt(i + 1) != '\n')) {
                breaks++;
            }
        }
        return breaks;
    }

    /** The fields of a file, checked to be rectangular. */
    static final class Table {
        /** NaN or an infinity as numpy, pandas, R and Java write them. */
        private static final Pattern SPECIAL = Pattern.compile("([+-]?)(nan|inf|infinity)",
                Pattern.CASE_INSENSITIVE);

        private final String source;
        private final Set<String> missing;
        private final List<String[]> rows = new ArrayList<>();
        private final List<Long> lines = new ArrayList<>();
        /** Per row, null for a row on one line, else each field's line counted from the row's first. */
        private final List<int[]> fieldLines = new ArrayList<>();
        private List<String> names;
        private int width = -1;

        Table(String source, Set<String> missing) {
            this.source = source;
            this.missing = missing;
        }

        /** The column names, or null without a header. */
        List<String> names() {
            return names;
        }

        int width() {
            return width;
        }

        int rows() {
            return rows.size();
        }

        /** A field as written (trimmed), or null when it marks a missing value. */
        String text(int row, int column) {
            String field = rows.get(row)[column];
            return missing.contains(field) ? null : field;
        }

        /** A record's trimmed fields; {@code line} is where it starts, {@code lineOffsets} as {@link #fieldLines}. */
        void add(List<String> fields, long line, int[] lineOffsets, boolean isHeader) {
            if (width >= 0 && fields.size() != width) {
                throw new IllegalArgumentException("csv: " + source + " line " + line + ": expected " + width
                        + " fields like the lines before, got " + fields.size());
            }
            width = fields.size();
            if (isHeader) {
                Map<String, Integer> seen = new HashMap<>();
                for (int j = 0; j < fields.size(); j++) {
                    Integer first = seen.putIfAbsent(fields.get(j), j);
                    if (first != null) {
                        throw new IllegalArgumentException("csv: " + source + " line " + line + ": the header's"
                                + " column names must be distinct, got '" + fields.get(j) + "' as column " + first
                                + " and as column " + j + " (0-based)");
                    }
                }
                names = List.copyOf(fields);
            } else {
                rows.add(fields.toArray(new String[0]));
                lines.add(line);
                fieldLines.add(lineOffsets);
            }
        }

        int column(String name) {
            if (names == null) {
                throw new IllegalArgumentException("csv: " + source + ": columns are named only with a header line;"
                        + " got label column '" + name + "' for a reader without header");
            }
            int column = names.indexOf(name);
            if (column < 0) {
                throw new IllegalArgumentException("csv: " + source + ": no column named '" + name + "', got columns "
                        + names);
            }
            return column;
        }

        /** The number in a field, as the class documents; anything else is reported with where it is. */
        double number(int row, int column) {
            String field = rows.get(row)[column];
            if (missing.contains(field)) {
                return Double.NaN;
            }
            if (isDecimal(field)) {
                double value = Double.parseDouble(field);
                if (Double.isInfinite(value)) {
                    throw bad(row, column, "expected a number within the range of a double (at most "
                            + Double.MAX_VALUE + " in magnitude)");
                }
                return value;
            }
            Matcher special = SPECIAL.matcher(field);
            if (special.matches()) {
                if (special.group(2).equalsIgnoreCase("nan")) {
                    return Double.NaN;
                }
                return special.group(1).equals("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            throw bad(row, column, "expected a number");
        }

        /** Whether a field is written as a number {@link #number} reads (it may still be too large). */
        private static boolean isNumber(String field) {
            return isDecimal(field) || SPECIAL.matcher(field).matches();
        }

        /**
         * Whether a field is a decimal number: an optional sign, digits with an optional fraction (or a fraction
         * alone: {@code .5}, {@code 2.}), an optional exponent {@code e} or {@code E} with optional sign and digits;
         * ASCII digits only. (A scan rather than a regular expression: it runs once per value of a file.)
         */
        private static boolean isDecimal(String field) {
            int n = field.length();
            int i = 0;
            if (i < n && (field.charAt(i) == '+' || field.charAt(i) == '-')) {
                i++;
            }
            int digits = 0;
            while (i < n && isDigit(field.charAt(i))) {
                i++;
                digits++;
            }
            if (i < n && field.charAt(i) == '.') {
                i++;
                while (i < n && isDigit(field.charAt(i))) {
                    i++;
                    digits++;
                }
            }
            if (digits == 0) {
                return false;
            }
            if (i < n && (field.charAt(i) == 'e' || field.charAt(i) == 'E')) {
                i++;
                if (i < n && (field.charAt(i) == '+' || field.charAt(i) == '-')) {
                    i++;
                }
                int exponent = i;
                while (i < n && isDigit(field.charAt(i))) {
                    i++;
                }
                if (i == exponent) {
                    return false;
                }
            }
            return i == n;
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        IllegalArgumentException bad(int row, int column, String expected) {
            int[] offsets = fieldLines.get(row);
            long line = lines.get(row) + (offsets == null ? 0 : offsets[column]);
            return new IllegalArgumentException("csv: " + source + " line " + line + ", column "
                    + (names == null ? String.valueOf(column) : "'" + names.get(column) + "'")
                    + ": " + expected + ", got '" + rows.get(row)[column] + "'");
        }

        Dataset dataset(int label) {
            int n = rows.size();
            int features = width - 1;
            double[] x = new double[n * features];
            for (int i = 0; i < n; i++) {
                for (int j = 0, k = 0; j < width; j++) {
                    if (j != label) {
                        x[i * features + k++] = number(i, j);
                    }
                }
            }
            List<String> classes = classNames(label);
            Map<String, Integer> index = new HashMap<>(); // a lookup per row: indexOf made many classes quadratic
            for (int c = 0; c < classes.size(); c++) {
                index.put(classes.get(c), c);
            }
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                if (missing.contains(rows.get(i)[label])) {
                    throw bad(i, label, "expected a label (a missing label cannot be trained on; drop the row)");
                }
                y[i] = classes.isEmpty() ? number(i, label) : index.get(rows.get(i)[label]);
            }
            return new Dataset(Tensor.of(Shape.of(n, features), x), Tensor.of(Shape.of(n), y), classes);
        }

        /** The sorted distinct labels when any of them is not a number, else empty (numeric labels). */
        private List<String> classNames(int label) {
            TreeSet<String> names = new TreeSet<>();
            boolean numeric = true;
            for (String[] row : rows) {
                names.add(row[label]);
                numeric &= isNumber(row[label]);
            }
            return numeric ? List.of() : List.copyOf(names);
        }
    }
}
