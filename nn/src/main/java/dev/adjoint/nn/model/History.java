package dev.adjoint.nn.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What {@code fit} returns: per epoch, the training loss and metrics and their validation counterparts
 * ({@code val_loss}, ...), as Keras's {@code History}. Write it as a chart with {@link #writeChart}.
 */
public final class History {

    private final List<Map<String, Double>> epochs = new ArrayList<>();

    /** An empty history. */
    public History() {
    }

    /** Records one epoch's figures. */
    void append(Map<String, Double> logs) {
        epochs.add(Collections.unmodifiableMap(new LinkedHashMap<>(logs)));
    }

    /** The number of recorded epochs. */
    public int size() {
        return epochs.size();
    }

    /** The figures of every epoch, in order. */
    public List<Map<String, Double>> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** The metric names recorded, in first-seen order. */
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        epochs.forEach(e -> names.addAll(e.keySet()));
        return names;
    }

    /**
     * One metric per epoch.
     *
     * @throws IllegalArgumentException naming the known metrics when {@code name} was not recorded
     */
    public List<Double> metric(String name) {
        Objects.requireNonNull(name, "name is null");
        if (!names().contains(name)) {
            throw new IllegalArgumentException("history: no metric '" + name + "'; recorded: " + names());
        }
        List<Double> values = new ArrayList<>();
        for (Map<String, Double> e : epochs) {
            values.add(e.getOrDefault(name, Double.NaN));
        }
        return values;
    }

    /**
     * Keras's {@code history.history}: every recorded metric, in first-seen order, mapped to its value per epoch
     * (NaN for an epoch that did not record it). An unmodifiable copy.
     */
    public Map<String, List<Double>> asMap() {
        Map<String, List<Double>> all = new LinkedHashMap<>();
        for (String name : names()) {
            all.put(name, List.copyOf(metric(name)));
        }
        return Collections.unmodifiableMap(all);
    }

    /** The last epoch's value of a metric. */
    public double last(String name) {
        List<Double> values = metric(name);
        return values.get(values.size() - 1);
    }

    /**
     * Writes loss and metric curves (training and validation) to a PNG or SVG file, chosen by the file's
     * extension.
     */
    public void writeChart(Path file, String title) throws IOException {
        HistoryChart.write(this, file, title);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("History(" + epochs.size() + " epochs)");
        for (int i = 0; i < epochs.size(); i++) {
            sb.append("\n  epoch ").append(i + 1).append(": ").append(Fit.format(epochs.get(i)));
        }
        return sb.toString();
    }
}
