package dev.adjoint.nn.model;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.layer.Layer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

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

    /** A float32 stack for examples of shape {@code inputFeatures}, seed 0. */
    public Sequential(Shape inputFeatures) {
        this(inputFeatures, DType.FLOAT32, 0);
    }

    /** A stack for examples of shape {@code inputFeatures} in {@code dtype}, weights from {@code seed}. */
    public Sequential(Shape inputFeatures, DType dtype, long seed) {
        super(inputFeatures, dtype, seed);
    }

    /**
     * Adds a layer on top.
     *
     * @return this model
     * @throws IllegalArgumentException if the layer does not accept the current output shape; the model is
     *     then unchanged
     */
    public synchronized Sequential add(Layer layer) {
        Objects.requireNonNull(layer, "add: layer is null");
        for (int i = 0; i < stack.size(); i++) {
            if (stack.get(i) == layer) {
                throw new IllegalArgumentException("Sequential: each layer can be added once, got the layer at"
                        + " position " + i + " again; add a new instance, or share weights in a Functional model");
            }
        }
        stack.add(layer);
        try {
            architectureChanged();
        } catch (RuntimeException e) {
            stack.remove(stack.size() - 1);
            architectureChanged();
            throw e;
        }
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
