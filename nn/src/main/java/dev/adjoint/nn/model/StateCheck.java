package dev.adjoint.nn.model;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.layer.ParamSpec;
import dev.adjoint.optim.Optimizer;
import java.util.Map;

/**
 * The checks a {@link ModelState} passes before a model takes it ({@code setState}, {@code setWeights}, {@code
 * compile} with a state): the parameters are exactly the architecture's, each of the shape and dtype its
 * {@link ParamSpec} gives in the model's dtype, and the optimizer state holds exactly {@code p/s} for every
 * trainable parameter p and slot s of the optimizer, each of its parameter's type. A failed check throws and
 * leaves the model unchanged.
 */
final class StateCheck {

    private StateCheck() {
    }

    /**
     * Checks that {@code newState} holds exactly the parameters of {@code graph}, each of its type in a model of
     * {@code dtype}, and, when {@code with} is given, exactly its optimizer's slots ({@link #optimizerState}).
     *
     * @throws IllegalArgumentException naming the first parameter or slot that differs, expected and got
     */
    static void check(ForwardGraph graph, DType dtype, ModelState newState, Compilation with) {
        Map<String, ParamSpec> specs = graph.specs();
        if (!newState.params().keySet().toJavaSet().equals(specs.keySet())) {
            throw new IllegalArgumentException("model: state must hold exactly the parameters " + specs.keySet()
                    + ", got " + newState.params().keySet().toJavaList());
        }
        for (Map.Entry<String, ParamSpec> e : specs.entrySet()) {
            paramType(dtype, "model: parameter '" + e.getKey() + "'", e.getValue(), newState.param(e.getKey()));
        }
        if (with != null) {
            optimizerState(graph, dtype, newState, with.optimizer());
        }
    }

    /**
     * Checks that {@code t} has the shape and dtype (in this model) of {@code spec}.
     *
     * @throws IllegalArgumentException {@code "<what> must be f32[2, 4], got f64[2, 4]"}
     */
    static void paramType(DType dtype, String what, ParamSpec spec, Tensor t) {
        DType expected = spec.dtypeIn(dtype);
        if (!t.shape().equals(spec.shape()) || t.dtype() != expected) {
            throw new IllegalArgumentException(what + " must be " + expected.shortName() + spec.shape() + ", got "
                    + t.dtype().shortName() + t.shape());
        }
    }

    /**
     * {@code t} as the value of a parameter of type {@code spec} in a model of {@code dtype}, converted as Keras's
     * {@code set_weights} assigns (to the variable's dtype): into a floating parameter, a floating or integer
     * tensor of the parameter's shape is cast with {@link Tensor#cast}, each value rounded to the nearest value of
     * the parameter's dtype (a float64 beyond float32's range becomes an infinity of its sign, as a cast does);
     * everything else must already be of the parameter's type.
     *
     * @throws IllegalArgumentException {@code "<what> must be f32[2, 4], got f64[3, 4]"} for another shape, a bool
     *     tensor, or a tensor of another type for an integer or bool parameter
     */
    static Tensor assignable(DType dtype, String what, ParamSpec spec, Tensor t) {
        DType expected = spec.dtypeIn(dtype);
        boolean casts = expected.isFloating() && (t.dtype().isFloating() || t.dtype().isInteger())
                && t.shape().equals(spec.shape());
        Tensor value = casts ? t.cast(expected) : t;
        paramType(dtype, what, spec, value);
        return value;
    }

    /**
     * The optimizer state holds exactly {@code p/s} for every trainable parameter {@code p} and slot
     * {@code s}, each of the parameter's type (the optimizers' contract).
     */
    static void optimizerState(ForwardGraph graph, DType dtype, ModelState newState, Optimizer optimizer) {
        java.util.Set<String> expected = new java.util.LinkedHashSet<>();
        for (String name : graph.trainable()) {
            for (String slot : optimizer.slots()) {
                expected.add(Optimizer.stateName(name, slot));
            }
        }
        if (!newState.optimizer().keySet().toJavaSet().equals(expected)) {
            throw new IllegalArgumentException("model: optimizer state must hold " + optimizer.description()
                    + "'s slots " + optimizer.slots() + " of every trainable parameter, expected " + expected + ", got "
                    + newState.optimizer().keySet().toJavaList());
        }
        for (String name : graph.trainable()) {
            Shape shape = graph.specs().get(name).shape();
            for (String slot : optimizer.slots()) {
                Tensor t = newState.slot(name, slot);
                if (t.dtype() != dtype || !t.shape().equals(shape)) {
                    throw new IllegalArgumentException("model: optimizer state '" + Optimizer.stateName(name, slot)
                            + "' must have its parameter's type " + dtype.shortName() + shape + ", got "
                            + t.dtype().shortName() + t.shape());
                }
            }
        }
    }
}
