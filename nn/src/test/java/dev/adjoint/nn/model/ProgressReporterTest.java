package dev.adjoint.nn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.Blobs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What training prints: a line per epoch off a terminal, a live bar on one, nothing when silent. */
class ProgressReporterTest {

    private static final FitOptions QUIET = FitOptions.defaults().verbosity(Verbosity.SILENT);
    private static final Pattern LINE = Pattern.compile(
            "Epoch (\\d+)/3 - \\d+\\.\\ds - loss (\\d+\\.\\d{4}) - sparse_categorical_accuracy (\\d\\.\\d{4})");

    private static String captured(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void offATerminalEachEpochIsOneLineWithItsFigures() {
        Tensor[] data = Blobs.of(30, 2);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        History h = Blobs.classifier(1).fit(data[0], data[1], QUIET.epochs(3).batchSize(10)
                .callbacks(new ProgressReporter(Verbosity.PROGRESS, out, false)));
        List<String> lines = captured(bytes).lines().toList();
        assertEquals(3, lines.size(), captured(bytes));
        for (int e = 0; e < 3; e++) {
            Matcher m = LINE.matcher(lines.get(e));
            assertTrue(m.matches(), lines.get(e));
            assertEquals(e + 1, Integer.parseInt(m.group(1)));
            Map<String, Double> logs = h.epochs().get(e);
            assertEquals(String.format(Locale.ROOT, "%.4f", logs.get("loss")), m.group(2));
            assertEquals(String.format(Locale.ROOT, "%.4f", logs.get("sparse_categorical_accuracy")), m.group(3));
        }
        assertTrue(!captured(bytes).contains("\r"), "no carriage returns in a log file");
    }

    @Test
    void onATerminalEachEpochIsABarRedrawnInPlaceThenItsLine() {
        Tensor[] data = Blobs.of(30, 2);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        History h = Blobs.classifier(1).fit(data[0], data[1], QUIET.epochs(2).batchSize(10)
                .callbacks(new ProgressReporter(Verbosity.PROGRESS, out, true)));
        String text = captured(bytes);
        assertTrue(text.contains("\r"), "the bar is redrawn in place: " + text);
        List<String> rows = List.of(text.split("\n"));
        assertEquals(4, rows.size(), "a finished bar and a line per epoch: " + text);
        for (int e = 0; e < 2; e++) {
            String bar = rows.get(2 * e);
            String last = bar.substring(bar.lastIndexOf('\r') + 1);
            assertTrue(last.startsWith("Epoch " + (e + 1) + "/2 100%"), last);
            assertTrue(last.contains("3/3 batches"), "batches done of the epoch's: " + last);
            Matcher m = Pattern.compile("Epoch (\\d+)/2 - \\d+\\.\\ds - loss (\\d+\\.\\d{4}) -"
                    + " sparse_categorical_accuracy (\\d\\.\\d{4})").matcher(rows.get(2 * e + 1));
            assertTrue(m.matches(), rows.get(2 * e + 1));
            assertEquals(String.format(Locale.ROOT, "%.4f", h.epochs().get(e).get("loss")), m.group(2));
        }
    }

    @Test
    void epochLinesAreLinesEvenOnATerminalAndSilentPrintsNothing() {
        Tensor[] data = Blobs.of(30, 2);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Blobs.classifier(1).fit(data[0], data[1], QUIET.epochs(3).batchSize(10)
                .callbacks(new ProgressReporter(Verbosity.EPOCH_LINES, out, true)));
        assertEquals(3, captured(bytes).lines().filter(l -> LINE.matcher(l).matches()).count(), captured(bytes));

        PrintStream original = System.out;
        ByteArrayOutputStream silent = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(silent, true, StandardCharsets.UTF_8));
            Blobs.classifier(1).fit(data[0], data[1], QUIET.epochs(2).batchSize(10));
        } finally {
            System.setOut(original);
        }
        assertEquals("", captured(silent));
    }
}
