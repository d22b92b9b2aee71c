package dev.adjoint.nn.layer;

import java.util.function.Supplier;

/**
 * The path of a wrapped layer in its wrapper's errors: a shape error of the layer inside a wrapper
 * ({@link TimeDistributed}, {@link Bidirectional}) is reported from the outermost wrapper in, by kinds,
 * {@code time_distributed > bidirectional > lstm: input must be a sequence [N, T, features], got [N, 4]}, so that
 * the message names the layer of the model that refused its input and the layer inside it that said why.
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
            throw new IllegalArgumentException(outer.kind() + " > " + relative(inner, e.getMessage()), e);
        }
    }

    /**
     * {@code message} of {@code inner} with the layer's kind as its subject: a message starting with the layer's
     * class name ({@code "LSTM: ..."}, the form of a layer's own errors) starts with its kind instead
     * ({@code "lstm: ..."}); one already starting with the kind (a wrapper's path) is kept; any other gets the kind
     * in front.
     */
    static String relative(Layer inner, String message) {
        String kind = inner.kind();
        String text = message == null ? "" : message;
        if (text.startsWith(kind + " > ") || text.startsWith(kind + ": ")) {
            return text;
        }
        Layer named = inner;
        while (named instanceof Frozen frozen) { // transparent: the message is its layer's
            named = frozen.layer();
        }
        String display = named.getClass().getSimpleName() + ": ";
        return kind + ": " + (text.startsWith(display) ? text.substring(display.length()) : text);
    }
}
