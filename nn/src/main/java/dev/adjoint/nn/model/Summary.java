package dev.adjoint.nn.model;

import java.util.ArrayList;
import java.util.List;

/** Formats a model summary as a table, like Keras's {@code model.summary()}. */
final class Summary {

    private Summary() {
    }

    static String of(Model model) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Layer (type)", "Output shape", "Param #"});
        for (LayerInfo layer : model.layers()) {
            rows.add(new String[] {layer.name() + " (" + layer.kind() + ")", layer.outputShape().toString(),
                    String.format("%,d", layer.parameters())});
        }
        int[] widths = new int[3];
        for (String[] row : rows) {
            for (int c = 0; c < 3; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        String rule = "-".repeat(widths[0] + widths[1] + widths[2] + 6);
        StringBuilder sb = new StringBuilder();
        sb.append("Model: ").append(model.getClass().getSimpleName()).append(" (input ")
                .append(model.inputShape()).append(", ").append(model.dtype().shortName()).append(")\n");
        sb.append(rule).append('\n');
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            sb.append(String.format("%-" + widths[0] + "s   %-" + widths[1] + "s   %" + widths[2] + "s%n", row[0],
                    row[1], row[2]));
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
}
