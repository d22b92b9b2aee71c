package dev.adjoint.nn.callback;

import dev.adjoint.nn.model.Callback;
import dev.adjoint.nn.model.TrainingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes one CSV row per epoch ({@code epoch}, then every figure), as Keras's {@code CSVLogger}; the file is
 * rewritten at the start of training and flushed after every epoch, so it is readable while training runs.
 */
public final class CsvLogger implements Callback {

    private final Path file;
    private CSVPrinter printer;
    private List<String> columns;

    /** Logs to {@code file}. */
    public CsvLogger(Path file) {
        this.file = Objects.requireNonNull(file, "file is null");
    }

    @Override
    public void onTrainBegin(TrainingContext context) {
        close();
        columns = null;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingContext context) {
        try {
            if (printer == null) {
                columns = new ArrayList<>(logs.keySet());
                List<String> header = new ArrayList<>();
                header.add("epoch");
                header.addAll(columns);
                Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                printer = new CSVPrinter(writer, CSVFormat.DEFAULT.builder()
                        .setHeader(header.toArray(new String[0])).build());
            }
            List<Object> row = new ArrayList<>();
            row.add(epoch);
            for (String c : columns) {
                row.add(logs.getOrDefault(c, Double.NaN));
            }
            printer.printRecord(row);
            printer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("CsvLogger: cannot write " + file, e);
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
