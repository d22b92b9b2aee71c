package dev.adjoint.nn.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * Draws a {@link History} with XChart: every recorded series (training and validation loss and metrics)
 * against the epoch, in one panel. PNG or SVG by the file's extension.
 */
public final class HistoryChart {

    private HistoryChart() {
    }

    /** Writes the chart of {@code history} to {@code file} ({@code .png} or {@code .svg}). */
    public static void write(History history, Path file, String title) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean svg = name.endsWith(".svg");
        if (!svg && !name.endsWith(".png")) {
            throw new IllegalArgumentException("chart: file must end in .png or .svg, got " + file);
        }
        if (history.size() == 0) {
            throw new IllegalArgumentException("chart: history has no epochs to draw");
        }
        XYChart chart = new XYChartBuilder().width(900).height(540).title(title).xAxisTitle("epoch")
                .yAxisTitle("value").build();
        chart.getStyler().setMarkerSize(4);
        List<Double> epochs = new ArrayList<>();
        for (int i = 1; i <= history.size(); i++) {
            epochs.add((double) i);
        }
        for (String metric : history.names()) {
            if (metric.equals("lr")) {
                continue;
            }
            chart.addSeries(metric, epochs, history.metric(metric));
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            java.nio.file.Files.createDirectories(parent);
        }
        String base = file.toString().substring(0, file.toString().length() - 4);
        if (svg) {
            VectorGraphicsEncoder.saveVectorGraphic(chart, base, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } else {
            BitmapEncoder.saveBitmap(chart, base, BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
