package dev.adjoint.nn.model;

import dev.adjoint.nn.layer.Layer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The naming rule for the layers of one model, applied in the order layers are first used: an explicit name
 * is kept and must be unique, non-empty, valid Unicode and free of '/' (which separates a layer's name from its
 * weights'); an unnamed layer gets its kind, then {@code kind_1}, {@code kind_2}, ...,
 * skipping names already taken. Each name costs a constant number of set operations, so naming n layers is
 * linear in n.
 */
final class LayerNames {

    private final Set<String> taken = new HashSet<>();
    private final Map<String, Integer> kindCounts = new HashMap<>();

    /**
     * The name of a layer met for the first time.
     *
     * @throws IllegalArgumentException when its explicit name is taken, empty, contains '/' or is not valid
     *     Unicode; nothing changes
     *     then
     */
    String assign(Layer layer) {
        String name = layer.name();
        if (name != null) {
            if (name.codePoints().anyMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE)) {
                throw new IllegalArgumentException("model: a layer name must be valid Unicode (it names weights in"
                        + " files), got an unpaired surrogate in '" + name + "'");
            }
            if (name.isEmpty() || name.contains("/")) {
                throw new IllegalArgumentException("model: a layer name must be non-empty and must not contain '/'"
                        + " (it separates the layer's name from its weights' in 'dense/kernel', so 'a/b' could name"
                        + " another layer's weights, as Keras also refuses), got '" + name + "'");
            }
            if (taken.contains(name)) {
                throw new IllegalArgumentException("model: layer names must be unique, got two layers named '"
                        + name + "'");
            }
        } else {
            String kind = layer.kind();
            int n = kindCounts.merge(kind, 1, Integer::sum) - 1;
            name = n == 0 ? kind : kind + "_" + n;
            while (taken.contains(name)) {
                n = kindCounts.merge(kind, 1, Integer::sum) - 1;
                name = kind + "_" + n;
            }
        }
        taken.add(name);
        return name;
    }
}
