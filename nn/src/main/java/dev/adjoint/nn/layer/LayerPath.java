package dev.adjoint.nn.layer;

import java.util.function.Supplier;

/**
 * The path of a wrapped layer in its wrapper's errors: a shape error of the layer inside a wrapper
 * ({@link TimeDistributed}, {@link Bidirectional}) is reported from the outermost wrapper in, by kinds,
 * {@code time_distributed > bidirectional > lstm: input must be a sequence [N, T, features], got [N, 4]}, so that
 * the message names the layer of the model that refused its input and the layer inside it that said why. A named
 * layer on the path is shown as its own messages show it, by type and name ({@link LayerArguments#describe}):
 * {@code Bidirectional 'encoder' > lstm: ...}.
 */
final class LayerPath {

    private LayerPath() {
    }

    /**
     * The value of {@code check}, a question {@code outer} asks of {@code inner} (its output shapes, its
     * parameters); an {@link IllegalArgumentException} it throws comes back with the path prepended.
     */
    static <T> T within(Layer outer, Layer inner, Supplier<T> check) {
        try {
            return check.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(label(outer) + " > " + relative(inner, e.getMessage()), e);
        }
    }

    /**
     * {@code layer} as a step of the path: its kind while it has no name ({@code lstm}), else its type and name
     * ({@code LSTM 'encoder'}); a {@link Frozen} layer is shown as the layer it wraps.
     */
    static String label(Layer layer) {
        Layer shown = unfrozen(layer);
        return shown.name() == null ? shown.kind()
                : LayerArguments.describe(shown.getClass().getSimpleName(), shown.name());
    }

    private static Layer unfrozen(Layer layer) {
        Layer shown = layer;
        while (shown instanceof Frozen frozen) { // transparent: its kind, name and messages are its layer's
            shown = frozen.layer();
        }
        return shown;
    }

    /**
     * {@code message} of {@code inner} with the layer's {@link #label} as its subject: a message starting with the
     * layer's class name ({@code "LSTM: ..."}, the form of a layer's own errors) starts with its label instead
     * ({@code "lstm: ..."}, or {@code "LSTM 'encoder': ..."} for a named layer); one already starting with the
     * label (a wrapper's path, a named layer's own error) is kept; any other gets the label in front.
     */
    static String relative(Layer inner, String message) {
        String label = label(inner);
        String text = message == null ? "" : message;
        if (text.startsWith(label + " > ") || text.startsWith(label + ": ")) {
            return text;
        }
        String display = unfrozen(inner).getClass().getSimpleName() + ": ";
        return label + ": " + (text.startsWith(display) ? text.substring(display.length()) : text);
    }
}
