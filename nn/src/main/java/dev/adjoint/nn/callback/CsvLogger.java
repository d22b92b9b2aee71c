package dev.adjoint.nn.callback;

import dev.adjoint.nn.model.Callback;
import dev.adjoint.nn.model.TrainingContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes one CSV row per epoch, as Keras's {@code CSVLogger}: the column {@code epoch} (0-based), then the first
 * epoch's figures in sorted order ({@code learning_rate, loss, val_loss}), a figure missing from a later epoch
 * written {@code NA}. By default the file is rewritten when training begins; {@link #appending()} adds the rows of
 * a continued run to the file instead (Keras's {@code append=True}), writing the header only into an empty or new
 * file. Appended rows follow the existing header's columns, {@code NA} for a figure the continued run does not
 * report; when the file's last line has no line break, the appended rows start on a new line (where Keras would
 * join the first to it). A figure the header has no column for is refused, naming the header and the new columns,
 * where Keras would write a row longer than its header: when training begins for the figures {@code fit} reports,
 * and at the first epoch's end, before anything is written, for one a callback adds ({@code learning_rate}). Rows
 * are flushed after every epoch, so the file is readable while training runs. Values are written as Java prints a
 * double ({@code 0.25}, {@code 1.0E-4}).
 */
public final class CsvLogger implements Callback {

    private final Path file;
    private final char separator;
    private final boolean append;
    private CSVPrinter printer;
    private List<String> columns;
    /** When appending to a file with a header: its columns after {@code epoch}. */
    private List<String> existing;

    /** Logs to {@code file}, comma-separated, rewriting it when training begins. */
    public CsvLogger(Path file) {
        this(file, ',', false);
    }

    /**
     * @param file the log file
     * @param separator the field separator (Keras's {@code separator}); not a line break or a quote
     * @param append whether to add to an existing file rather than rewrite it (Keras's {@code append})
     */
    public CsvLogger(Path file, char separator, boolean append) {
        this.file = Objects.requireNonNull(file, "CsvLogger: file is null");
        if (separator == '\n' || separator == '\r' || separator == '"') {
            throw new IllegalArgumentException("CsvLogger: separator must not be a line break or '\"', got "
                    + (separator == '"' ? "'\"'" : "a line break"));
        }
        this.separator = separator;
        this.append = append;
    }

    /** The same logger adding to the file (for a continued run) instead of rewriting it. */
    public CsvLogger appending() {
        return new CsvLogger(file, separator, true);
    }

    /** The same logger with another field separator. */
    public CsvLogger separator(char newSeparator) {
        return new CsvLogger(file, newSeparator, append);
    }

    /**
     * Forgets the last run's columns; when appending to a file with a header, reads it and checks that it has a
     * column for every figure {@code fit} will report.
     *
     * @throws IllegalArgumentException naming the file, its header and the new columns, or a header that does not
     *     start with {@code epoch}
     * @throws UncheckedIOException when the existing file cannot be read
     */
    @Override
    public void onTrainBegin(TrainingContext context) {
        close();
        columns = null;
        existing = null;
        try {
            if (append && hasContent()) {
                existing = header();
                requireColumns(context.availableMetrics());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("CsvLogger: cannot read " + file, e);
        }
    }

    /** The existing file's header after {@code epoch}. */
    private List<String> header() throws IOException {
        List<String> header = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = CSVFormat.DEFAULT.builder().setDelimiter(separator).get()
                        .parse(new StringReader(reader.readLine()))) {
            parser.getRecords().get(0).forEach(header::add);
        }
        if (header.isEmpty() || !header.get(0).equals("epoch")) {
            throw new IllegalArgumentException("CsvLogger: appending to " + file + " needs a header that starts with"
                    + " 'epoch', got " + header);
        }
        return List.copyOf(header.subList(1, header.size()));
    }

    /** Refuses figures the existing header has no column for. */
    private void requireColumns(java.util.Collection<String> figures) {
        java.util.Set<String> added = new java.util.TreeSet<>(figures);
        added.removeAll(existing);
        if (!added.isEmpty()) {
            List<String> header = new ArrayList<>(List.of("epoch"));
            header.addAll(existing);
            throw new IllegalArgumentException("CsvLogger: appending to " + file + " whose header is " + header
                    + " would add the columns " + added + " that it has no place for; log to a new file, or"
                    + " without appending");
        }
    }

    /**
     * Writes the epoch's row.
     *
     * @throws IllegalArgumentException when appending and the logs hold a figure the existing header has no column
     *     for; nothing is written
     */
    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingContext context) {
        try {
            if (printer == null) {
                if (existing != null) {
                    requireColumns(logs.keySet());
                    columns = new ArrayList<>(existing);
                } else {
                    columns = new ArrayList<>(logs.keySet());
                    columns.sort(null);
                }
                List<String> header = new ArrayList<>();
                header.add("epoch");
                header.addAll(columns);
                boolean continuing = existing != null;
                CSVFormat.Builder format = CSVFormat.DEFAULT.builder().setDelimiter(separator);
                if (!continuing) {
                    format.setHeader(header.toArray(new String[0]));
                }
                boolean unterminated = continuing && !endsWithLineBreak();
                Writer writer = continuing
                        ? Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND)
                        : Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                printer = new CSVPrinter(writer, format.get());
                if (unterminated) { // the rows start on a line of their own, not joined to the file's last one
                    printer.println();
                }
            }
            List<Object> row = new ArrayList<>();
            row.add(epoch);
            for (String c : columns) {
                Double value = logs.get(c);
                row.add(value == null ? "NA" : value);
            }
            printer.printRecord(row);
            printer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("CsvLogger: cannot write " + file, e);
        }
    }

    /** Whether the file exists with a non-empty first line (Keras's test for writing no second header). */
    private boolean hasContent() throws IOException {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = reader.readLine();
            return first != null && !first.isEmpty();
        }
    }

    /** Whether the file's last character is a line break ({@code \n} or {@code \r}), as a written row ends. */
    private boolean endsWithLineBreak() throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            long size = channel.size();
            if (size == 0) {
                return true;
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            channel.position(size - 1).read(last);
            return last.get(0) == '\n' || last.get(0) == '\r';
        }
    }

    @Override
    public void onTrainEnd(TrainingContext context) {
        close();
    }

    private void close() {
        if (printer != null) {
            try {
                printer.close();
            } catch (IOException e) {
                throw new UncheckedIOException("CsvLogger: cannot close " + file, e);
            } finally {
                printer = null;
            }
        }
    }
}
