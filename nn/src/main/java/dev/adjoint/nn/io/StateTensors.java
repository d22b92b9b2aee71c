package dev.adjoint.nn.io;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.layer.ParamSpec;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.ModelState;
import dev.adjoint.optim.Optimizer;
import io.vavr.collection.LinkedHashMap;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A {@link ModelState} as named tensors and back: parameter {@code p} is the tensor {@code params/p}
 * ({@code params/dense/kernel}), slot {@code s} of its optimizer state is {@code optimizer/p/s}
 * ({@code optimizer/dense/kernel/m}): the state's own names with a prefix. The step is in the JSON document.
 */
final class StateTensors {

    /** Prefix of parameter tensors. */
    static final String PARAMS = "params/";
    /** Prefix of optimizer-state tensors. */
    static final String OPTIMIZER = "optimizer/";

    private StateTensors() {
    }

    /** The tensors of {@code state}. */
    static Map<String, Tensor> of(ModelState state) {
        Map<String, Tensor> out = new java.util.LinkedHashMap<>();
        state.params().forEach(p -> out.put(PARAMS + p._1, p._2));
        state.optimizer().forEach(s -> out.put(OPTIMIZER + s._1, s._2));
        return out;
    }

    /**
     * The state held by {@code tensors} for {@code model}, checked name by name against the model's
     * parameters and, when {@code optimizer} is not null, its state slots; every tensor must be used.
     *
     * @throws ModelFileException naming the first tensor that is missing, extra, or of the wrong type
     */
    static ModelState restore(Path file, Map<String, Tensor> tensors, Model model, Optimizer optimizer, long step)
            throws ModelFileException {
        Set<String> used = new HashSet<>();
        LinkedHashMap<String, Tensor> params = LinkedHashMap.empty();
        for (Map.Entry<String, ParamSpec> e : model.inference().specs().entrySet()) {
            String name = PARAMS + e.getKey();
            params = params.put(e.getKey(), take(file, tensors, name, e.getValue().dtypeIn(model.dtype()),
                    e.getValue().shape(), used));
        }
        LinkedHashMap<String, Tensor> slots = LinkedHashMap.empty();
        if (optimizer != null) {
            for (String p : model.inference().trainable()) {
                Shape shape = model.inference().specs().get(p).shape();
                for (String slot : optimizer.slots()) {
                    String name = Optimizer.stateName(p, slot);
                    slots = slots.put(name, take(file, tensors, OPTIMIZER + name, model.dtype(), shape, used));
                }
            }
        }
        for (String name : tensors.keySet()) {
            if (!used.contains(name)) {
                throw new ModelFileException(file, "tensor '" + name + "'", "unexpected tensor, expected only the"
                        + " model's parameters " + model.inference().specs().keySet() + (optimizer == null ? ""
                        : " and their optimizer slots " + optimizer.slots()) + ", got this one too", null);
            }
        }
        if (step < 0 || step > ModelState.MAX_STEP) {
            throw new ModelFileException(file, "step", "the step must be in [0, 2^53], got " + step, null);
        }
        return new ModelState(params, slots, step);
    }

    private static Tensor take(Path file, Map<String, Tensor> tensors, String name, DType dtype, Shape shape,
            Set<String> used) throws ModelFileException {
        Tensor t = tensors.get(name);
        String expected = dtype.shortName() + shape;
        if (t == null) {
            throw new ModelFileException(file, "tensor '" + name + "'", "missing, expected " + expected
                    + ", got no such tensor", null);
        }
        if (t.dtype() != dtype || !t.shape().equals(shape)) {
            throw new ModelFileException(file, "tensor '" + name + "'", "wrong type, expected " + expected + ", got "
                    + t.dtype().shortName() + t.shape(), null);
        }
        used.add(name);
        return t;
    }
}
