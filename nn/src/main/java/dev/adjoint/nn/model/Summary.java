package dev.adjoint.nn.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Formats a model summary as a table, like Keras's {@code model.summary()}: layer and type, output shape and
 * parameter count (right-aligned), and with {@code show_trainable} a centred "Trainable" column of {@code Y},
 * {@code N} or {@code -}.
 */
final class Summary {

    private Summary() {
    }

    static String of(Model model, boolean showTrainable) {
        int columns = showTrainable ? 4 : 3;
        List<String[]> rows = new ArrayList<>();
        rows.add(showTrainable ? new String[] {"Layer (type)", "Output shape", "Param #", "Trainable"}
                : new String[] {"Layer (type)", "Output shape", "Param #"});
        for (LayerInfo layer : model.layers()) {
            String name = layer.name() + " (" + layer.kind() + ")";
            String shape = layer.outputShapeText();
            String count = String.format("%,d", layer.parameters());
            rows.add(showTrainable ? new String[] {name, shape, count, trainable(layer)}
                    : new String[] {name, shape, count});
        }
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        int width = 0;
        for (int c = 0; c < columns; c++) {
            width += widths[c] + (c == 0 ? 0 : 3);
        }
        String rule = "-".repeat(width);
        StringBuilder sb = new StringBuilder();
        sb.append("Model: ").append(model.getClass().getSimpleName()).append(" (input ")
                .append(model.inputShape()).append(", ").append(model.dtype().shortName()).append(")\n");
        sb.append(rule).append('\n');
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            sb.append(String.format("%-" + widths[0] + "s   %-" + widths[1] + "s   %" + widths[2] + "s", row[0],
                    row[1], row[2]));
            if (showTrainable) {
                sb.append("   ").append(centred(row[3], widths[3]).stripTrailing());
            }
            sb.append(System.lineSeparator());
            if (r == 0) {
                sb.append(rule.replace('-', '=')).append('\n');
            }
        }
        sb.append(rule).append('\n');
        long total = model.parameterCount();
        long trainable = model.trainableParameterCount();
        sb.append(String.format("Total params: %,d%nTrainable params: %,d%nNon-trainable params: %,d%n", total,
                trainable, total - trainable));
        return sb.toString();
    }

    /** Keras's mark: {@code -} for a layer without weights, else {@code Y} or {@code N} by its trainable flag. */
    private static String trainable(LayerInfo layer) {
        if (layer.parameters() == 0) {
            return "-";
        }
        return layer.trainable() ? "Y" : "N";
    }

    private static String centred(String text, int width) {
        int left = (width - text.length()) / 2;
        return " ".repeat(left) + text + " ".repeat(width - text.length() - left);
    }
}
