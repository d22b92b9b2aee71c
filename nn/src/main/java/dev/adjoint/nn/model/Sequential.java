package dev.adjoint.nn.model;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.layer.Layer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A stack of layers, each applied to the previous one's output, as Keras's {@code Sequential}:
 *
 * <pre>{@code
 * Sequential model = new Sequential(Shape.of(64));
 * model.add(Dense.of(32, new Relu()));
 * model.add(Dense.of(10));
 * model.compile(Adam.defaults(), new SparseCategoricalCrossEntropy(true), new SparseCategoricalAccuracy());
 * }</pre>
 *
 * <p>{@link #add} checks the new layer against the current output shape at once, so a mismatch is reported
 * where the layer is added.
 */
public final class Sequential extends Model {

    private final List<Layer> stack = new ArrayList<>();
    private final Set<Layer> added = Collections.newSetFromMap(new IdentityHashMap<>());
    private final LayerNames names = new LayerNames();
    private Shape top;
    private String topName;

    /** A float32 stack for examples of shape {@code inputFeatures}, seed 0. */
    public Sequential(Shape inputFeatures) {
        this(inputFeatures, DType.FLOAT32, 0);
    }

    /** A stack for examples of shape {@code inputFeatures} in {@code dtype}, weights from {@code seed}. */
    public Sequential(Shape inputFeatures, DType dtype, long seed) {
        super(inputFeatures, dtype, seed);
        top = inputShape();
    }

    /**
     * Adds a layer on top. The layer is checked alone, applied to an input of the current output shape, so
     * adding n layers costs time linear in n; the model's graph is built once, when first needed.
     *
     * @return this model
     * @throws IllegalArgumentException if the layer does not accept the current output shape (the layer's message,
     *     then which layer of the model it would have been and the shape it was given), was added before, or
     *     has the name of another layer; the model is then unchanged
     * @throws IllegalStateException while a {@code fit} of this model is running (e.g. called from one of its
     *     callbacks); the model is then unchanged
     */
    public synchronized Sequential add(Layer layer) {
        Objects.requireNonNull(layer, "add: layer is null");
        refuseDuringFit("add", "the running fit's step was compiled for the layers it started with");
        if (added.contains(layer)) {
            int position = 0;
            while (stack.get(position) != layer) {
                position++;
            }
            throw new IllegalArgumentException("Sequential: each layer can be added once, got the layer at"
                    + " position " + position + " again; add a new instance, or share weights in a Functional"
                    + " model");
        }
        Shape output;
        try {
            output = ForwardGraph.build((x, layers) -> layers.apply(layer, x), top, dtype(), false, null).output()
                    .shape();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (adding layer " + (stack.size() + 1) + " of the"
                    + " Sequential model, " + (stack.isEmpty() ? "onto its input " : "after '" + topName + "' of"
                    + " output ") + top + ")", e);
        }
        topName = names.assign(layer);
        stack.add(layer);
        added.add(layer);
        top = output;
        architectureChanged();
        return this;
    }

    /** The layers, bottom first. */
    public synchronized List<Layer> stack() {
        return List.copyOf(stack);
    }

    @Override
    protected Architecture architecture() {
        List<Layer> layers = List.copyOf(stack);
        return (Node x, Layers applier) -> {
            Node h = x;
            for (Layer layer : layers) {
                h = applier.apply(layer, h);
            }
            return h;
        };
    }
}
