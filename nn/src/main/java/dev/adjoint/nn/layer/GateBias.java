package dev.adjoint.nn.layer;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.init.Initializer;

/**
 * The bias of a gated cell whose gate {@code gate} (of {@code units} entries) starts from its own initializer,
 * the others from the layer's: Keras's {@code unit_forget_bias}, the LSTM forget gate's bias starting at 1.
 *
 * @param others draws the whole bias first
 * @param units the size of one gate
 * @param gate which gate is drawn apart
 * @param special draws that gate
 */
record GateBias(Initializer others, int units, int gate, Initializer special) implements Initializer {

    @Override
    public Tensor initialize(Key key, Shape shape, DType dtype) {
        double[] all = others.initialize(key, shape, dtype).toDoubleArray();
        double[] part = special.initialize(key.fold(1), Shape.of(units), dtype).toDoubleArray();
        System.arraycopy(part, 0, all, gate * units, units);
        return Tensor.of(dtype, shape, all);
    }

    @Override
    public String name() {
        return others.name();
    }
}
