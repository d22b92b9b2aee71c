package dev.adjoint.nn.layer;

/**
 * The null checks of a layer's configuration, one wording for every layer: a null argument is a
 * {@link NullPointerException} naming the layer by its type and, once it has one, its name, then the argument,
 * {@code "Dense 'encoder': activation is null; use new Linear() for none"}. The layers call it from their
 * constructors, which every wither goes through; a user's layer may call it the same way.
 */
public final class LayerArguments {

    private LayerArguments() {
    }

    /**
     * The layer as messages name it: {@code type} alone ({@code "Dense"}) while it has no name, else
     * {@code type 'name'} ({@code "Dense 'encoder'"}).
     *
     * @param type the layer's class name as Keras spells it, e.g. {@code "Conv2D"}
     * @param name the layer's name, or null
     */
    public static String describe(String type, String name) {
        return name == null ? type : type + " '" + name + "'";
    }

    /**
     * {@code value}, when it is not null.
     *
     * @param value the argument
     * @param type the layer's class name, e.g. {@code "Dense"}
     * @param name the layer's name, or null
     * @param argument the argument's name as its wither spells it, e.g. {@code "activation"}
     * @throws NullPointerException {@code "Dense 'encoder': activation is null"} when {@code value} is null
     */
    public static <T> T nonNull(T value, String type, String name, String argument) {
        if (value == null) {
            throw new NullPointerException(describe(type, name) + ": " + argument + " is null");
        }
        return value;
    }

    /**
     * {@code value}, when it is not null; the message of a null ends with {@code hint}, what to pass instead
     * ({@code "use new Linear() for none"}).
     *
     * @throws NullPointerException {@code "Dense: activation is null; use new Linear() for none"} when
     *     {@code value} is null
     */
    public static <T> T nonNull(T value, String type, String name, String argument, String hint) {
        if (value == null) {
            throw new NullPointerException(describe(type, name) + ": " + argument + " is null; " + hint);
        }
        return value;
    }

    /**
     * {@code value} as a list, when it is not null, for a wither taking its entries as varargs
     * ({@code strides(int...)}).
     *
     * @throws NullPointerException {@code "Conv2D 'c': strides is null"} when {@code values} is null
     */
    public static java.util.List<Integer> list(int[] values, String type, String name, String argument) {
        nonNull(values, type, name, argument);
        java.util.List<Integer> out = new java.util.ArrayList<>(values.length);
        for (int v : values) {
            out.add(v);
        }
        return out;
    }
}
