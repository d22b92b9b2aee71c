package dev.adjoint.nn.model;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import java.util.Objects;

/**
 * A model whose layers form any graph, not only a stack, as Keras's functional API: skip connections,
 * shared layers, branches that merge.
 *
 * <pre>{@code
 * Dense hidden = Dense.of(32, new Tanh());
 * Functional model = new Functional(Shape.of(8), DType.FLOAT64, 1, (x, layers) -> {
 *     Node h = layers.apply(hidden, x);
 *     Node g = layers.apply(Dense.of(32, new Relu()), h);
 *     return layers.apply(Dense.of(1), h.add(g));      // a residual connection
 * });
 * }</pre>
 */
public final class Functional extends Model {

    private final Architecture architecture;

    /**
     * @param inputFeatures the shape of one example, without the batch axis
     * @param dtype the dtype of weights and computation
     * @param seed drives weight initialization
     * @param architecture applies the layers
     */
    public Functional(Shape inputFeatures, DType dtype, long seed, Architecture architecture) {
        super(inputFeatures, dtype, seed);
        this.architecture = Objects.requireNonNull(architecture, "architecture is null");
        inference(); // builds the graph once, so that a faulty architecture fails here
    }

    @Override
    protected Architecture architecture() {
        return architecture;
    }
}
