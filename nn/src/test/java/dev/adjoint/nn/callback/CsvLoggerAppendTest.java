package dev.adjoint.nn.callback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.Blobs;
import dev.adjoint.nn.model.CallbackException;
import dev.adjoint.nn.model.FitOptions;
import dev.adjoint.nn.model.History;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.nn.model.Verbosity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CsvLogger#appending()} keeps the file a well-formed CSV: appended rows follow the existing header, a
 * figure it has no column for is refused before anything is written (Keras would write a row longer than its
 * header), and a figure it has that the run does not report is written {@code NA}.
 */
class CsvLoggerAppendTest {

    @TempDir
    Path dir;

    private final Tensor[] data = Blobs.of(30, 4);
    private static final FitOptions QUIET = FitOptions.defaults().verbosity(Verbosity.SILENT).batchSize(10);

    @Test
    void aContinuedRunWithTheSameFiguresAddsRowsUnderTheOneHeader() throws IOException {
        Path file = dir.resolve("log.csv");
        Sequential model = Blobs.classifier(1);
        model.fit(data[0], data[1], QUIET.epochs(2).callbacks(new CsvLogger(file)));
        model.fit(data[0], data[1], QUIET.epochs(3).initialEpoch(2).callbacks(new CsvLogger(file).appending()));
        List<String> lines = Files.readAllLines(file);
        assertEquals(4, lines.size(), lines.toString());
        assertEquals("epoch,loss,sparse_categorical_accuracy", lines.get(0));
        assertEquals(List.of("0", "1", "2"), lines.subList(1, 4).stream().map(l -> l.split(",")[0]).toList());
    }

    /** A file whose last line has no line break (edited by hand, written by another tool) gets its own lines. */
    @Test
    void rowsAppendedToAFileWithoutAFinalLineBreakStartOnANewLine() throws IOException {
        String header = "epoch,loss,sparse_categorical_accuracy";
        Path file = dir.resolve("log.csv");
        Files.writeString(file, header + "\n0,1.00,0.5");
        Path headerOnly = dir.resolve("header.csv");
        Files.writeString(headerOnly, header);
        Sequential model = Blobs.classifier(6);
        History history = model.fit(data[0], data[1], QUIET.epochs(2).initialEpoch(1).callbacks(
                new CsvLogger(file).appending(), new CsvLogger(headerOnly).appending()));
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size(), lines.toString());
        assertEquals(List.of(header, "0,1.00,0.5"), lines.subList(0, 2));
        assertEquals(List.of("1", String.valueOf(history.last("loss"))),
                List.of(lines.get(2).split(",")).subList(0, 2));
        List<String> second = Files.readAllLines(headerOnly);
        assertEquals(2, second.size(), second.toString());
        assertEquals(header, second.get(0));
        assertEquals(lines.get(2), second.get(1));
    }

    @Test
    void aFigureTheHeaderLacksIsRefusedWhenTrainingBeginsAndNothingChanges() throws IOException {
        Path file = dir.resolve("log.csv");
        Sequential model = Blobs.classifier(2);
        model.fit(data[0], data[1], QUIET.epochs(1).callbacks(new CsvLogger(file)));
        byte[] before = Files.readAllBytes(file);
        long step = model.state().step();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.fit(data[0], data[1],
                QUIET.epochs(1).validationData(data[0], data[1]).callbacks(new CsvLogger(file).appending())));
        assertEquals("CsvLogger: appending to " + file + " whose header is [epoch, loss, sparse_categorical_accuracy]"
                + " would add the columns [val_loss, val_sparse_categorical_accuracy] that it has no place for; log to"
                + " a new file, or without appending", e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(step, model.state().step(), "nothing trained");
    }

    /** {@code learning_rate}, which a callback adds to the logs, is refused at the first epoch's end, unwritten. */
    @Test
    void aFigureACallbackAddsIsRefusedBeforeItsRowIsWritten() throws IOException {
        Path file = dir.resolve("log.csv");
        Sequential model = Blobs.classifier(3);
        model.fit(data[0], data[1], QUIET.epochs(1).callbacks(new CsvLogger(file)));
        byte[] before = Files.readAllBytes(file);
        CallbackException e = assertThrows(CallbackException.class, () -> model.fit(data[0], data[1],
                QUIET.epochs(1).callbacks(new LearningRateScheduler((epoch, lr) -> lr),
                        new CsvLogger(file).appending())));
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertEquals("CsvLogger: appending to " + file + " whose header is [epoch, loss, sparse_categorical_accuracy]"
                + " would add the columns [learning_rate] that it has no place for; log to a new file, or without"
                + " appending", e.getCause().getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void aFigureTheRunLacksIsWrittenNaUnderTheExistingHeader() throws IOException {
        Path file = dir.resolve("log.csv");
        Sequential model = Blobs.classifier(4);
        CsvLogger semicolons = new CsvLogger(file).separator(';');
        model.fit(data[0], data[1], QUIET.epochs(1).validationData(data[0], data[1]).callbacks(semicolons));
        model.fit(data[0], data[1], QUIET.epochs(2).initialEpoch(1).callbacks(semicolons.appending()));
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size(), lines.toString());
        assertEquals("epoch;loss;sparse_categorical_accuracy;val_loss;val_sparse_categorical_accuracy", lines.get(0));
        String[] row = lines.get(2).split(";");
        assertEquals(5, row.length, lines.get(2));
        assertEquals(List.of("1", "NA", "NA"), List.of(row[0], row[3], row[4]));
    }

    @Test
    void aFileWithoutAnEpochColumnIsRefused() throws IOException {
        Path file = dir.resolve("other.csv");
        Files.writeString(file, "a,b\n1,2\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Blobs.classifier(5)
                .fit(data[0], data[1], QUIET.epochs(1).callbacks(new CsvLogger(file).appending())));
        assertEquals("CsvLogger: appending to " + file + " needs a header that starts with 'epoch', got [a, b]",
                e.getMessage());
        assertEquals("a,b\n1,2\n", Files.readString(file));
    }
}
